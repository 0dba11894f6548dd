import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The academy's first schema: cities and their people, the catalogue, programmes,
 * sessions and attendance, decisions and certificates, and the audit trail.
 * Business rules that must hold under concurrency are constraints here, not only code.
 */
export class CreateAcademySchema1763798400000 implements MigrationInterface {
  name = 'CreateAcademySchema1763798400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        issuer text NOT NULL,
        default_language text NOT NULL DEFAULT 'en',
        timezone text NOT NULL DEFAULT 'UTC',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_cities_code UNIQUE (code)
      );

      CREATE TABLE departments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        city_id uuid NOT NULL REFERENCES cities(id),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_departments_city_name UNIQUE (city_id, name)
      );

      CREATE TYPE user_role AS ENUM ('learner', 'trainer', 'admin');
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        city_id uuid NOT NULL REFERENCES cities(id),
        department_id uuid REFERENCES departments(id),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        role user_role NOT NULL DEFAULT 'learner',
        language text,
        password_hash text,
        invitation_token_hash text,
        invitation_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_users_email UNIQUE (email)
      );
      CREATE INDEX ix_users_city ON users (city_id, role);
      CREATE UNIQUE INDEX uq_users_invitation ON users (invitation_token_hash) WHERE invitation_token_hash IS NOT NULL;

      CREATE TYPE module_kind AS ENUM ('introductory', 'deep-dive', 'train-the-trainer', 'audience');
      CREATE TABLE modules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9-]{1,39}$'),
        kind module_kind NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_modules_code UNIQUE (code)
      );

      CREATE TYPE material_audience AS ENUM ('learner', 'trainer');
      CREATE TABLE materials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        module_id uuid NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
        audience material_audience NOT NULL,
        slug text NOT NULL,
        title text NOT NULL,
        format text NOT NULL,
        body text NOT NULL,
        url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_materials_module_slug UNIQUE (module_id, slug)
      );

      CREATE TYPE delivery_mode AS ENUM ('online', 'in-person', 'hybrid', 'self-paced');
      CREATE TYPE programme_status AS ENUM ('open', 'closed');
      CREATE TABLE programmes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        city_id uuid NOT NULL REFERENCES cities(id),
        code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
        title text NOT NULL,
        rule_set text NOT NULL,
        period_start date,
        period_end date,
        languages text[] NOT NULL DEFAULT '{en}',
        delivery_mode delivery_mode NOT NULL DEFAULT 'online',
        timezone text NOT NULL DEFAULT 'UTC',
        status programme_status NOT NULL DEFAULT 'open',
        closed_at timestamptz,
        close_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_programmes_city_code UNIQUE (city_id, code),
        CONSTRAINT ck_programmes_period CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
      );

      CREATE TABLE programme_modules (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        module_id uuid NOT NULL REFERENCES modules(id),
        position integer NOT NULL,
        PRIMARY KEY (programme_id, module_id)
      );

      CREATE TABLE enrolments (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        revision integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_enrolments PRIMARY KEY (programme_id, user_id)
      );
      CREATE INDEX ix_enrolments_user ON enrolments (user_id);

      CREATE TYPE session_mode AS ENUM ('online', 'in-person', 'hybrid');
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        module_id uuid NOT NULL REFERENCES modules(id),
        title text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        timezone text NOT NULL,
        local_date date NOT NULL,
        mode session_mode NOT NULL DEFAULT 'online',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_sessions_interval CHECK (ends_at IS NULL OR ends_at > starts_at)
      );
      CREATE INDEX ix_sessions_programme_module_date ON sessions (programme_id, module_id, local_date);

      CREATE TYPE trainer_role AS ENUM ('lead', 'co-facilitator');
      CREATE TABLE session_trainers (
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        role trainer_role NOT NULL,
        PRIMARY KEY (session_id, user_id)
      );
      CREATE INDEX ix_session_trainers_user ON session_trainers (user_id);

      CREATE TYPE attendance_status AS ENUM ('present', 'late', 'excused', 'absent');
      CREATE TABLE attendance (
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        status attendance_status NOT NULL,
        minutes integer CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
        source text NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, user_id)
      );

      CREATE TABLE attendance_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        sha256 text NOT NULL,
        rows integer NOT NULL,
        created integer NOT NULL,
        updated integer NOT NULL,
        unchanged integer NOT NULL,
        errors jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        rule_set text NOT NULL,
        revision integer NOT NULL,
        awards jsonb NOT NULL,
        attended_modules text[] NOT NULL,
        explanation text[] NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ix_decisions_programme_user ON decisions (programme_id, user_id, decided_at DESC);

      CREATE TYPE certificate_kind AS ENUM ('completion', 'attendance', 'trainer');
      CREATE TYPE certificate_status AS ENUM ('valid', 'revoked', 'superseded');
      CREATE TABLE certificates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        programme_id uuid NOT NULL REFERENCES programmes(id),
        user_id uuid NOT NULL REFERENCES users(id),
        decision_id uuid NOT NULL REFERENCES decisions(id),
        kind certificate_kind NOT NULL,
        scope text NOT NULL,
        slot text NOT NULL,
        status certificate_status NOT NULL DEFAULT 'valid',
        language text NOT NULL,
        holder_name text NOT NULL,
        modules jsonb NOT NULL,
        sha256 text NOT NULL,
        issued_at timestamptz NOT NULL,
        -- Deferred: the superseding certificate is written after the old one steps aside.
        superseded_by uuid REFERENCES certificates(id) DEFERRABLE INITIALLY DEFERRED,
        revoked_at timestamptz,
        revoked_reason text,
        CONSTRAINT uq_certificates_code UNIQUE (code)
      );
      -- One active certificate per learner, programme and slot (scope + track): a retried or
      -- duplicated job, a second close or two workers cannot issue a second one.
      CREATE UNIQUE INDEX uq_certificates_one_valid_per_slot
        ON certificates (programme_id, user_id, slot) WHERE status = 'valid';
      CREATE INDEX ix_certificates_programme ON certificates (programme_id, issued_at, id);
      CREATE INDEX ix_certificates_user ON certificates (user_id);

      CREATE TABLE certificate_documents (
        certificate_id uuid PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
        content_type text NOT NULL DEFAULT 'application/pdf',
        content bytea NOT NULL
      );
      -- PDFs are already deflated: storing them out of line without another compression
      -- pass saves PostgreSQL CPU on every issue.
      ALTER TABLE certificate_documents ALTER COLUMN content SET STORAGE EXTERNAL;

      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        city_id uuid REFERENCES cities(id),
        actor_id uuid REFERENCES users(id),
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ix_audit_entity ON audit_events (entity, entity_id, at);
      CREATE INDEX ix_audit_city_at ON audit_events (city_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_events, certificate_documents, certificates, decisions, attendance_imports,
        attendance, session_trainers, sessions, enrolments, programme_modules, programmes,
        materials, modules, users, departments, cities;
      DROP TYPE certificate_status, certificate_kind, attendance_status, trainer_role, session_mode,
        programme_status, delivery_mode, material_audience, module_kind, user_role;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dublin's programme shape: modules for a given audience (staff, youth, residents), the
 * learner's audience and optional, consented demographics; session capacity; evidence
 * learners submit for review; and rule sets kept as versioned data.
 */
export class AddAudiencesEvidenceAndRuleSetVersions1763884800000 implements MigrationInterface {
  name = 'AddAudiencesEvidenceAndRuleSetVersions1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE learner_audience AS ENUM ('staff', 'youth', 'resident');
      ALTER TABLE modules ADD COLUMN audience learner_audience;

      ALTER TABLE users
        ADD COLUMN audience learner_audience NOT NULL DEFAULT 'staff',
        ADD COLUMN school text,
        ADD COLUMN deis_school boolean,
        ADD COLUMN gender text,
        ADD COLUMN demographics_consent_at timestamptz,
        -- Self-described gender is kept only with consent.
        ADD CONSTRAINT ck_users_gender_consent CHECK (gender IS NULL OR demographics_consent_at IS NOT NULL);

      ALTER TABLE sessions
        ADD COLUMN capacity integer CHECK (capacity IS NULL OR capacity > 0),
        -- In-person check-in: the secret the rotating codes derive from, and when the
        -- trainer opened and closed it.
        ADD COLUMN checkin_secret text,
        ADD COLUMN checkin_opened_at timestamptz,
        ADD COLUMN checkin_closed_at timestamptz;
      -- The modules a learner is enrolled in, when not all of the programme's.
      ALTER TABLE enrolments ADD COLUMN module_codes text[];

      -- Declared priority criteria for selecting applicants when a module's sessions are
      -- oversubscribed, e.g. [{"attribute":"gender","value":"female","minShare":0.5,"label":"girls"}].
      ALTER TABLE programme_modules ADD COLUMN selection_criteria jsonb NOT NULL DEFAULT '[]';

      CREATE TYPE application_status AS ENUM ('applied', 'selected', 'waiting', 'withdrawn');
      CREATE TABLE applications (
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        status application_status NOT NULL DEFAULT 'applied',
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, user_id)
      );
      -- Each selection keeps its seed and full result, so anyone can recompute it.
      CREATE TABLE selection_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seed text NOT NULL,
        result jsonb NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ix_selection_runs_session ON selection_runs (session_id, created_at DESC);

      CREATE TYPE submission_status AS ENUM ('submitted', 'accepted', 'returned');
      CREATE TABLE submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        module_id uuid REFERENCES modules(id),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z-]{1,39}$'),
        body text,
        url text,
        file_name text,
        content_type text,
        content bytea,
        status submission_status NOT NULL DEFAULT 'submitted',
        reviewer_id uuid REFERENCES users(id),
        review_comment text,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        reviewed_at timestamptz,
        CONSTRAINT ck_submissions_has_content CHECK (body IS NOT NULL OR url IS NOT NULL OR content IS NOT NULL)
      );
      CREATE INDEX ix_submissions_programme_user ON submissions (programme_id, user_id);

      CREATE TABLE rule_set_versions (
        rule_set text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        city_id uuid REFERENCES cities(id),
        definition jsonb NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_set, version)
      );
      ALTER TABLE programmes ADD COLUMN rule_set_version integer;
      ALTER TABLE decisions ADD COLUMN rule_set_version integer;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE decisions DROP COLUMN rule_set_version;
      ALTER TABLE programmes DROP COLUMN rule_set_version;
      DROP TABLE rule_set_versions, submissions, selection_runs, applications;
      DROP TYPE application_status;
      ALTER TABLE programme_modules DROP COLUMN selection_criteria;
      DROP TYPE submission_status;
      ALTER TABLE enrolments DROP COLUMN module_codes;
      ALTER TABLE sessions DROP COLUMN capacity, DROP COLUMN checkin_secret, DROP COLUMN checkin_opened_at,
        DROP COLUMN checkin_closed_at;
      ALTER TABLE users DROP CONSTRAINT ck_users_gender_consent,
        DROP COLUMN demographics_consent_at, DROP COLUMN gender, DROP COLUMN deis_school,
        DROP COLUMN school, DROP COLUMN audience;
      ALTER TABLE modules DROP COLUMN audience;
      DROP TYPE learner_audience;
    `);
  }
}

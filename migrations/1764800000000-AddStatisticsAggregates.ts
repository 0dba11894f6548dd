import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics served from per-programme aggregates ("cells") instead of counting a million
 * attendance rows per request.
 *
 * - `stats_changes`: one row per statement that changed something a programme's figures
 *   depend on (attendance, enrolments, sessions and their trainers, certificates, lessons
 *   done, knowledge checks, a person's department or consented demographics, the
 *   programme's modules or rule-set version, a published rule-set version). Statement-level
 *   triggers write it, insert-only, so concurrent check-ins never wait on each other.
 * - `stats_snapshots` + `stats_*_cells`: the figures of a programme as of its last refresh.
 *   A refresh deletes the change rows its own transaction saw and rewrites the cells in the
 *   same transaction; a change committed meanwhile leaves its row, so "no change row for the
 *   programme" means exactly "the cells are current".
 * - `platform` joins the roles (the coalition's academy team).
 */
export class AddStatisticsAggregates1764800000000 implements MigrationInterface {
  name = 'AddStatisticsAggregates1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE user_role ADD VALUE IF NOT EXISTS 'platform'`);
    await q.query(`
      CREATE TABLE stats_changes (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        changed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ix_stats_changes_programme ON stats_changes (programme_id, changed_at);

      CREATE TABLE stats_snapshots (
        programme_id uuid PRIMARY KEY REFERENCES programmes(id) ON DELETE CASCADE,
        refreshed_at timestamptz NOT NULL,
        refresh_ms integer NOT NULL,
        rule_set text NOT NULL,
        rule_set_version integer NOT NULL,
        modules jsonb NOT NULL,
        enrolled integer NOT NULL
      );

      -- Enrolled learners by department, number of modules attended and whether they hold a
      -- valid completion certificate.
      CREATE TABLE stats_learner_cells (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        department_id uuid,
        modules_attended integer NOT NULL,
        completed boolean NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX ix_stats_learner_cells ON stats_learner_cells (programme_id);

      -- Enrolled learners who attended a module, by department.
      CREATE TABLE stats_module_cells (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        department_id uuid,
        module_id uuid NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX ix_stats_module_cells ON stats_module_cells (programme_id);

      -- Enrolled learners who consented to give demographics, by department, gender and DEIS school.
      CREATE TABLE stats_demographic_cells (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        department_id uuid,
        gender text,
        deis_school boolean,
        n integer NOT NULL
      );
      CREATE INDEX ix_stats_demographic_cells ON stats_demographic_cells (programme_id);

      -- Participant records per session (enrolled in the session's module, not delivering it).
      CREATE TABLE stats_session_cells (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        session_id uuid NOT NULL,
        module_id uuid NOT NULL,
        local_date date NOT NULL,
        present integer NOT NULL,
        late integer NOT NULL,
        excused integer NOT NULL,
        absent integer NOT NULL,
        counted integer NOT NULL
      );
      CREATE INDEX ix_stats_session_cells ON stats_session_cells (programme_id, local_date);

      -- Certificates by the holder's department, kind, status and local issue date (city's timezone).
      CREATE TABLE stats_certificate_cells (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        department_id uuid,
        kind certificate_kind NOT NULL,
        status certificate_status NOT NULL,
        issued_on date NOT NULL,
        n integer NOT NULL
      );
      CREATE INDEX ix_stats_certificate_cells ON stats_certificate_cells (programme_id, issued_on);

      -- People who delivered sessions: sessions led and co-facilitated, by session date.
      CREATE TABLE stats_trainer_cells (
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        local_date date NOT NULL,
        led integer NOT NULL,
        cofacilitated integer NOT NULL
      );
      CREATE INDEX ix_stats_trainer_cells ON stats_trainer_cells (programme_id, local_date);

      -- The change log's writers: one row per statement and programme touched.
      CREATE FUNCTION stats_changed_by_session() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO stats_changes (programme_id)
          SELECT DISTINCT s.programme_id FROM changed_old c JOIN sessions s ON s.id = c.session_id;
        ELSE
          INSERT INTO stats_changes (programme_id)
          SELECT DISTINCT s.programme_id FROM changed_new c JOIN sessions s ON s.id = c.session_id;
        END IF;
        RETURN NULL;
      END $$;

      CREATE FUNCTION stats_changed_by_programme() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO stats_changes (programme_id)
          SELECT DISTINCT c.programme_id FROM changed_old c WHERE EXISTS (SELECT 1 FROM programmes p WHERE p.id = c.programme_id);
        ELSE
          INSERT INTO stats_changes (programme_id) SELECT DISTINCT c.programme_id FROM changed_new c;
        END IF;
        RETURN NULL;
      END $$;

      CREATE FUNCTION stats_changed_by_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO stats_changes (programme_id)
          SELECT DISTINCT e.programme_id FROM changed_old c JOIN enrolments e ON e.user_id = c.user_id;
        ELSE
          INSERT INTO stats_changes (programme_id)
          SELECT DISTINCT e.programme_id FROM changed_new c JOIN enrolments e ON e.user_id = c.user_id;
        END IF;
        RETURN NULL;
      END $$;

      CREATE FUNCTION stats_changed_by_person() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_changes (programme_id)
        SELECT DISTINCT e.programme_id FROM changed_new c JOIN changed_old o ON o.id = c.id
          JOIN enrolments e ON e.user_id = c.id
         WHERE (c.department_id, c.gender, c.deis_school, c.demographics_consent_at)
               IS DISTINCT FROM (o.department_id, o.gender, o.deis_school, o.demographics_consent_at);
        RETURN NULL;
      END $$;

      CREATE FUNCTION stats_changed_by_rule_set() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_changes (programme_id)
        SELECT DISTINCT p.id FROM changed_new c JOIN programmes p ON p.city_id = c.city_id AND p.rule_set = c.rule_set
         WHERE p.rule_set_version IS NULL;
        RETURN NULL;
      END $$;

      CREATE FUNCTION stats_changed_programme_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_changes (programme_id)
        SELECT c.id FROM changed_new c JOIN changed_old o ON o.id = c.id
         WHERE (c.rule_set, c.rule_set_version) IS DISTINCT FROM (o.rule_set, o.rule_set_version);
        RETURN NULL;
      END $$;
    `);
    const triggers: [table: string, fn: string, events: ('INSERT' | 'UPDATE' | 'DELETE')[]][] = [
      ['attendance', 'stats_changed_by_session', ['INSERT', 'UPDATE', 'DELETE']],
      ['session_trainers', 'stats_changed_by_session', ['INSERT', 'UPDATE', 'DELETE']],
      ['sessions', 'stats_changed_by_programme', ['INSERT', 'UPDATE', 'DELETE']],
      ['enrolments', 'stats_changed_by_programme', ['INSERT', 'UPDATE', 'DELETE']],
      ['programme_modules', 'stats_changed_by_programme', ['INSERT', 'UPDATE', 'DELETE']],
      ['certificates', 'stats_changed_by_programme', ['INSERT', 'UPDATE', 'DELETE']],
      ['lesson_progress', 'stats_changed_by_user', ['INSERT', 'UPDATE', 'DELETE']],
      ['check_attempts', 'stats_changed_by_user', ['INSERT', 'UPDATE', 'DELETE']],
      ['users', 'stats_changed_by_person', ['UPDATE']],
      ['rule_set_versions', 'stats_changed_by_rule_set', ['INSERT']],
      ['programmes', 'stats_changed_programme_row', ['UPDATE']],
    ];
    for (const [table, fn, events] of triggers) {
      for (const event of events) {
        const referencing =
          event === 'INSERT' ? 'NEW TABLE AS changed_new'
          : event === 'DELETE' ? 'OLD TABLE AS changed_old'
          : 'OLD TABLE AS changed_old NEW TABLE AS changed_new';
        await q.query(
          `CREATE TRIGGER tr_stats_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
             REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['attendance', 'session_trainers', 'sessions', 'enrolments', 'programme_modules', 'certificates',
      'lesson_progress', 'check_attempts', 'users', 'rule_set_versions', 'programmes']) {
      for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS tr_stats_${table}_${event} ON ${table}`);
    }
    await q.query(`
      DROP FUNCTION stats_changed_by_session(), stats_changed_by_programme(), stats_changed_by_user(),
        stats_changed_by_person(), stats_changed_by_rule_set(), stats_changed_programme_row();
      DROP TABLE stats_trainer_cells, stats_certificate_cells, stats_session_cells, stats_demographic_cells,
        stats_module_cells, stats_learner_cells, stats_snapshots, stats_changes;
    `);
    // An enum value cannot be dropped; 'platform' stays (unused) in user_role.
  }
}

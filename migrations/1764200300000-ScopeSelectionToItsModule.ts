import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A selection enrols the selected in the session's module only, and a later run replaces
 * what an earlier one did:
 *
 * - `enrolments.selected_modules`: the modules an enrolment holds because a selection gave
 *   the person a place, so losing the place (a re-run, a withdrawal) takes that module back;
 *   an administrator enrolling the person explicitly empties it (their choice stands).
 *   Selections before this migration enrolled people in every module; those enrolments are
 *   left as they are (nothing says whether an administrator meant them).
 * - `selection_runs` are numbered per session (`run_no`), say what produced them (`kind`:
 *   the selection itself or a withdrawal that promoted from the waiting list), why
 *   (`reason`, optional) and which run they replace, so the selection report shows them all.
 */
export class ScopeSelectionToItsModule1764200300000 implements MigrationInterface {
  name = 'ScopeSelectionToItsModule1764200300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE enrolments ADD COLUMN selected_modules text[] NOT NULL DEFAULT '{}';

      ALTER TABLE selection_runs
        ADD COLUMN run_no integer,
        ADD COLUMN kind text NOT NULL DEFAULT 'selection' CONSTRAINT ck_selection_runs_kind CHECK (kind IN ('selection', 'withdrawal')),
        ADD COLUMN reason text CONSTRAINT ck_selection_runs_reason CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
        ADD COLUMN replaces uuid REFERENCES selection_runs(id) ON DELETE SET NULL;
      UPDATE selection_runs r
         SET run_no = n.run_no,
             kind = CASE WHEN jsonb_array_length(COALESCE(r.result -> 'withdrawn', '[]')) > 0 THEN 'withdrawal' ELSE 'selection' END,
             replaces = n.previous
        FROM (SELECT id, row_number() OVER w AS run_no, lag(id) OVER w AS previous
                FROM selection_runs WINDOW w AS (PARTITION BY session_id ORDER BY created_at, id)) n
       WHERE n.id = r.id;
      ALTER TABLE selection_runs ALTER COLUMN run_no SET NOT NULL;
      ALTER TABLE selection_runs ADD CONSTRAINT uq_selection_runs_number UNIQUE (session_id, run_no);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE selection_runs DROP CONSTRAINT uq_selection_runs_number, DROP COLUMN replaces, DROP COLUMN reason,
        DROP COLUMN kind, DROP COLUMN run_no;
      ALTER TABLE enrolments DROP COLUMN selected_modules;
    `);
  }
}

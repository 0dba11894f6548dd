import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics' change log costs a check-in less.
 *
 * - `stats_changes` loses its foreign key to `programmes`: every check-in wrote a change row,
 *   and checking the key share-locked the one programme row of a full room from every
 *   concurrent check-in. The log is only read per programme, and a deleted programme's rows
 *   are removed by a trigger on `programmes` instead of the cascade.
 * - An update of `enrolments` marks its programme changed only when a column the figures read
 *   changes (who, which modules, since when). A check-in and every other attendance change
 *   also bump the enrolment's `revision` (and `decision_due`), which no figure reads; the
 *   attendance change has marked the programme itself.
 */
export class LightenTheStatisticsChangeLog1765000000000 implements MigrationInterface {
  name = 'LightenTheStatisticsChangeLog1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE stats_changes DROP CONSTRAINT stats_changes_programme_id_fkey;

      CREATE FUNCTION stats_changes_of_deleted_programmes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM stats_changes WHERE programme_id IN (SELECT id FROM changed_old);
        RETURN NULL;
      END $$;
      CREATE TRIGGER tr_stats_changes_programmes_delete AFTER DELETE ON programmes
        REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION stats_changes_of_deleted_programmes();

      -- Rows whose read columns differ, on either side (an updated key appears on both).
      CREATE FUNCTION stats_changed_by_enrolment_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_changes (programme_id)
        SELECT DISTINCT programme_id FROM (
          (SELECT programme_id, user_id, module_codes, selected_modules, created_at FROM changed_new
           EXCEPT SELECT programme_id, user_id, module_codes, selected_modules, created_at FROM changed_old)
          UNION ALL
          (SELECT programme_id, user_id, module_codes, selected_modules, created_at FROM changed_old
           EXCEPT SELECT programme_id, user_id, module_codes, selected_modules, created_at FROM changed_new)
        ) changed;
        RETURN NULL;
      END $$;
      DROP TRIGGER tr_stats_enrolments_update ON enrolments;
      CREATE TRIGGER tr_stats_enrolments_update AFTER UPDATE ON enrolments
        REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT
        EXECUTE FUNCTION stats_changed_by_enrolment_update();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER tr_stats_enrolments_update ON enrolments;
      CREATE TRIGGER tr_stats_enrolments_update AFTER UPDATE ON enrolments
        REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT
        EXECUTE FUNCTION stats_changed_by_programme();
      DROP FUNCTION stats_changed_by_enrolment_update();
      DROP TRIGGER tr_stats_changes_programmes_delete ON programmes;
      DROP FUNCTION stats_changes_of_deleted_programmes();
      DELETE FROM stats_changes c WHERE NOT EXISTS (SELECT 1 FROM programmes p WHERE p.id = c.programme_id);
      ALTER TABLE stats_changes ADD CONSTRAINT stats_changes_programme_id_fkey
        FOREIGN KEY (programme_id) REFERENCES programmes(id) ON DELETE CASCADE;
    `);
  }
}

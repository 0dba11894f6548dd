import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics' change log also hears of changes to what a module asks of self-paced
 * learners: its lessons, its knowledge check and a city's switch to its own variant. Each
 * changes who counts as having attended the module, so every programme with the module is
 * marked changed (`stats_changes`), like an attendance change marks its programme.
 */
export class CountDefinitionChangesInStatistics1764990100000 implements MigrationInterface {
  name = 'CountDefinitionChangesInStatistics1764990100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION stats_changed_by_module() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO stats_changes (programme_id)
          SELECT DISTINCT pm.programme_id FROM changed_old c JOIN programme_modules pm ON pm.module_id = c.module_id;
        ELSE
          INSERT INTO stats_changes (programme_id)
          SELECT DISTINCT pm.programme_id FROM changed_new c JOIN programme_modules pm ON pm.module_id = c.module_id;
        END IF;
        RETURN NULL;
      END $$;
    `);
    for (const table of TABLES) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE'] as const) {
        const referencing =
          event === 'INSERT' ? 'NEW TABLE AS changed_new'
          : event === 'DELETE' ? 'OLD TABLE AS changed_old'
          : 'OLD TABLE AS changed_old NEW TABLE AS changed_new';
        await q.query(
          `CREATE TRIGGER tr_stats_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
             REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION stats_changed_by_module()`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS tr_stats_${table}_${event} ON ${table}`);
    }
    await q.query(`DROP FUNCTION stats_changed_by_module()`);
  }
}

const TABLES = ['lessons', 'knowledge_checks', 'lesson_variants'];

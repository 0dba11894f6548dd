import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One academy for many cities, run by the coalition:
 *
 * - `platform`, a role above city administrators. Its people belong to the one coalition row
 *   of `cities` (`coalition = true`), which is never listed as a city and owns no programme,
 *   so every city-scoped query keeps them out of every city's people.
 * - Modules, lessons and knowledge checks get an owner: `city_id IS NULL` is the coalition's
 *   shared catalogue, a city's id marks what that city added. Module codes are unique per
 *   owner (two cities may each have a `CITY-WALK`), so a code says nothing about another city.
 *   Dublin's audience modules become Dublin's.
 * - A city may follow its own variant of a shared module's lessons (`lesson_variants` says it
 *   does; its lessons carry its id) and its own knowledge check (a check with its id): only
 *   that city's learners see and are counted on it; everyone else keeps the shared one.
 *   `module_definitions` says which definition each city's people follow; `module_self_paced`
 *   (the one definition of self-paced progress) and the self-paced services read it.
 * - Lessons and checks of a city's own module always carry that city's id (a trigger fills it
 *   in, and refuses another), whoever inserts them.
 */
export class AddCoalitionAndCityCatalogues1764500000000 implements MigrationInterface {
  name = 'AddCoalitionAndCityCatalogues1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE user_role ADD VALUE IF NOT EXISTS 'platform'`);
    await q.query(`
      ALTER TABLE cities ADD COLUMN coalition boolean NOT NULL DEFAULT false;
      CREATE UNIQUE INDEX uq_cities_one_coalition ON cities (coalition) WHERE coalition;

      ALTER TABLE modules ADD COLUMN city_id uuid REFERENCES cities(id);
      ALTER TABLE modules DROP CONSTRAINT uq_modules_code;
      ALTER TABLE modules ADD CONSTRAINT uq_modules_owner_code UNIQUE NULLS NOT DISTINCT (city_id, code);
      CREATE INDEX ix_modules_code ON modules (code);
      -- No route created modules before this one: the audience modules are the ones Dublin's seed brought.
      UPDATE modules SET city_id = (SELECT id FROM cities WHERE code = 'DUBLIN')
       WHERE code LIKE 'DUB-%' AND EXISTS (SELECT 1 FROM cities WHERE code = 'DUBLIN');

      ALTER TABLE lessons ADD COLUMN city_id uuid REFERENCES cities(id);
      ALTER TABLE lessons DROP CONSTRAINT uq_lessons_module_position;
      ALTER TABLE lessons ADD CONSTRAINT uq_lessons_module_owner_position
        UNIQUE NULLS NOT DISTINCT (module_id, city_id, position) DEFERRABLE INITIALLY DEFERRED;

      ALTER TABLE knowledge_checks ADD COLUMN city_id uuid REFERENCES cities(id);
      ALTER TABLE knowledge_checks DROP CONSTRAINT uq_knowledge_checks_module;
      ALTER TABLE knowledge_checks ADD CONSTRAINT uq_knowledge_checks_module_owner UNIQUE NULLS NOT DISTINCT (module_id, city_id);

      UPDATE lessons l SET city_id = m.city_id FROM modules m WHERE m.id = l.module_id AND m.city_id IS NOT NULL;
      UPDATE knowledge_checks c SET city_id = m.city_id FROM modules m WHERE m.id = c.module_id AND m.city_id IS NOT NULL;

      CREATE FUNCTION owned_by_module_city() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE owner uuid;
      BEGIN
        SELECT city_id INTO owner FROM modules WHERE id = NEW.module_id;
        IF owner IS NOT NULL THEN
          IF NEW.city_id IS NULL THEN NEW.city_id := owner;
          ELSIF NEW.city_id <> owner THEN RAISE EXCEPTION 'a city''s own module has only that city''s %', TG_TABLE_NAME;
          END IF;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER tg_lessons_owner BEFORE INSERT OR UPDATE OF module_id, city_id ON lessons
        FOR EACH ROW EXECUTE FUNCTION owned_by_module_city();
      CREATE TRIGGER tg_knowledge_checks_owner BEFORE INSERT OR UPDATE OF module_id, city_id ON knowledge_checks
        FOR EACH ROW EXECUTE FUNCTION owned_by_module_city();

      CREATE TABLE lesson_variants (
        module_id uuid NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
        city_id uuid NOT NULL REFERENCES cities(id),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (module_id, city_id)
      );

      -- Which definition of a module each city's people follow, for every (module, city) that
      -- can meet: whose lessons (the owner of a city's own module; the city itself when it has
      -- its own variant of a shared one; else NULL, the shared lessons), how many there are,
      -- and which knowledge check (the city's own, else the shared one). Joins only (no
      -- subquery per row), so PostgreSQL hashes it into the set-based queries that read it.
      CREATE VIEW module_definitions AS
      SELECT m.id AS module_id, c.id AS city_id, o.owner AS lessons_owner, COALESCE(ls.n, 0) AS lessons_total,
             COALESCE(own.id, shared.id) AS check_id
        FROM modules m
        JOIN cities c ON m.city_id IS NULL OR m.city_id = c.id
        LEFT JOIN lesson_variants v ON v.module_id = m.id AND v.city_id = c.id
        CROSS JOIN LATERAL (SELECT COALESCE(m.city_id, v.city_id) AS owner) o
        -- A NULL owner (the shared lessons) compared through a sentinel, which keeps the join hashable.
        LEFT JOIN (SELECT module_id, COALESCE(city_id, '00000000-0000-0000-0000-000000000000') AS owner, count(*)::int AS n
                     FROM lessons GROUP BY 1, 2) ls
          ON ls.module_id = m.id AND ls.owner = COALESCE(o.owner, '00000000-0000-0000-0000-000000000000')
        LEFT JOIN knowledge_checks own ON own.module_id = m.id AND own.city_id = c.id
        LEFT JOIN knowledge_checks shared ON shared.module_id = m.id AND shared.city_id IS NULL;

      -- As before, per (programme, person, module) of modules with lessons, but counted on the
      -- lessons and the check the programme's city follows.
      CREATE OR REPLACE VIEW module_self_paced AS
      SELECT me.programme_id, me.user_id, me.module_id, d.lessons_total,
             (SELECT count(*)::int FROM lesson_progress p JOIN lessons x ON x.id = p.lesson_id
               WHERE p.user_id = me.user_id AND x.module_id = me.module_id
                 AND COALESCE(x.city_id, '00000000-0000-0000-0000-000000000000') = COALESCE(d.lessons_owner, '00000000-0000-0000-0000-000000000000')
             ) AS lessons_done,
             EXISTS (SELECT 1 FROM check_attempts a
                      WHERE a.check_id = d.check_id AND a.user_id = me.user_id AND a.passed) AS check_passed
        FROM module_enrolments me
        JOIN programmes pr ON pr.id = me.programme_id
        JOIN module_definitions d ON d.module_id = me.module_id AND d.city_id = pr.city_id
       WHERE d.lessons_total > 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW module_self_paced AS
      SELECT me.programme_id, me.user_id, me.module_id, l.lessons_total,
             (SELECT count(*)::int FROM lesson_progress p JOIN lessons x ON x.id = p.lesson_id
               WHERE x.module_id = me.module_id AND p.user_id = me.user_id) AS lessons_done,
             EXISTS (SELECT 1 FROM knowledge_checks c JOIN check_attempts a ON a.check_id = c.id
                      WHERE c.module_id = me.module_id AND a.user_id = me.user_id AND a.passed) AS check_passed
        FROM module_enrolments me
        JOIN (SELECT module_id, count(*)::int AS lessons_total FROM lessons GROUP BY module_id) l ON l.module_id = me.module_id;
      DROP VIEW module_definitions;
      DROP TABLE lesson_variants;
      DROP TRIGGER tg_knowledge_checks_owner ON knowledge_checks;
      DROP TRIGGER tg_lessons_owner ON lessons;
      DROP FUNCTION owned_by_module_city();
      DELETE FROM knowledge_checks WHERE city_id IS NOT NULL AND module_id IN (SELECT id FROM modules WHERE city_id IS NULL);
      DELETE FROM lessons WHERE city_id IS NOT NULL AND module_id IN (SELECT id FROM modules WHERE city_id IS NULL);
      ALTER TABLE knowledge_checks DROP CONSTRAINT uq_knowledge_checks_module_owner, DROP COLUMN city_id;
      ALTER TABLE knowledge_checks ADD CONSTRAINT uq_knowledge_checks_module UNIQUE (module_id);
      ALTER TABLE lessons DROP CONSTRAINT uq_lessons_module_owner_position, DROP COLUMN city_id;
      ALTER TABLE lessons ADD CONSTRAINT uq_lessons_module_position UNIQUE (module_id, position) DEFERRABLE INITIALLY DEFERRED;
      DROP INDEX ix_modules_code;
      ALTER TABLE modules DROP CONSTRAINT uq_modules_owner_code, DROP COLUMN city_id;
      ALTER TABLE modules ADD CONSTRAINT uq_modules_code UNIQUE (code);
      DROP INDEX uq_cities_one_coalition;
      ALTER TABLE cities DROP COLUMN coalition;
    `);
  }
}

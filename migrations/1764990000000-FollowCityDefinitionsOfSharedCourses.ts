import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brings together two rules about self-paced work that were defined one after the other:
 *
 * - each city's people follow the definition their city follows (`module_definitions`: the
 *   city's own module, its variant of a shared one, else the shared lessons and check);
 * - the coalition's seeded lessons are there to read in any programme, but they count as
 *   self-paced work only in a programme delivered self-paced; lessons written through the api
 *   (not `seeded`) make a module self-paced wherever they are followed.
 *
 * `module_definitions` gains `lessons_own` (the followed lessons include some that are not
 * seeded), and `module_self_paced` is again the per-city definition, filtered by that rule.
 */
export class FollowCityDefinitionsOfSharedCourses1764990000000 implements MigrationInterface {
  name = 'FollowCityDefinitionsOfSharedCourses1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(definitions(true));
    await q.query(selfPaced(`AND (pr.delivery_mode = 'self-paced' OR d.lessons_own)`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(selfPaced(''));
  }
}

const SHARED = `'00000000-0000-0000-0000-000000000000'`;

function definitions(withOwn: boolean): string {
  return `
    CREATE OR REPLACE VIEW module_definitions AS
    SELECT m.id AS module_id, c.id AS city_id, o.owner AS lessons_owner, COALESCE(ls.n, 0) AS lessons_total,
           COALESCE(own.id, shared.id) AS check_id${withOwn ? ', COALESCE(ls.own, false) AS lessons_own' : ''}
      FROM modules m
      JOIN cities c ON m.city_id IS NULL OR m.city_id = c.id
      LEFT JOIN lesson_variants v ON v.module_id = m.id AND v.city_id = c.id
      CROSS JOIN LATERAL (SELECT COALESCE(m.city_id, v.city_id) AS owner) o
      LEFT JOIN (SELECT module_id, COALESCE(city_id, ${SHARED}) AS owner, count(*)::int AS n, bool_or(NOT seeded) AS own
                   FROM lessons GROUP BY 1, 2) ls
        ON ls.module_id = m.id AND ls.owner = COALESCE(o.owner, ${SHARED})
      LEFT JOIN knowledge_checks own ON own.module_id = m.id AND own.city_id = c.id
      LEFT JOIN knowledge_checks shared ON shared.module_id = m.id AND shared.city_id IS NULL;`;
}

function selfPaced(filter: string): string {
  return `
    CREATE OR REPLACE VIEW module_self_paced AS
    SELECT me.programme_id, me.user_id, me.module_id, d.lessons_total,
           (SELECT count(*)::int FROM lesson_progress p JOIN lessons x ON x.id = p.lesson_id
             WHERE p.user_id = me.user_id AND x.module_id = me.module_id
               AND COALESCE(x.city_id, ${SHARED}) = COALESCE(d.lessons_owner, ${SHARED})
           ) AS lessons_done,
           EXISTS (SELECT 1 FROM check_attempts a
                    WHERE a.check_id = d.check_id AND a.user_id = me.user_id AND a.passed) AS check_passed
      FROM module_enrolments me
      JOIN programmes pr ON pr.id = me.programme_id
      JOIN module_definitions d ON d.module_id = me.module_id AND d.city_id = pr.city_id
     WHERE d.lessons_total > 0 ${filter};`;
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One definition of "enrolled in a module" and "attended a module", for the certificate job,
 * the dry run and the statistics alike (and whatever aggregates them later, set-based):
 *
 * - `module_enrolments`: a person is enrolled in a module of a programme when their enrolment
 *   covers it (all of the programme's modules, or the ones it names).
 * - `module_session_records`: the attendance that can make such a module count: their records
 *   at the sessions of that module in that programme, except sessions they delivered (as lead
 *   or co-facilitator): delivering a session is a trainer's record, not attendance.
 * - `self_paced_facts()` / `module_self_paced`: lessons done and the knowledge check, for
 *   modules that have lessons.
 * - `session_counts()`, `self_paced_done()`: the rule set's module condition (statuses, share
 *   of the session's minutes, self-paced policy), the same as `sessionCounts` and the
 *   self-paced policy of libs/rules/src/evaluate.ts; a test keeps the two equal.
 * - `attended_modules(programme, statuses, min_share, self_paced)`: every (learner, module)
 *   of a programme that counts as attended under that condition.
 */
export class DefineEnrolledAndAttended1764200100000 implements MigrationInterface {
  name = 'DefineEnrolledAndAttended1764200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW module_enrolments AS
      SELECT e.programme_id, e.user_id, pm.module_id, m.code AS module_code, pm.position
        FROM enrolments e
        JOIN programme_modules pm ON pm.programme_id = e.programme_id
        JOIN modules m ON m.id = pm.module_id
       WHERE e.module_codes IS NULL OR m.code = ANY (e.module_codes);

      CREATE VIEW module_session_records AS
      SELECT me.programme_id, me.user_id, me.module_id, s.id AS session_id, s.starts_at, a.status, a.minutes,
             round(extract(epoch FROM s.ends_at - s.starts_at) / 60) AS session_minutes
        FROM module_enrolments me
        JOIN sessions s ON s.programme_id = me.programme_id AND s.module_id = me.module_id
        JOIN attendance a ON a.session_id = s.id AND a.user_id = me.user_id
       WHERE NOT EXISTS (SELECT 1 FROM session_trainers t WHERE t.session_id = s.id AND t.user_id = me.user_id);

      -- No row when the module has no lessons (it is not self-paced).
      CREATE FUNCTION self_paced_facts(p_module uuid, p_user uuid)
      RETURNS TABLE (lessons_total int, lessons_done int, check_passed boolean)
      LANGUAGE sql STABLE AS $$
        SELECT count(*)::int, count(p.lesson_id)::int,
               EXISTS (SELECT 1 FROM knowledge_checks c JOIN check_attempts a ON a.check_id = c.id
                        WHERE c.module_id = p_module AND a.user_id = p_user AND a.passed)
          FROM lessons l LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = p_user
         WHERE l.module_id = p_module
        HAVING count(*) > 0
      $$;

      CREATE VIEW module_self_paced AS
      SELECT me.programme_id, me.user_id, me.module_id, f.lessons_total, f.lessons_done, f.check_passed
        FROM module_enrolments me
        CROSS JOIN LATERAL self_paced_facts(me.module_id, me.user_id) f;

      -- A session makes its module count: a counting status and, when both figures are known
      -- and min_share is set, at least that share of the session's minutes.
      CREATE FUNCTION session_counts(status attendance_status, minutes integer, session_minutes numeric,
                                     statuses text[], min_share numeric)
      RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT status::text = ANY (statuses)
           AND (min_share IS NULL OR minutes IS NULL OR session_minutes IS NULL OR session_minutes <= 0
                OR minutes >= min_share * session_minutes)
      $$;

      -- The self-paced part of a module is done, under the rule set's policy.
      CREATE FUNCTION self_paced_done(lessons_total integer, lessons_done integer, check_passed boolean, policy text)
      RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE COALESCE(policy, 'all-lessons-and-check')
                 WHEN 'all-lessons-and-check' THEN lessons_done >= lessons_total AND check_passed
                 WHEN 'all-lessons' THEN lessons_done >= lessons_total
                 WHEN 'check' THEN check_passed
                 ELSE false
               END
      $$;

      CREATE FUNCTION attended_modules(p_programme uuid, statuses text[], min_share numeric, self_paced text)
      RETURNS TABLE (user_id uuid, module_id uuid)
      LANGUAGE sql STABLE AS $$
        SELECT me.user_id, me.module_id
          FROM module_enrolments me
         WHERE me.programme_id = p_programme
           AND (EXISTS (SELECT 1 FROM module_session_records r
                         WHERE r.programme_id = me.programme_id AND r.user_id = me.user_id AND r.module_id = me.module_id
                           AND session_counts(r.status, r.minutes, r.session_minutes, statuses, min_share))
                OR EXISTS (SELECT 1 FROM module_self_paced sp
                            WHERE sp.programme_id = me.programme_id AND sp.user_id = me.user_id
                              AND sp.module_id = me.module_id
                              AND self_paced_done(sp.lessons_total, sp.lessons_done, sp.check_passed, self_paced)))
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION attended_modules(uuid, text[], numeric, text);
      DROP FUNCTION self_paced_done(integer, integer, boolean, text);
      DROP FUNCTION session_counts(attendance_status, integer, numeric, text[], numeric);
      DROP VIEW module_self_paced;
      DROP FUNCTION self_paced_facts(uuid, uuid);
      DROP VIEW module_session_records, module_enrolments;
    `);
  }
}

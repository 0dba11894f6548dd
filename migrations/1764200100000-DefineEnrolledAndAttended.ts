import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One definition of "enrolled in a module" and "attended a module", for the certificate job,
 * the dry run and the statistics alike (and whatever aggregates them later, set-based):
 *
 * - `module_enrolments`: a person is enrolled in a module of a programme when their enrolment
 *   covers it (all of the programme's modules, or the ones it names).
 * - `participant_attendance`: attendance records as a participant: everyone's records at the
 *   sessions of a programme, except at sessions they delivered (as lead or co-facilitator):
 *   delivering a session is a trainer's record, not attendance.
 * - `module_session_records`: the two together, the records that can make an enrolled
 *   person's module count.
 * - `module_self_paced`: lessons done and the knowledge check of an enrolled person, for
 *   modules that have lessons.
 * - `session_counts()`, `self_paced_done()`: the rule set's module condition (statuses, share
 *   of the session's minutes, self-paced policy), the same as `sessionCounts` and the
 *   self-paced policy of libs/rules/src/evaluate.ts; a test keeps the two equal.
 * - `attended_modules(programme, statuses, min_share, self_paced)`: every (person, module) of a
 *   programme that counts as attended under that condition, set-based.
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

      CREATE VIEW participant_attendance AS
      SELECT s.programme_id, s.module_id, a.user_id, s.id AS session_id, s.starts_at, a.status, a.minutes,
             round(extract(epoch FROM s.ends_at - s.starts_at) / 60) AS session_minutes
        FROM attendance a
        JOIN sessions s ON s.id = a.session_id
       WHERE NOT EXISTS (SELECT 1 FROM session_trainers t WHERE t.session_id = a.session_id AND t.user_id = a.user_id);

      CREATE VIEW module_session_records AS
      SELECT r.programme_id, r.user_id, r.module_id, r.session_id, r.starts_at, r.status, r.minutes, r.session_minutes
        FROM module_enrolments me
        JOIN participant_attendance r
          ON r.programme_id = me.programme_id AND r.module_id = me.module_id AND r.user_id = me.user_id;

      -- Only modules with lessons are self-paced; the knowledge check is passed once any attempt passed.
      CREATE VIEW module_self_paced AS
      SELECT me.programme_id, me.user_id, me.module_id, l.lessons_total,
             (SELECT count(*)::int FROM lesson_progress p JOIN lessons x ON x.id = p.lesson_id
               WHERE x.module_id = me.module_id AND p.user_id = me.user_id) AS lessons_done,
             EXISTS (SELECT 1 FROM knowledge_checks c JOIN check_attempts a ON a.check_id = c.id
                      WHERE c.module_id = me.module_id AND a.user_id = me.user_id AND a.passed) AS check_passed
        FROM module_enrolments me
        JOIN (SELECT module_id, count(*)::int AS lessons_total FROM lessons GROUP BY module_id) l ON l.module_id = me.module_id;

      -- A session makes its module count: a counting status and, when both figures are known
      -- and min_share is set, at least that share of the session's minutes (an unknown figure,
      -- or a session of no length, leaves the status alone to decide). Each argument is used
      -- once and the function is as stable as its body (an enum's text), so PostgreSQL inlines
      -- it into set-based queries.
      CREATE FUNCTION session_counts(status attendance_status, minutes integer, session_minutes numeric,
                                     statuses text[], min_share numeric)
      RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT status::text = ANY (statuses)
           AND COALESCE(minutes >= min_share * NULLIF(GREATEST(session_minutes, 0), 0), true)
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
        SELECT r.user_id, r.module_id FROM module_session_records r
         WHERE r.programme_id = p_programme AND session_counts(r.status, r.minutes, r.session_minutes, statuses, min_share)
        UNION
        SELECT sp.user_id, sp.module_id FROM module_self_paced sp
         WHERE sp.programme_id = p_programme AND self_paced_done(sp.lessons_total, sp.lessons_done, sp.check_passed, self_paced)
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION attended_modules(uuid, text[], numeric, text);
      DROP FUNCTION self_paced_done(integer, integer, boolean, text);
      DROP FUNCTION session_counts(attendance_status, integer, numeric, text[], numeric);
      DROP VIEW module_self_paced, module_session_records, participant_attendance, module_enrolments;
    `);
  }
}

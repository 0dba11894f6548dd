/**
 * One learner's record in one programme, as the rule set decides on it: parameters $1
 * (programme) and $2 (learner). The modules, their sessions and their self-paced progress
 * come from the shared definition of "enrolled" and "attended" (see
 * migrations/1764200100000-DefineEnrolledAndAttended.ts): the modules of `module_enrolments`,
 * each with its `participant_attendance` (which, joined to the enrolled module, is exactly
 * `module_session_records`; read directly here, as the module row is already the enrolled
 * one) and its `module_self_paced` progress; so the job, the dry run and the statistics read
 * the same records. `decided` is the decision already recorded at the enrolment's revision
 * and the programme's close count, if any.
 */
export const LEARNER_FACTS_SQL = `
  SELECT e.revision, p.status, p.delivery_mode, p.close_count, p.rule_set, p.rule_set_version, p.title AS programme_title,
         p.titles AS programme_titles,
         (SELECT json_build_object('rule_set', d.rule_set, 'rule_set_version', d.rule_set_version, 'awards', d.awards,
                   'attended_modules', d.attended_modules, 'explanation', d.explanation)
            FROM decisions d
           WHERE d.programme_id = e.programme_id AND d.user_id = e.user_id AND d.revision = e.revision
             AND d.close_count = p.close_count) AS decided,
         to_char(p.period_start, 'YYYY-MM-DD') AS period_start, to_char(p.period_end, 'YYYY-MM-DD') AS period_end,
         p.languages, c.id AS city_id, c.name AS city_name, c.issuer, c.issuers, c.default_language,
         u.name AS holder_name, u.language,
         (SELECT COALESCE(json_agg(json_build_object(
                   'code', me.module_code,
                   'sessions',
                   (SELECT COALESCE(json_agg(json_build_object('status', r.status, 'minutes', r.minutes,
                                     'sessionMinutes', r.session_minutes) ORDER BY r.starts_at, r.session_id), '[]')
                      FROM participant_attendance r
                     WHERE r.programme_id = me.programme_id AND r.user_id = me.user_id AND r.module_id = me.module_id),
                   'selfPaced',
                   (SELECT json_build_object('lessonsTotal', sp.lessons_total, 'lessonsDone', sp.lessons_done,
                                             'checkPassed', sp.check_passed)
                      FROM module_self_paced sp
                     WHERE sp.programme_id = me.programme_id AND sp.user_id = me.user_id AND sp.module_id = me.module_id),
                   'evidence',
                   (SELECT COALESCE(json_agg(json_build_object('kind', x.kind, 'status', x.status)), '[]')
                      FROM submissions x
                     WHERE x.programme_id = me.programme_id AND x.user_id = me.user_id AND x.module_id = me.module_id))
                 ORDER BY me.position), '[]')
            FROM module_enrolments me
           WHERE me.programme_id = e.programme_id AND me.user_id = e.user_id) AS modules,
         (SELECT json_agg(json_build_object('code', m.code, 'title', m.title, 'titles', m.titles) ORDER BY pm.position)
            FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
           WHERE pm.programme_id = e.programme_id) AS catalogue,
         (SELECT COALESCE(json_agg(json_build_object('kind', x.kind, 'status', x.status)), '[]')
            FROM submissions x
           WHERE x.programme_id = e.programme_id AND x.user_id = e.user_id AND x.module_id IS NULL)
           AS programme_evidence,
         (SELECT json_build_object('totModuleAttended', false,
                   'sessionsCoFacilitated', count(*) FILTER (WHERE t.role = 'co-facilitator'),
                   'sessionsLed', count(*) FILTER (WHERE t.role = 'lead'),
                   'modulesDelivered',
                   (SELECT COALESCE(json_agg(m.code ORDER BY pm.position), '[]')
                      FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
                     WHERE pm.programme_id = e.programme_id
                       AND EXISTS (SELECT 1 FROM trainer_deliveries dt
                                    WHERE dt.user_id = e.user_id AND dt.programme_id = e.programme_id
                                      AND dt.module_id = pm.module_id)))
            FROM trainer_deliveries t
           WHERE t.user_id = e.user_id AND t.programme_id = e.programme_id) AS trainer,
         (SELECT COALESCE(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'slot', x.slot, 'status', x.status)), '[]')
            FROM certificates x
           WHERE x.programme_id = e.programme_id AND x.user_id = e.user_id AND x.status IN ('valid', 'revoked'))
           AS certificates
    FROM enrolments e
    JOIN programmes p ON p.id = e.programme_id
    JOIN cities c ON c.id = p.city_id
    JOIN users u ON u.id = e.user_id
   WHERE e.programme_id = $1 AND e.user_id = $2`;

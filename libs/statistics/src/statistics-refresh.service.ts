import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ModuleAttendanceRule } from '@academy/rules';
import { RuleSetsService } from '@academy/rule-sets';

/** The arguments of `attended_modules()` for a rule set's module condition. */
export function moduleConditionArgs(rule: ModuleAttendanceRule): [string[], number | null, string] {
  return [[...rule.statuses], rule.minShareOfMinutes ?? null, rule.selfPaced ?? 'all-lessons-and-check'];
}

export interface Freshness {
  programmeId: string;
  /** The cells are as of this instant. */
  refreshedAt: Date | null;
  /** The earliest change the cells do not yet include (null: they are current). */
  changedSince: Date | null;
  refreshMs: number | null;
}

/**
 * Rewrites a programme's aggregates from the source tables, set-based, with the one
 * definition of "enrolled" and "attended" (`module_enrolments`, `attended_modules()`) under
 * the module condition of the rule-set version the programme decides with, and of a delivery
 * (`trainer_deliveries`: a session someone else assigned the trainer to, as for the Trainer
 * certificate).
 *
 * It first deletes the change rows it can see: every change committed before that point is
 * then in the figures it writes; a change committed later keeps its row, and the cells are
 * reported stale until the next refresh. Refreshes of one programme take turns (advisory lock).
 */
@Injectable()
export class StatisticsRefreshService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async freshness(programmeIds: string[]): Promise<Freshness[]> {
    const rows: { id: string; refreshed_at: Date | null; refresh_ms: number | null; changed_since: Date | null }[] =
      await this.ds.query(
        `SELECT p.id, s.refreshed_at, s.refresh_ms,
                (SELECT min(c.changed_at) FROM stats_changes c WHERE c.programme_id = p.id) AS changed_since
           FROM unnest($1::uuid[]) AS p(id) LEFT JOIN stats_snapshots s ON s.programme_id = p.id`,
        [programmeIds],
      );
    return rows.map((r) => ({
      programmeId: r.id,
      refreshedAt: r.refreshed_at,
      changedSince: r.refreshed_at ? r.changed_since : (r.changed_since ?? new Date(0)),
      refreshMs: r.refresh_ms,
    }));
  }

  /** Rewrites the cells; with `onlyIfStale`, does nothing when another refresh made them current while this one waited. */
  async refresh(programmeId: string, options: { onlyIfStale?: boolean } = {}): Promise<void> {
    const started = performance.now();
    await this.ds.transaction(async (m) => {
      const [programme] = await m.query(
        `SELECT id, city_id AS "cityId", rule_set AS "ruleSet", rule_set_version AS "ruleSetVersion" FROM programmes WHERE id = $1`,
        [programmeId],
      );
      if (!programme) return;
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('stats:' || $1::text, 0))`, [programmeId]);
      if (options.onlyIfStale) {
        const [state] = await m.query(
          `SELECT EXISTS (SELECT 1 FROM stats_snapshots WHERE programme_id = $1)
                  AND NOT EXISTS (SELECT 1 FROM stats_changes WHERE programme_id = $1) AS current`,
          [programmeId],
        );
        if (state.current) return;
      }
      await m.query(`DELETE FROM stats_changes WHERE programme_id = $1`, [programmeId]);
      // Hash joins and sorts of a million rows stay in memory (this transaction only).
      await m.query(`SET LOCAL work_mem = '64MB'`);
      const ruleSet = await this.ruleSets.forProgramme(programme, m);
      const args = [programmeId, ...moduleConditionArgs(ruleSet.definition.moduleAttended)];
      for (const t of ['learner', 'module', 'demographic', 'session', 'certificate', 'trainer']) {
        await m.query(`DELETE FROM stats_${t}_cells WHERE programme_id = $1`, [programmeId]);
      }
      await m.query(`DROP TABLE IF EXISTS pg_temp.stats_attended, pg_temp.stats_learners`);
      await m.query(
        `CREATE TEMP TABLE stats_attended ON COMMIT DROP AS SELECT user_id, module_id FROM attended_modules($1, $2, $3, $4)`,
        args,
      );
      // Temporary tables are never analysed by autovacuum: without figures the planner guesses 1 row.
      await m.query(`ANALYZE stats_attended`);
      await m.query(
        `CREATE TEMP TABLE stats_learners ON COMMIT DROP AS
         SELECT e.user_id, u.department_id, COALESCE(a.n, 0)::int AS n,
                EXISTS (SELECT 1 FROM certificates c WHERE c.programme_id = $1 AND c.user_id = e.user_id
                         AND c.kind = 'completion' AND c.status = 'valid') AS completed,
                u.demographics_consent_at IS NOT NULL AS consented,
                CASE WHEN u.demographics_consent_at IS NOT NULL THEN u.gender END AS gender,
                CASE WHEN u.demographics_consent_at IS NOT NULL THEN u.deis_school END AS deis_school
           FROM (SELECT DISTINCT user_id FROM module_enrolments WHERE programme_id = $1) e
           JOIN users u ON u.id = e.user_id
           LEFT JOIN (SELECT user_id, count(*) AS n FROM stats_attended GROUP BY user_id) a ON a.user_id = e.user_id`,
        [programmeId],
      );
      await m.query(`ANALYZE stats_learners`);
      await m.query(
        `INSERT INTO stats_learner_cells (programme_id, department_id, modules_attended, completed, n)
         SELECT $1, department_id, n, completed, count(*) FROM stats_learners GROUP BY department_id, n, completed`,
        [programmeId],
      );
      await m.query(
        `INSERT INTO stats_module_cells (programme_id, department_id, module_id, n)
         SELECT $1, l.department_id, a.module_id, count(*) FROM stats_attended a JOIN stats_learners l ON l.user_id = a.user_id
          GROUP BY l.department_id, a.module_id`,
        [programmeId],
      );
      await m.query(
        `INSERT INTO stats_demographic_cells (programme_id, department_id, gender, deis_school, n)
         SELECT $1, department_id, gender, deis_school, count(*) FROM stats_learners WHERE consented
          GROUP BY department_id, gender, deis_school`,
        [programmeId],
      );
      await m.query(
        `INSERT INTO stats_session_cells (programme_id, session_id, module_id, local_date, present, late, excused, absent, counted)
         SELECT $1, s.id, s.module_id, s.local_date,
                count(*) FILTER (WHERE r.status = 'present'), count(*) FILTER (WHERE r.status = 'late'),
                count(*) FILTER (WHERE r.status = 'excused'), count(*) FILTER (WHERE r.status = 'absent'),
                count(*) FILTER (WHERE session_counts(r.status, r.minutes, r.session_minutes, $2, $3))
           FROM sessions s LEFT JOIN module_session_records r ON r.session_id = s.id AND r.programme_id = $1
          WHERE s.programme_id = $1
          GROUP BY s.id, s.module_id, s.local_date`,
        args.slice(0, 3),
      );
      await m.query(
        `INSERT INTO stats_certificate_cells (programme_id, department_id, kind, status, issued_on, n)
         SELECT $1, u.department_id, c.kind, c.status, (c.issued_at AT TIME ZONE ci.timezone)::date, count(*)
           FROM certificates c JOIN users u ON u.id = c.user_id
           JOIN programmes p ON p.id = c.programme_id JOIN cities ci ON ci.id = p.city_id
          WHERE c.programme_id = $1
          GROUP BY 2, 3, 4, 5`,
        [programmeId],
      );
      await m.query(
        `INSERT INTO stats_trainer_cells (programme_id, user_id, local_date, led, cofacilitated)
         SELECT $1, t.user_id, s.local_date, count(*) FILTER (WHERE t.role = 'lead'), count(*) FILTER (WHERE t.role = 'co-facilitator')
           FROM trainer_deliveries t JOIN sessions s ON s.id = t.session_id
          WHERE t.programme_id = $1
          GROUP BY t.user_id, s.local_date`,
        [programmeId],
      );
      await m.query(
        `INSERT INTO stats_snapshots (programme_id, refreshed_at, refresh_ms, rule_set, rule_set_version, modules, enrolled)
         SELECT $1, statement_timestamp(), $2, $3, $4,
                COALESCE((SELECT json_agg(json_build_object('id', m.id, 'code', m.code, 'title', m.title) ORDER BY pm.position)
                   FROM programme_modules pm JOIN modules m ON m.id = pm.module_id WHERE pm.programme_id = $1), '[]'),
                (SELECT count(*) FROM stats_learners)
         ON CONFLICT (programme_id) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, refresh_ms = EXCLUDED.refresh_ms,
           rule_set = EXCLUDED.rule_set, rule_set_version = EXCLUDED.rule_set_version, modules = EXCLUDED.modules,
           enrolled = EXCLUDED.enrolled`,
        [programmeId, Math.round(performance.now() - started), ruleSet.id, ruleSet.version],
      );
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@academy/common';
import { programmeOfCity } from '@academy/programmes';
import { RuleSetsService } from '@academy/rule-sets';
import type { ModuleAttendanceRule } from '@academy/rules';

export interface ProgrammeStats {
  /** People enrolled in at least one module of the programme. */
  enrolled: number;
  /** Enrolled people who attended at least one module. */
  attendees: number;
  /** Per module: enrolled people who attended it. */
  modules: Record<string, number>;
  /** Number of modules attended → number of people. */
  modulesAttended: Record<string, number>;
  certificates: { completion: number; attendance: number; trainer: number };
  completionRate: number;
  /** People who led or co-facilitated at least one session of the programme (whether or not enrolled). */
  trainers: number;
  /** The rule set and version whose module condition counted "attended". */
  ruleSet: string;
  ruleSetVersion: number;
}

/** The arguments of `attended_modules()` for a rule set's module condition. */
export function moduleConditionArgs(rule: ModuleAttendanceRule): [string[], number | null, string] {
  return [[...rule.statuses], rule.minShareOfMinutes ?? null, rule.selfPaced ?? 'all-lessons-and-check'];
}

/**
 * Programme statistics in one set-based query over the shared definition of "enrolled"
 * (`module_enrolments`) and "attended" (`attended_modules()`, under the module condition of
 * the rule set version the programme decides with), so the figures agree learner by learner
 * with the dry run and the certificates: attendance at a module someone is not enrolled in,
 * or at a session they delivered, counts nowhere.
 */
@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async forProgramme(actor: Actor, programmeId: string): Promise<ProgrammeStats> {
    const programme = await programmeOfCity(this.ds.manager, actor, programmeId);
    const ruleSet = await this.ruleSets.forProgramme(programme);
    const [row] = await this.ds.query(
      `WITH attended AS (
         SELECT user_id, module_id FROM attended_modules($1, $2, $3, $4)
       ), per_learner AS (
         SELECT user_id, count(*) AS n FROM attended GROUP BY user_id
       )
       SELECT
         (SELECT count(DISTINCT user_id)::int FROM module_enrolments WHERE programme_id = $1) AS enrolled,
         (SELECT count(*)::int FROM per_learner) AS attendees,
         (SELECT json_object_agg(m.code, (SELECT count(*) FROM attended t WHERE t.module_id = m.id) ORDER BY pm.position)
            FROM programme_modules pm JOIN modules m ON m.id = pm.module_id WHERE pm.programme_id = $1) AS modules,
         (SELECT json_object_agg(n, c) FROM (SELECT n, count(*)::int c FROM per_learner GROUP BY n ORDER BY n) d)
           AS distribution,
         (SELECT json_object_agg(kind, c) FROM (SELECT kind, count(*)::int c FROM certificates
            WHERE programme_id = $1 AND status = 'valid' GROUP BY kind) k) AS certificates,
         (SELECT count(DISTINCT t.user_id)::int FROM session_trainers t JOIN sessions s ON s.id = t.session_id
           WHERE s.programme_id = $1) AS trainers`,
      [programmeId, ...moduleConditionArgs(ruleSet.definition.moduleAttended)],
    );
    const moduleCount = Object.keys(row.modules ?? {}).length;
    const distribution: Record<string, number> = {};
    for (let n = 1; n <= moduleCount; n++) distribution[String(n)] = row.distribution?.[String(n)] ?? 0;
    const certificates = { completion: 0, attendance: 0, trainer: 0, ...(row.certificates ?? {}) };
    return {
      enrolled: row.enrolled,
      attendees: row.attendees,
      modules: row.modules ?? {},
      modulesAttended: distribution,
      certificates,
      completionRate: row.enrolled ? Math.round((certificates.completion / row.enrolled) * 1000) / 1000 : 0,
      trainers: row.trainers,
      ruleSet: ruleSet.id,
      ruleSetVersion: ruleSet.version,
    };
  }
}

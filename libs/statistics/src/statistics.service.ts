import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@academy/common';
import { programmeOfCity } from '@academy/programmes';
import { RuleSetsService } from '@academy/rule-sets';

export interface ProgrammeStats {
  enrolled: number;
  attendees: number;
  modules: Record<string, number>;
  modulesAttended: Record<string, number>;
  certificates: { completion: number; attendance: number; trainer: number };
  completionRate: number;
}

/**
 * Programme statistics in one set-based query. "Attended" uses the rule set's own
 * counting statuses, so the figures agree with the certificates the job issues.
 */
@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async forProgramme(actor: Actor, programmeId: string): Promise<ProgrammeStats> {
    const programme = await programmeOfCity(this.ds.manager, actor, programmeId);
    const counting = (await this.ruleSets.resolve(actor.cityId, programme.ruleSet))?.countingStatuses ?? ['present', 'late'];
    const [row] = await this.ds.query(
      `WITH attended AS (
         SELECT DISTINCT a.user_id, s.module_id
           FROM attendance a JOIN sessions s ON s.id = a.session_id
          WHERE s.programme_id = $1 AND a.status::text = ANY($2)
       ), per_learner AS (
         SELECT user_id, count(*) AS n FROM attended GROUP BY user_id
       )
       SELECT
         (SELECT count(*)::int FROM enrolments WHERE programme_id = $1) AS enrolled,
         (SELECT count(*)::int FROM per_learner) AS attendees,
         (SELECT json_object_agg(m.code, (SELECT count(*) FROM attended t WHERE t.module_id = m.id) ORDER BY pm.position)
            FROM programme_modules pm JOIN modules m ON m.id = pm.module_id WHERE pm.programme_id = $1) AS modules,
         (SELECT json_object_agg(n, c) FROM (SELECT n, count(*)::int c FROM per_learner GROUP BY n ORDER BY n) d)
           AS distribution,
         (SELECT json_object_agg(kind, c) FROM (SELECT kind, count(*)::int c FROM certificates
            WHERE programme_id = $1 AND status = 'valid' GROUP BY kind) k) AS certificates`,
      [programmeId, counting],
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
    };
  }
}

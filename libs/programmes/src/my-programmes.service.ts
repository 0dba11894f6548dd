import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@academy/common';
import { RuleSetsService } from '@academy/rule-sets';
import type { CompiledRuleSet } from '@academy/rules';

export interface MyProgramme {
  id: string;
  code: string;
  title: string;
  status: 'open' | 'closed';
  modules: {
    code: string;
    title: string;
    attended: boolean;
    sessions: { sessionId: string; startsAt: string; status: string; minutes: number | null }[];
  }[];
  modulesAttended: number;
  /** The latest decision's explanation once the programme is closed. */
  decision: { awards: unknown; explanation: string[]; decidedAt: string } | null;
}

/** A learner's own view: programmes, attendance per module and how it was judged. */
@Injectable()
export class MyProgrammesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async list(actor: Actor): Promise<MyProgramme[]> {
    const rows = await this.ds.query(
      `SELECT p.id, p.code, p.title, p.status, p.rule_set, m.code AS module_code, m.title AS module_title,
              COALESCE(json_agg(json_build_object('sessionId', s.id, 'startsAt', s.starts_at, 'status', a.status,
                'minutes', a.minutes) ORDER BY s.starts_at) FILTER (WHERE a.status IS NOT NULL), '[]') AS sessions,
              (SELECT json_build_object('awards', d.awards, 'explanation', d.explanation, 'decidedAt', d.decided_at)
                 FROM decisions d WHERE d.programme_id = p.id AND d.user_id = $1
                 ORDER BY d.decided_at DESC LIMIT 1) AS decision
         FROM enrolments e
         JOIN programmes p ON p.id = e.programme_id
         JOIN programme_modules pm ON pm.programme_id = p.id
         JOIN modules m ON m.id = pm.module_id
         LEFT JOIN sessions s ON s.programme_id = p.id AND s.module_id = m.id
         LEFT JOIN attendance a ON a.session_id = s.id AND a.user_id = $1
        WHERE e.user_id = $1
        GROUP BY p.id, m.id, pm.position ORDER BY p.created_at DESC, pm.position`,
      [actor.id],
    );
    const byId = new Map<string, MyProgramme>();
    // Rows are one per module: resolve each programme's rule set once, not per row.
    const ruleSets = new Map<string, CompiledRuleSet | undefined>();
    for (const r of rows) {
      let p = byId.get(r.id);
      if (!p) {
        p = { id: r.id, code: r.code, title: r.title, status: r.status, modules: [], modulesAttended: 0, decision: r.decision };
        byId.set(r.id, p);
      }
      let ruleSet = ruleSets.get(r.rule_set);
      if (!ruleSets.has(r.rule_set)) {
        ruleSet = await this.ruleSets.resolve(actor.cityId, r.rule_set);
        ruleSets.set(r.rule_set, ruleSet);
      }
      const attended = ruleSet
        ? ruleSet.moduleAttended({ code: r.module_code, sessions: r.sessions })
        : false;
      p.modules.push({ code: r.module_code, title: r.module_title, attended, sessions: r.sessions });
      if (attended) p.modulesAttended++;
    }
    return [...byId.values()];
  }
}

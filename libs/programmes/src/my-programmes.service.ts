import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, inLanguage, preparedQuery } from '@academy/common';
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
    /** A self-paced module's lessons done and check passed (null: the module has no lessons). */
    selfPaced: { lessonsTotal: number; lessonsDone: number; checkPassed: boolean } | null;
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

  /**
   * Reads the shared definition of "enrolled" and "attended" (the views `module_enrolments`,
   * `module_session_records`, `module_self_paced`) with the rule set version the programme
   * decides with, so a learner sees what the certificate job will count. With `language`,
   * programme and module titles are given in it where they have a version in it.
   */
  async list(actor: Actor, language?: string): Promise<MyProgramme[]> {
    const rows = await preparedQuery(
      this.ds,
      `SELECT p.id, p.code, p.title, p.titles, p.status, p.rule_set, p.rule_set_version, me.module_code, m.title AS module_title,
              m.titles AS module_titles,
              (SELECT COALESCE(json_agg(json_build_object('sessionId', r.session_id, 'startsAt', r.starts_at,
                        'status', r.status, 'minutes', r.minutes, 'sessionMinutes', r.session_minutes)
                        ORDER BY r.starts_at, r.session_id), '[]')
                 FROM module_session_records r
                WHERE r.programme_id = me.programme_id AND r.user_id = me.user_id AND r.module_id = me.module_id) AS sessions,
              (SELECT json_build_object('lessonsTotal', sp.lessons_total, 'lessonsDone', sp.lessons_done,
                        'checkPassed', sp.check_passed)
                 FROM module_self_paced sp
                WHERE sp.programme_id = me.programme_id AND sp.user_id = me.user_id AND sp.module_id = me.module_id) AS self_paced,
              (SELECT json_build_object('awards', d.awards, 'explanation', d.explanation, 'decidedAt', d.decided_at)
                 FROM decisions d WHERE d.programme_id = p.id AND d.user_id = $1
                 ORDER BY d.decided_at DESC LIMIT 1) AS decision
         FROM module_enrolments me
         JOIN programmes p ON p.id = me.programme_id
         JOIN modules m ON m.id = me.module_id
        WHERE me.user_id = $1 AND p.city_id = $2
        ORDER BY p.created_at DESC, p.id, me.position`,
      [actor.id, actor.cityId],
    );
    // With a language (the pages), titles in it where the catalogue has them; without, as first given.
    const title = (versions: Record<string, string> | null, plain: string) =>
      language ? inLanguage(versions, language, null, plain).text : plain;
    const byId = new Map<string, MyProgramme>();
    // Rows are one per module: resolve each programme's rule set once, not per row.
    const ruleSets = new Map<string, CompiledRuleSet | undefined>();
    for (const r of rows) {
      let p = byId.get(r.id);
      if (!p) {
        p = { id: r.id, code: r.code, title: title(r.titles, r.title), status: r.status, modules: [], modulesAttended: 0, decision: r.decision };
        byId.set(r.id, p);
      }
      const key = `${r.rule_set}@${r.rule_set_version ?? 'latest'}`;
      let ruleSet = ruleSets.get(key);
      if (!ruleSets.has(key)) {
        ruleSet = await this.ruleSets.resolve(actor.cityId, r.rule_set, r.rule_set_version);
        ruleSets.set(key, ruleSet);
      }
      const attended = ruleSet
        ? ruleSet.moduleAttended({ code: r.module_code, sessions: r.sessions, selfPaced: r.self_paced })
        : false;
      const sessions = r.sessions.map(({ sessionMinutes: _planned, ...shown }: { sessionMinutes: number | null }) => shown);
      p.modules.push({ code: r.module_code, title: title(r.module_titles, r.module_title), attended, selfPaced: r.self_paced, sessions });
      if (attended) p.modulesAttended++;
    }
    return [...byId.values()];
  }
}

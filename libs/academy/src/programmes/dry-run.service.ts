import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Award } from '@academy/rules';
import { AuditService } from '../audit/audit.service.js';
import { CertificateIssuer } from '../certificates/certificate-issuer.service.js';
import type { Actor } from '../common/actor.js';
import { conflict } from '../common/domain-error.js';
import { offsetOf, type Page, type PageRequest } from '../common/pagination.js';
import { RuleSetsService } from '../rule-sets/rule-sets.service.js';
import { programmeOfCity } from './programme-access.js';

export interface DryRunItem {
  learnerId: string;
  learnerEmail: string;
  learnerName: string;
  awards: Award[];
  attendedModules: string[];
  missingModules: string[];
  /** What counted and, for each award not reached, what is missing. */
  explanation: string[];
  ruleSet: string;
  ruleSetVersion: number | null;
}

/** "If we closed now": the job's own decision for every learner, recorded nowhere. */
@Injectable()
export class DryRunService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly issuer: CertificateIssuer,
    private readonly ruleSets: RuleSetsService,
    private readonly audit: AuditService,
  ) {}

  async run(actor: Actor, programmeId: string, page: PageRequest): Promise<Page<DryRunItem>> {
    await programmeOfCity(this.ds.manager, actor, programmeId);
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM enrolments WHERE programme_id = $1`, [
      programmeId,
    ]);
    const learners: { id: string; email: string; name: string }[] = await this.ds.query(
      `SELECT u.id, u.email, u.name FROM enrolments e JOIN users u ON u.id = e.user_id
        WHERE e.programme_id = $1 ORDER BY u.email LIMIT $2 OFFSET $3`,
      [programmeId, page.perPage, offsetOf(page)],
    );
    const items: DryRunItem[] = [];
    for (const l of learners) {
      const d = (await this.issuer.preview(programmeId, l.id))!;
      items.push({
        learnerId: l.id, learnerEmail: l.email, learnerName: l.name, awards: d.awards, attendedModules: d.attendedModules,
        missingModules: d.missingModules, explanation: d.explanation, ruleSet: d.ruleSet,
        ruleSetVersion: d.ruleSetVersion ?? null,
      });
    }
    return { items, total, ...page };
  }

  /** Points a programme at another rule set; refused once certificates exist (they are frozen). */
  async changeRuleSet(actor: Actor, programmeId: string, ruleSet: string): Promise<void> {
    await this.ruleSets.require(actor.cityId, ruleSet);
    await this.ds.transaction(async (m) => {
      const p = await programmeOfCity(m, actor, programmeId);
      const [issued] = await m.query(`SELECT count(*)::int AS n FROM certificates WHERE programme_id = $1`, [programmeId]);
      if (issued.n > 0) {
        throw conflict(
          `ruleSet: the programme has ${issued.n} certificates, so its rule set is frozen; ` +
            `publish a new version of "${p.ruleSet}" to change later decisions`,
        );
      }
      await m.query(`UPDATE programmes SET rule_set = $2 WHERE id = $1`, [programmeId, ruleSet]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.rule-set-changed', entity: 'programme',
        entityId: programmeId, before: { ruleSet: p.ruleSet }, after: { ruleSet },
      });
    });
  }
}

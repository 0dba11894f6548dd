import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CertificateRenderer } from '../../../certificate-render/src/index.js';
import {
  type Award,
  type CertificateKind,
  type Decision,
  findRuleSet,
  KIND_RANK,
  type LearnerFacts,
} from '../../../rules/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { ACADEMY_CONFIG, type AcademyConfig } from '../config/config.js';
import { newVerificationCode } from './verification-code.js';

export type EvaluationOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'decided'; decision: Decision; issued: { id: string; kind: CertificateKind; code: string }[] };

interface LearnerContext {
  enrolment_id: string;
  revision: number;
  status: string;
  rule_set: string;
  programme_title: string;
  period_start: string | null;
  period_end: string | null;
  languages: string[];
  city_id: string;
  city_name: string;
  issuer: string;
  default_language: string;
  holder_name: string;
  language: string | null;
}

/** Completion and attendance compete for one place; a trainer certificate has its own. */
export function slotOf(award: Award): string {
  return `${award.scope}:${award.kind === 'trainer' ? 'trainer' : 'participation'}`;
}

/**
 * The heart of the certificate job: re-reads the learner's record, applies the programme's
 * rule set, records the decision and issues (rendered, hashed, stored) whatever is due,
 * superseding a lower certificate. Safe to run any number of times: the enrolment row is
 * locked for the whole unit of work and the database allows one valid certificate per slot.
 */
@Injectable()
export class CertificateIssuer {
  private readonly log = new Logger(CertificateIssuer.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly renderer: CertificateRenderer,
    private readonly audit: AuditService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  evaluate(programmeId: string, userId: string): Promise<EvaluationOutcome> {
    return this.ds.transaction((m) => this.evaluateIn(m, programmeId, userId));
  }

  private async evaluateIn(m: EntityManager, programmeId: string, userId: string): Promise<EvaluationOutcome> {
    const [ctx]: LearnerContext[] = await m.query(
      `SELECT e.id AS enrolment_id, e.revision, p.status, p.rule_set, p.title AS programme_title,
              to_char(p.period_start, 'YYYY-MM-DD') AS period_start, to_char(p.period_end, 'YYYY-MM-DD') AS period_end,
              p.languages, c.id AS city_id, c.name AS city_name, c.issuer, c.default_language,
              u.name AS holder_name, u.language
         FROM enrolments e
         JOIN programmes p ON p.id = e.programme_id
         JOIN cities c ON c.id = p.city_id
         JOIN users u ON u.id = e.user_id
        WHERE e.programme_id = $1 AND e.user_id = $2
        FOR UPDATE OF e`,
      [programmeId, userId],
    );
    if (!ctx) return { outcome: 'skipped', reason: 'not enrolled' };
    if (ctx.status !== 'closed') return { outcome: 'skipped', reason: 'programme is open' };
    const ruleSet = findRuleSet(ctx.rule_set);
    if (!ruleSet) throw new Error(`programme ${programmeId} names an unknown rule set "${ctx.rule_set}"`);

    const records: { code: string; title: string; status: LearnerFacts['modules'][0]['sessions'][0]['status'] | null; minutes: number | null }[] =
      await m.query(
        `SELECT m.code, m.title, a.status, a.minutes
           FROM programme_modules pm
           JOIN modules m ON m.id = pm.module_id
           LEFT JOIN sessions s ON s.programme_id = pm.programme_id AND s.module_id = pm.module_id
           LEFT JOIN attendance a ON a.session_id = s.id AND a.user_id = $2
          WHERE pm.programme_id = $1
          ORDER BY pm.position`,
        [programmeId, userId],
      );
    const titles = new Map<string, string>();
    const facts: LearnerFacts = { modules: [] };
    for (const r of records) {
      let mod = facts.modules.at(-1);
      if (mod?.code !== r.code) {
        mod = { code: r.code, sessions: [] };
        facts.modules.push(mod);
        titles.set(r.code, r.title);
      }
      if (r.status) mod.sessions.push({ status: r.status, minutes: r.minutes });
    }
    const decision = ruleSet.decide(facts);
    const decisionId = randomUUID();
    await m.query(
      `INSERT INTO decisions (id, programme_id, user_id, rule_set, revision, awards, attended_modules, explanation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [decisionId, programmeId, userId, ruleSet.id, ctx.revision, JSON.stringify(decision.awards),
        decision.attendedModules, decision.explanation],
    );

    const existing: { id: string; kind: CertificateKind; slot: string; status: string }[] = await m.query(
      `SELECT id, kind, slot, status FROM certificates
        WHERE programme_id = $1 AND user_id = $2 AND status IN ('valid', 'revoked')`,
      [programmeId, userId],
    );
    const issued: { id: string; kind: CertificateKind; code: string }[] = [];
    for (const award of decision.awards) {
      const slot = slotOf(award);
      // An administrator's revocation is not undone by a later evaluation: re-issue is explicit.
      if (existing.some((c) => c.slot === slot && c.status === 'revoked')) continue;
      const current = existing.find((c) => c.slot === slot && c.status === 'valid');
      // Never downgrade or duplicate: an equal or higher certificate already stands.
      if (current && KIND_RANK[current.kind] >= KIND_RANK[award.kind]) continue;
      const modules = decision.attendedModules
        .filter((code) => award.scope === 'programme' || code === award.scope)
        .map((code) => ({ code, title: titles.get(code)! }));
      issued.push(await this.issue(m, ctx, { programmeId, userId, decisionId, award, slot, modules, replaces: current?.id }));
    }
    return { outcome: 'decided', decision, issued };
  }

  private async issue(
    m: EntityManager,
    ctx: LearnerContext,
    p: {
      programmeId: string;
      userId: string;
      decisionId: string;
      award: Award;
      slot: string;
      modules: { code: string; title: string }[];
      replaces?: string;
    },
  ): Promise<{ id: string; kind: CertificateKind; code: string }> {
    const id = randomUUID();
    const code = newVerificationCode();
    const issuedAt = new Date();
    const preferred = ctx.language ?? ctx.default_language;
    const language = this.renderer.resolveLanguage(
      p.award.kind,
      ctx.languages.includes(preferred) ? preferred : ctx.languages[0],
    );
    const { pdf, sha256 } = await this.renderer.renderPdf({
      kind: p.award.kind,
      language,
      holderName: ctx.holder_name,
      programmeTitle: ctx.programme_title,
      cityName: ctx.city_name,
      issuer: ctx.issuer,
      modules: p.modules,
      periodStart: ctx.period_start ?? undefined,
      periodEnd: ctx.period_end ?? undefined,
      issuedAt,
      verificationCode: code,
      verificationUrl: `${this.config.publicBaseUrl}/verify/${code}`,
    });
    if (p.replaces) {
      await m.query(`UPDATE certificates SET status = 'superseded', superseded_by = $2 WHERE id = $1`, [p.replaces, id]);
    }
    // The partial unique index on (programme, user, slot) WHERE valid is the last line of defence.
    await m.query(
      `INSERT INTO certificates (id, code, programme_id, user_id, decision_id, kind, scope, slot, language,
                                 holder_name, modules, sha256, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [id, code, p.programmeId, p.userId, p.decisionId, p.award.kind, p.award.scope, p.slot, language,
        ctx.holder_name, JSON.stringify(p.modules), sha256, issuedAt],
    );
    await m.query(`INSERT INTO certificate_documents (certificate_id, content) VALUES ($1, $2)`, [id, pdf]);
    await this.audit.record(m, {
      cityId: ctx.city_id,
      actorId: null,
      action: p.replaces ? 'certificate.issued-superseding' : 'certificate.issued',
      entity: 'certificate',
      entityId: id,
      after: { kind: p.award.kind, scope: p.award.scope, code, sha256, supersedes: p.replaces ?? null },
    });
    this.log.debug(`issued ${p.award.kind} ${code} to ${p.userId}`);
    return { id, kind: p.award.kind, code };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@academy/audit';
import { CertificateRenderer } from '@academy/certificate-render';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { RuleSetsService } from '@academy/rule-sets';
import {
  type Award, type CertificateKind, type Decision, type EvidenceRecord, KIND_RANK, type ModuleRecord,
  type TrainerRecord,
} from '@academy/rules';
import { selfPacedFactsSql } from '@academy/self-paced';
import { newVerificationCode } from './verification-code.js';

export type EvaluationOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'decided'; decision: Decision; issued: { id: string; kind: CertificateKind; code: string }[] };

interface LearnerContext {
  revision: number;
  status: string;
  close_count: number;
  /** The decision already recorded for this revision and close, if any: evaluating again changes nothing. */
  decided: { rule_set: string; rule_set_version: number | null; awards: Award[]; attended_modules: string[];
    explanation: string[] } | null;
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
  modules: (ModuleRecord & { title: string })[];
  programme_evidence: EvidenceRecord[];
  trainer: TrainerRecord;
  certificates: { id: string; kind: CertificateKind; slot: string; status: 'valid' | 'revoked' }[];
}

interface IssueRequest {
  id: string;
  code: string;
  kind: CertificateKind;
  scope: string;
  slot: string;
  language: string;
  modules: { code: string; title: string }[];
  sha256: string;
  issued_at: string;
  replaces: string | null;
  pdf: string;
}

/** Completion and attendance compete for one place; a trainer certificate has its own. */
export function slotOf(award: Award): string {
  return `${award.scope}:${award.kind === 'trainer' ? 'trainer' : 'participation'}`;
}

/**
 * The heart of the certificate job: re-reads the learner's record, applies the programme's
 * rule set, records the decision and issues (rendered, hashed, stored) whatever is due,
 * superseding a lower certificate. Safe to run any number of times: the enrolment row is
 * locked for the whole unit of work, a learner gets one decision per revision and close
 * (a second run returns that decision and records nothing), and the database allows one
 * valid certificate per slot.
 */
@Injectable()
export class CertificateIssuer {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly renderer: CertificateRenderer,
    private readonly ruleSets: RuleSetsService,
    private readonly audit: AuditService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  evaluate(programmeId: string, userId: string): Promise<EvaluationOutcome> {
    return this.ds.transaction((m) => this.evaluateIn(m, programmeId, userId));
  }

  /**
   * What the job would decide for this learner right now, without recording anything: the
   * dry run shows it to administrators before they close a programme.
   */
  async preview(programmeId: string, userId: string): Promise<Decision | null> {
    const ctx = await this.load(this.ds.manager, programmeId, userId, false);
    return ctx ? this.decide(ctx, programmeId) : null;
  }

  private async decide(ctx: LearnerContext, programmeId: string): Promise<Decision> {
    const ruleSet = await this.ruleSets.resolve(ctx.city_id, ctx.rule_set);
    if (!ruleSet) throw new Error(`programme ${programmeId} names an unknown rule set "${ctx.rule_set}"`);
    return ruleSet.decide({ modules: ctx.modules, programmeEvidence: ctx.programme_evidence, trainer: ctx.trainer });
  }

  /**
   * One read: context, attendance, evidence, trainer path, current certificates and the
   * decision already taken at this revision and close. With `lock`, the enrolment row is
   * locked first, in a statement of its own: the read then starts after a close or a
   * correction that held the row has committed, and sees its close count and revision.
   */
  private async load(m: EntityManager, programmeId: string, userId: string, lock: boolean): Promise<LearnerContext | undefined> {
    if (lock) {
      const locked = await m.query(`SELECT 1 FROM enrolments WHERE programme_id = $1 AND user_id = $2 FOR UPDATE`, [
        programmeId,
        userId,
      ]);
      if (!locked.length) return undefined;
    }
    const [ctx]: LearnerContext[] = await m.query(
      `SELECT e.revision, p.status, p.close_count, p.rule_set, p.title AS programme_title,
              (SELECT json_build_object('rule_set', d.rule_set, 'rule_set_version', d.rule_set_version, 'awards', d.awards,
                        'attended_modules', d.attended_modules, 'explanation', d.explanation)
                 FROM decisions d
                WHERE d.programme_id = e.programme_id AND d.user_id = e.user_id AND d.revision = e.revision
                  AND d.close_count = p.close_count) AS decided,
              to_char(p.period_start, 'YYYY-MM-DD') AS period_start, to_char(p.period_end, 'YYYY-MM-DD') AS period_end,
              p.languages, c.id AS city_id, c.name AS city_name, c.issuer, c.default_language,
              u.name AS holder_name, u.language,
              (SELECT json_agg(json_build_object('code', m.code, 'title', m.title, 'sessions',
                        (SELECT COALESCE(json_agg(json_build_object('status', a.status, 'minutes', a.minutes,
                                  'sessionMinutes', round(extract(epoch FROM s.ends_at - s.starts_at) / 60))), '[]')
                           FROM sessions s JOIN attendance a ON a.session_id = s.id AND a.user_id = e.user_id
                          WHERE s.programme_id = pm.programme_id AND s.module_id = pm.module_id),
                        'selfPaced', ${selfPacedFactsSql('m.id', 'e.user_id')},
                        'evidence',
                        (SELECT COALESCE(json_agg(json_build_object('kind', x.kind, 'status', x.status)), '[]')
                           FROM submissions x
                          WHERE x.programme_id = e.programme_id AND x.user_id = e.user_id AND x.module_id = m.id))
                      ORDER BY pm.position)
                 FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
                WHERE pm.programme_id = e.programme_id
                  AND (e.module_codes IS NULL OR m.code = ANY(e.module_codes))) AS modules,
              (SELECT COALESCE(json_agg(json_build_object('kind', x.kind, 'status', x.status)), '[]')
                 FROM submissions x
                WHERE x.programme_id = e.programme_id AND x.user_id = e.user_id AND x.module_id IS NULL)
                AS programme_evidence,
              (SELECT json_build_object('totModuleAttended', false,
                        'sessionsCoFacilitated', count(*) FILTER (WHERE t.role = 'co-facilitator'),
                        'sessionsLed', count(*) FILTER (WHERE t.role = 'lead'))
                 FROM session_trainers t JOIN sessions s ON s.id = t.session_id
                WHERE t.user_id = e.user_id AND s.programme_id = e.programme_id) AS trainer,
              (SELECT COALESCE(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'slot', x.slot, 'status', x.status)), '[]')
                 FROM certificates x
                WHERE x.programme_id = e.programme_id AND x.user_id = e.user_id AND x.status IN ('valid', 'revoked'))
                AS certificates
         FROM enrolments e
         JOIN programmes p ON p.id = e.programme_id
         JOIN cities c ON c.id = p.city_id
         JOIN users u ON u.id = e.user_id
        WHERE e.programme_id = $1 AND e.user_id = $2`,
      [programmeId, userId],
    );
    return ctx;
  }

  /**
   * Three round trips per learner: one read (context, attendance and current certificates,
   * locking the enrolment), the rendering, and one write statement for the decision and
   * whatever it issues.
   */
  private async evaluateIn(m: EntityManager, programmeId: string, userId: string): Promise<EvaluationOutcome> {
    const ctx = await this.load(m, programmeId, userId, true);
    if (!ctx) return { outcome: 'skipped', reason: 'not enrolled' };
    if (ctx.status !== 'closed') return { outcome: 'skipped', reason: 'programme is open' };
    if (ctx.decided) {
      // Already decided at this revision and close (a duplicated or re-run job): nothing to record.
      await m.query(`UPDATE enrolments SET decision_due = false WHERE programme_id = $1 AND user_id = $2 AND decision_due`, [
        programmeId,
        userId,
      ]);
      const d = ctx.decided;
      const decision: Decision = {
        ruleSet: d.rule_set, ...(d.rule_set_version === null ? {} : { ruleSetVersion: d.rule_set_version }),
        awards: d.awards, attendedModules: d.attended_modules,
        missingModules: ctx.modules.map((mod) => mod.code).filter((code) => !d.attended_modules.includes(code)),
        explanation: d.explanation,
      };
      return { outcome: 'decided', decision, issued: [] };
    }
    const titles = new Map(ctx.modules.map((mod) => [mod.code, mod.title]));
    const decision = await this.decide(ctx, programmeId);
    const decisionId = randomUUID();
    const toIssue: IssueRequest[] = [];
    for (const award of decision.awards) {
      const slot = slotOf(award);
      // An administrator's revocation is not undone by a later evaluation: re-issue is explicit.
      if (ctx.certificates.some((c) => c.slot === slot && c.status === 'revoked')) continue;
      const current = ctx.certificates.find((c) => c.slot === slot && c.status === 'valid');
      // Never downgrade or duplicate: an equal or higher certificate already stands.
      if (current && KIND_RANK[current.kind] >= KIND_RANK[award.kind]) continue;
      const modules = decision.attendedModules
        .filter((code) => award.scope === 'programme' || code === award.scope)
        .map((code) => ({ code, title: titles.get(code)! }));
      toIssue.push(await this.render(ctx, award, slot, modules, current?.id));
    }

    // A lower certificate steps aside first (its own statement: the sub-statements of one
    // WITH run in no guaranteed order, and the new one must not meet it in the index).
    for (const c of toIssue) {
      if (c.replaces) {
        await m.query(`UPDATE certificates SET status = 'superseded', superseded_by = $2 WHERE id = $1`, [c.replaces, c.id]);
      }
    }
    // The decision and each certificate with its PDF and audit entry, in one statement. The
    // partial unique index on (programme, user, slot) WHERE valid is the last line of
    // defence against a second valid certificate.
    await m.query(
      `WITH decision AS (
         INSERT INTO decisions (id, programme_id, user_id, rule_set, revision, awards, attended_modules, explanation,
                                rule_set_version, close_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $12, $13)
       ), settled AS (
         UPDATE enrolments SET decision_due = false WHERE programme_id = $2 AND user_id = $3 AND decision_due
       ), issue AS (
         SELECT * FROM json_to_recordset($9::json) AS i(id uuid, code text, kind certificate_kind, scope text,
           slot text, language text, modules jsonb, sha256 text, issued_at timestamptz, replaces uuid, pdf text)
       ), cert AS (
         INSERT INTO certificates (id, code, programme_id, user_id, decision_id, kind, scope, slot, language,
                                   holder_name, modules, sha256, issued_at)
         SELECT id, code, $2, $3, $1, kind, scope, slot, language, $10, modules, sha256, issued_at FROM issue
         RETURNING id
       ), doc AS (
         INSERT INTO certificate_documents (certificate_id, content)
         SELECT issue.id, decode(issue.pdf, 'base64') FROM issue JOIN cert ON cert.id = issue.id
       )
       ${this.audit.insertFrom(`
         SELECT $11, NULL, CASE WHEN replaces IS NULL THEN 'certificate.issued' ELSE 'certificate.issued-superseding' END,
                'certificate', id::text, NULL,
                jsonb_build_object('kind', kind, 'scope', scope, 'code', code, 'sha256', sha256, 'supersedes', replaces)
           FROM issue`)}`,
      [decisionId, programmeId, userId, decision.ruleSet, ctx.revision, JSON.stringify(decision.awards),
        decision.attendedModules, decision.explanation, JSON.stringify(toIssue), ctx.holder_name, ctx.city_id,
        decision.ruleSetVersion ?? null, ctx.close_count],
    );
    return { outcome: 'decided', decision, issued: toIssue.map((c) => ({ id: c.id, kind: c.kind, code: c.code })) };
  }

  private async render(
    ctx: LearnerContext,
    award: Award,
    slot: string,
    modules: { code: string; title: string }[],
    replaces: string | undefined,
  ): Promise<IssueRequest> {
    const id = randomUUID();
    const code = newVerificationCode();
    const issuedAt = new Date();
    const preferred = ctx.language ?? ctx.default_language;
    const language = this.renderer.resolveLanguage(
      award.kind,
      ctx.languages.includes(preferred) ? preferred : ctx.languages[0],
    );
    const { pdf, sha256 } = await this.renderer.renderPdf({
      kind: award.kind,
      language,
      holderName: ctx.holder_name,
      programmeTitle: ctx.programme_title,
      cityName: ctx.city_name,
      issuer: ctx.issuer,
      modules,
      periodStart: ctx.period_start ?? undefined,
      periodEnd: ctx.period_end ?? undefined,
      issuedAt,
      verificationCode: code,
      verificationUrl: `${this.config.publicBaseUrl}/verify/${code}`,
    });
    return {
      id, code, kind: award.kind, scope: award.scope, slot, language, modules, sha256,
      issued_at: issuedAt.toISOString(), replaces: replaces ?? null, pdf: pdf.toString('base64'),
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@academy/audit';
import { CertificateRenderer } from '@academy/certificate-render';
import { type InLanguage, inLanguage, type LanguageVersions, preparedQuery, type Queryable } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { RuleSetsService } from '@academy/rule-sets';
import {
  type Award, awardModules, type CertificateKind, type CompiledRuleSet, type Decision, type EvidenceRecord, KIND_RANK,
  type LearnerFacts, type ModuleRecord, type TrainerRecord, type Wording,
} from '@academy/rules';
import { LEARNER_FACTS_SQL } from './learner-facts.js';
import { newVerificationCode } from './verification-code.js';

export type EvaluationOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'decided'; decision: Decision; issued: { id: string; kind: CertificateKind; code: string }[] };

/** One learner's record in one programme, read in one statement (./learner-facts.ts). */
export interface LearnerContext {
  revision: number;
  status: string;
  /** A `self-paced` programme is open-ended: each learner is evaluated as their work changes, without a close. */
  delivery_mode: string;
  close_count: number;
  /** The decision already recorded for this revision and close, if any: evaluating again changes nothing. */
  decided: { rule_set: string; rule_set_version: number | null; awards: Award[]; attended_modules: string[];
    explanation: string[] } | null;
  rule_set: string;
  rule_set_version: number | null;
  programme_title: string;
  programme_titles: LanguageVersions;
  period_start: string | null;
  period_end: string | null;
  languages: string[];
  city_id: string;
  city_name: string;
  issuer: string;
  issuers: LanguageVersions;
  default_language: string;
  holder_name: string;
  language: string | null;
  /** The modules the learner is enrolled in, in programme order, with their records. */
  modules: ModuleRecord[];
  /** Every module of the programme, for the titles a certificate prints. */
  catalogue: { code: string; title: string; titles: LanguageVersions }[];
  programme_evidence: EvidenceRecord[];
  trainer: TrainerRecord;
  certificates: { id: string; kind: CertificateKind; slot: string; status: 'valid' | 'revoked' }[];
}

/** What a certificate printed, and the language each text is really in (`certificates.printed`). */
export interface PrintedTexts {
  language: string;
  programmeTitle: InLanguage;
  issuer: InLanguage;
  modules: { code: string; title: string; language: string | null }[];
  module: { code: string; title: string; language: string | null } | null;
}

interface IssueRequest {
  id: string;
  code: string;
  kind: CertificateKind;
  scope: string;
  slot: string;
  language: string;
  modules: { code: string; title: string }[];
  printed: PrintedTexts;
  sha256: string;
  issued_at: string;
  replaces: string | null;
  pdf: string;
}

/** Completion and attendance compete for one place; a trainer certificate has its own. */
export function slotOf(award: Award): string {
  return `${award.scope}:${award.kind === 'trainer' ? 'trainer' : 'participation'}`;
}

/** The facts the rule set decides on, from a learner's context. */
export function factsOf(ctx: LearnerContext): LearnerFacts {
  return { modules: ctx.modules, programmeEvidence: ctx.programme_evidence, trainer: ctx.trainer };
}

/**
 * The texts of one certificate in its language: each in that language when it has a version
 * in it, else in the city's default language, else as first given; the ones that are not in
 * the certificate's language are listed so the web view and the PDF can say so.
 */
export function printedTexts(ctx: LearnerContext, language: string, moduleCodes: string[], scope: string): PrintedTexts {
  const fallback = ctx.default_language;
  const titleOf = (code: string) => {
    const mod = ctx.catalogue.find((m) => m.code === code);
    const t = mod ? inLanguage(mod.titles, language, fallback, mod.title) : { text: code, language: null };
    return { code, title: t.text, language: t.language };
  };
  return {
    language,
    programmeTitle: inLanguage(ctx.programme_titles, language, fallback, ctx.programme_title),
    issuer: inLanguage(ctx.issuers, language, fallback, ctx.issuer),
    modules: moduleCodes.map(titleOf),
    module: scope === 'programme' ? null : titleOf(scope),
  };
}

/** Printed texts not in the certificate's language, for the renderer's `untranslated`. */
export function untranslatedOf(p: PrintedTexts): { what: string; text: string; language: string | null }[] {
  const out: { what: string; text: string; language: string | null }[] = [];
  if (p.programmeTitle.language !== p.language) out.push({ what: 'programme title', text: p.programmeTitle.text, language: p.programmeTitle.language });
  if (p.issuer.language !== p.language) out.push({ what: 'issuer', text: p.issuer.text, language: p.issuer.language });
  for (const m of p.module ? [p.module, ...p.modules] : p.modules) {
    if (m.language !== p.language && !out.some((o) => o.what === `${m.code} title`)) {
      out.push({ what: `${m.code} title`, text: m.title, language: m.language });
    }
  }
  return out;
}

/**
 * The heart of the certificate job: re-reads the learner's record, applies the programme's
 * rule set, records the decision and issues (rendered, hashed, stored) whatever is due,
 * superseding a lower certificate. Safe to run any number of times: the enrolment row is
 * locked for the whole unit of work, a learner gets one decision per revision and close
 * (a second run returns that decision and records nothing), and the database allows one
 * valid certificate per slot.
 *
 * The first decision of a programme pins the version of its rule set it was made with
 * (`programmes.rule_set_version`); every later decision uses that version, whatever was
 * published since, until the programme adopts another one.
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
  async preview(programmeId: string, userId: string, wording?: Wording): Promise<Decision | null> {
    return (await this.previewIn(programmeId, userId, [wording]))?.[0] ?? null;
  }

  /**
   * The preview once per wording (undefined: the rules' English, the words the job records),
   * from one read. With `cityId`, null unless the programme is that city's.
   */
  async previewIn(programmeId: string, userId: string, wordings: (Wording | undefined)[], cityId?: string): Promise<Decision[] | null> {
    const ctx = await this.load(this.ds.manager, programmeId, userId, false);
    if (!ctx || (cityId !== undefined && ctx.city_id !== cityId)) return null;
    const ruleSet = await this.ruleSets.forProgramme({ cityId: ctx.city_id, ruleSet: ctx.rule_set, ruleSetVersion: ctx.rule_set_version });
    const facts = factsOf(ctx);
    return wordings.map((w) => ruleSet.decide(facts, w));
  }

  /**
   * One read: context, attendance, evidence, trainer path, current certificates and the
   * decision already taken at this revision and close. With `lock`, the enrolment row is
   * locked first, in a statement of its own: the read then starts after a close or a
   * correction that held the row has committed, and sees its close count and revision.
   */
  private async load(q: Queryable, programmeId: string, userId: string, lock: boolean): Promise<LearnerContext | undefined> {
    if (lock) {
      const locked = await q.query(`SELECT 1 FROM enrolments WHERE programme_id = $1 AND user_id = $2 FOR UPDATE`, [
        programmeId,
        userId,
      ]);
      if (!locked.length) return undefined;
    }
    const [ctx] = await preparedQuery<LearnerContext>(q, LEARNER_FACTS_SQL, [programmeId, userId]);
    return ctx;
  }

  /**
   * The rule set this decision is made with: the programme's pinned version, or — for its
   * first decision — the latest, which this transaction pins (a concurrent first decision
   * that pinned first wins, and this one follows it).
   */
  private async pinnedRuleSet(m: EntityManager, programmeId: string, ctx: LearnerContext): Promise<CompiledRuleSet> {
    if (ctx.rule_set_version !== null) {
      return this.ruleSets.forProgramme({ cityId: ctx.city_id, ruleSet: ctx.rule_set, ruleSetVersion: ctx.rule_set_version }, m);
    }
    const latest = await this.ruleSets.forProgramme({ cityId: ctx.city_id, ruleSet: ctx.rule_set, ruleSetVersion: null }, m);
    const pinned = await m.query(
      `WITH pinned AS (
         UPDATE programmes SET rule_set_version = $2 WHERE id = $1 AND rule_set = $3 AND rule_set_version IS NULL RETURNING id)
       SELECT id FROM pinned`,
      [programmeId, latest.version, ctx.rule_set],
    );
    if (pinned.length) {
      await this.audit.record(m, {
        cityId: ctx.city_id, actorId: null, action: 'programme.rule-set-version-pinned', entity: 'programme',
        entityId: programmeId, before: { ruleSet: ctx.rule_set, ruleSetVersion: null },
        after: { ruleSet: ctx.rule_set, ruleSetVersion: latest.version },
      });
      return latest;
    }
    const [row] = await m.query(`SELECT rule_set, rule_set_version FROM programmes WHERE id = $1`, [programmeId]);
    return this.ruleSets.forProgramme({ cityId: ctx.city_id, ruleSet: row.rule_set, ruleSetVersion: row.rule_set_version }, m);
  }

  /**
   * Three round trips per learner: one read (context, attendance and current certificates,
   * locking the enrolment), the rendering, and one write statement for the decision and
   * whatever it issues.
   */
  private async evaluateIn(m: EntityManager, programmeId: string, userId: string): Promise<EvaluationOutcome> {
    const ctx = await this.load(m, programmeId, userId, true);
    if (!ctx) return { outcome: 'skipped', reason: 'not enrolled' };
    if (ctx.status !== 'closed' && ctx.delivery_mode !== 'self-paced') return { outcome: 'skipped', reason: 'programme is open' };
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
    const ruleSet = await this.pinnedRuleSet(m, programmeId, ctx);
    const facts = factsOf(ctx);
    const decision = ruleSet.decide(facts);
    const decisionId = randomUUID();
    const toIssue: IssueRequest[] = [];
    for (const award of decision.awards) {
      const slot = slotOf(award);
      // An administrator's revocation is not undone by a later evaluation: re-issue is explicit.
      if (ctx.certificates.some((c) => c.slot === slot && c.status === 'revoked')) continue;
      const current = ctx.certificates.find((c) => c.slot === slot && c.status === 'valid');
      // Never downgrade or duplicate: an equal or higher certificate already stands.
      if (current && KIND_RANK[current.kind] >= KIND_RANK[award.kind]) continue;
      toIssue.push(await this.render(ctx, award, slot, awardModules(award, decision, facts), current?.id));
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
           slot text, language text, modules jsonb, printed jsonb, sha256 text, issued_at timestamptz, replaces uuid, pdf text)
       ), cert AS (
         INSERT INTO certificates (id, code, programme_id, user_id, decision_id, kind, scope, slot, language,
                                   holder_name, modules, printed, sha256, issued_at)
         SELECT id, code, $2, $3, $1, kind, scope, slot, language, $10, modules, printed, sha256, issued_at FROM issue
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
    moduleCodes: string[],
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
    const printed = printedTexts(ctx, language, moduleCodes, award.scope);
    const modules = printed.modules.map(({ code: c, title }) => ({ code: c, title }));
    const { pdf, sha256 } = await this.renderer.renderPdf({
      kind: award.kind,
      language,
      holderName: ctx.holder_name,
      programmeTitle: printed.programmeTitle.text,
      cityName: ctx.city_name,
      issuer: printed.issuer.text,
      modules,
      module: printed.module ? { code: printed.module.code, title: printed.module.title } : null,
      untranslated: untranslatedOf(printed),
      periodStart: ctx.period_start ?? undefined,
      periodEnd: ctx.period_end ?? undefined,
      issuedAt,
      verificationCode: code,
      verificationUrl: `${this.config.publicBaseUrl}/verify/${code}`,
    });
    return {
      id, code, kind: award.kind, scope: award.scope, slot, language, modules, printed, sha256,
      issued_at: issuedAt.toISOString(), replaces: replaces ?? null, pdf: pdf.toString('base64'),
    };
  }
}

/**
 * The one evaluator of rule set definitions: pure functions from (definition, facts) to a
 * decision with its explanation. No I/O, no clock, no randomness — the same input always
 * gives the same decision, so a decision can be recomputed and audited later.
 */
import {
  ANY_EVIDENCE,
  type AwardRule,
  type EvidenceRequirement,
  type ModuleAttendance,
  type RuleSetDefinition,
} from './definition.js';
import {
  countWords, evidenceWords, excusedWords, groupLine, joinAnd, minutes, moduleRuleWords, type Outcome, percent, statusWords, type Unmet,
} from './explain.js';
import {
  KIND_RANK,
  trackOf,
  type Award,
  type CertificateTrack,
  type Decision,
  type EvidenceRecord,
  type EvidenceStatus,
  type LearnerFacts,
  type ModuleRecord,
  type SessionRecord,
} from './types.js';
import { ENGLISH, type Wording } from './wording.js';

// ---------------------------------------------------------------------------------------
// Modules

/** Share of the planned session the learner was there for, when both figures are known. */
function shareOf(session: SessionRecord): number | null {
  const planned = session.sessionMinutes;
  if (session.minutes === null || session.minutes === undefined) return null;
  if (planned === null || planned === undefined || !(planned > 0)) return null;
  return session.minutes / planned;
}

/** Whether one session makes its module count, under the definition's module rule. */
export function sessionCounts(def: RuleSetDefinition, session: SessionRecord): boolean {
  if (!def.moduleAttended.statuses.includes(session.status)) return false;
  const min = def.moduleAttended.minShareOfMinutes;
  if (min === null || min === undefined) return true;
  const share = shareOf(session);
  // Unknown minutes or unknown length: the recorded status alone decides.
  return share === null || share >= min;
}

function describeSession(session: SessionRecord, w: Wording): string {
  const share = shareOf(session);
  const status = statusWords(session.status, w);
  if (share === null) return w.phrase('session.at', { status });
  return w.phrase('session.minutes', { status, minutes: minutes(session.minutes!, w), planned: minutes(session.sessionMinutes!, w) });
}

function selfPacedDone(def: RuleSetDefinition, module: ModuleRecord): boolean | null {
  const policy = def.moduleAttended.selfPaced ?? 'all-lessons-and-check';
  const sp = module.selfPaced;
  if (!sp || policy === 'never') return null;
  const lessons = sp.lessonsDone >= sp.lessonsTotal;
  switch (policy) {
    case 'all-lessons-and-check':
      return lessons && sp.checkPassed;
    case 'all-lessons':
      return lessons;
    case 'check':
      return sp.checkPassed;
  }
}

/** Whether a module counts as attended, and why (or why not). */
export function moduleAttendance(def: RuleSetDefinition, module: ModuleRecord, w: Wording = ENGLISH): ModuleAttendance {
  const counted = module.sessions.find((s) => sessionCounts(def, s));
  if (counted) return { attended: true, reason: describeSession(counted, w), notable: false };
  const sp = module.selfPaced;
  const selfPaced = selfPacedDone(def, module);
  if (selfPaced && sp) {
    return { attended: true, reason: w.phrase('attendance.selfPacedDone'), notable: false };
  }

  const reasons: string[] = [];
  // A near miss on minutes: the right status, too short a stay. Show the best attempt.
  const min = def.moduleAttended.minShareOfMinutes;
  const short = module.sessions
    .filter((s) => def.moduleAttended.statuses.includes(s.status) && shareOf(s) !== null)
    .sort((a, b) => shareOf(b)! - shareOf(a)!)[0];
  if (short && min !== null && min !== undefined) {
    reasons.push(w.phrase('attendance.short', { minutes: minutes(short.minutes!, w), planned: minutes(short.sessionMinutes!, w), share: percent(min, w) }));
  }
  if (selfPaced === false && sp) {
    const policy = def.moduleAttended.selfPaced ?? 'all-lessons-and-check';
    const missing: string[] = [];
    if (policy !== 'check' && sp.lessonsDone < sp.lessonsTotal) {
      missing.push(w.phrase('attendance.lessons', { done: sp.lessonsDone, count: sp.lessonsTotal }));
    }
    if (policy !== 'all-lessons' && !sp.checkPassed) missing.push(w.phrase('attendance.checkNotPassed'));
    reasons.push(w.phrase('attendance.selfPaced', { missing: missing.join(', ') || w.phrase('attendance.notComplete') }));
  }
  if (reasons.length) return { attended: false, reason: reasons.join('; '), notable: true };
  if (module.sessions.length === 0) return { attended: false, reason: w.phrase('attendance.noRecord'), notable: false };
  const statuses = [...new Set(module.sessions.map((s) => s.status))];
  return { attended: false, reason: statuses.map((st) => statusWords(st, w)).join(', '), notable: false };
}

// ---------------------------------------------------------------------------------------
// Conditions

interface Context {
  def: RuleSetDefinition;
  facts: LearnerFacts;
  attendance: Map<string, ModuleAttendance>;
  /** Set for the each-module scope. */
  module?: ModuleRecord;
  w: Wording;
}

function attended(ctx: Context, code: string): boolean {
  return ctx.attendance.get(code)?.attended ?? false;
}

function matches(req: EvidenceRequirement, kind: string): boolean {
  if (typeof req === 'string') return req === ANY_EVIDENCE || req === kind;
  return req.oneOf.includes(kind);
}

const STATUS_ORDER: Record<EvidenceStatus, number> = { accepted: 3, submitted: 2, returned: 1 };

/** The evidence that best answers a requirement (accepted before submitted before returned). */
function bestEvidence(evidence: readonly EvidenceRecord[], req: EvidenceRequirement): EvidenceRecord | null {
  let best: EvidenceRecord | null = null;
  for (const e of evidence) {
    if (!matches(req, e.kind)) continue;
    if (!best || STATUS_ORDER[e.status] > STATUS_ORDER[best.status]) best = e;
  }
  return best;
}

function evidenceMet(found: EvidenceRecord | null, need: 'accepted' | 'submitted'): boolean {
  if (!found) return false;
  return need === 'accepted' ? found.status === 'accepted' : found.status !== 'returned';
}

function evaluate(ctx: Context, rule: AwardRule): Outcome {
  const when = rule.when;
  const w = ctx.w;
  const unmet: Unmet[] = [];
  const met: string[] = [];
  const evidence = (ctx.module ? ctx.module.evidence : ctx.facts.programmeEvidence) ?? [];

  if (ctx.module) {
    if (when.attended) {
      const a = ctx.attendance.get(ctx.module.code);
      if (a?.attended) met.push(w.phrase('met.attended'));
      else unmet.push({ type: 'not-attended', detail: a?.notable ? a.reason : null });
    }
  } else {
    const pool = when.modules ?? ctx.facts.modules.map((m) => m.code);
    const n = pool.filter((code) => attended(ctx, code)).length;
    const counting = countWords(when, w);
    if (when.minModules !== undefined && n < when.minModules) unmet.push({ type: 'count', more: when.minModules - n });
    if (when.maxModules !== undefined && n > when.maxModules) unmet.push({ type: 'too-many', attended: n, max: when.maxModules });
    const missing = (when.requiredModules ?? []).filter((code) => !attended(ctx, code));
    if (missing.length) unmet.push({ type: 'required', codes: missing });
    const including = when.requiredModules ? joinAnd(when.requiredModules, w) : null;
    if (counting) met.push(including ? w.phrase('met.countedIncluding', { counting, modules: including }) : w.phrase('met.counted', { counting }));
    else if (including) met.push(w.phrase('met.including', { modules: including }));
  }

  for (const [need, reqs] of [['accepted', when.acceptedEvidence], ['submitted', when.submittedEvidence]] as const) {
    for (const req of reqs ?? []) {
      const found = bestEvidence(evidence, req);
      if (evidenceMet(found, need)) met.push(w.phrase(`met.${need}`, { evidence: evidenceWords(found!.kind, w) }));
      else unmet.push({ type: 'evidence', req, need, found: found?.status ?? null });
    }
  }

  if (when.totModuleAttended) {
    const viaModule = (ctx.def.totModules ?? []).find((code) => attended(ctx, code));
    if (viaModule) met.push(w.phrase('met.totModule', { module: viaModule }));
    else if (ctx.facts.trainer?.totModuleAttended) met.push(w.phrase('met.totDone'));
    else unmet.push({ type: 'tot' });
  }
  if (when.minCoFacilitated !== undefined) {
    const done = ctx.facts.trainer?.sessionsCoFacilitated ?? 0;
    if (done >= when.minCoFacilitated) met.push(w.phrase('met.coFacilitated', { count: done }));
    else unmet.push({ type: 'co-facilitated', more: when.minCoFacilitated - done });
  }
  if (when.minLed !== undefined) {
    const done = ctx.facts.trainer?.sessionsLed ?? 0;
    if (done >= when.minLed) met.push(w.phrase('met.led', { count: done }));
    else unmet.push({ type: 'led', more: when.minLed - done });
  }
  return { rule, met: unmet.length === 0, unmet, metWords: met.join(', ') };
}

// ---------------------------------------------------------------------------------------
// Decision

const TRACKS: readonly CertificateTrack[] = ['participation', 'trainer'];

/**
 * Applies a definition to one learner's facts. Within one scope (the programme, or one
 * module) and track, only the highest kind reached is awarded: completion over attendance.
 */
export function decide(def: RuleSetDefinition, facts: LearnerFacts, w: Wording = ENGLISH): Decision {
  const attendance = new Map(facts.modules.map((m) => [m.code, moduleAttendance(def, m, w)] as const));
  const attendedModules = facts.modules.filter((m) => attendance.get(m.code)!.attended).map((m) => m.code);
  const missingModules = facts.modules.filter((m) => !attendance.get(m.code)!.attended).map((m) => m.code);

  const explanation: string[] = [];
  const n = attendedModules.length;
  explanation.push(
    n === 0
      ? w.phrase('line.noneAttended', { rule: moduleRuleWords(def, facts.modules.some((m) => m.selfPaced), w) })
      : w.phrase('line.attended', { count: n, modules: attendedModules.join(', ') }),
  );
  if (missingModules.length) explanation.push(w.phrase('line.notAttended', { modules: missingModules.join(', ') }));
  for (const module of facts.modules) {
    const a = attendance.get(module.code)!;
    if (a.attended) continue;
    // A near miss, and an excused absence that does not count: both worth saying.
    const why = [a.notable ? a.reason : null, excusedWords(def, module, w)].filter((r): r is string => r !== null);
    if (why.length) explanation.push(w.phrase('line.module', { module: module.code, reasons: why.join('; ') }));
  }

  const awards: Award[] = [];
  const scopes: (ModuleRecord | null)[] = [null, ...facts.modules];
  for (const module of scopes) {
    const rules = def.awards.filter((rule) =>
      module ? rule.scope === 'each-module' && (!rule.when.modules || rule.when.modules.includes(module.code)) : rule.scope === 'programme',
    );
    for (const track of TRACKS) {
      const group = rules.filter((rule) => trackOf(rule.kind) === track);
      if (!group.length) continue;
      const ctx: Context = { def, facts, attendance, module: module ?? undefined, w };
      const outcomes = group.map((rule) => evaluate(ctx, rule));
      let reached: Outcome | null = null;
      for (const o of outcomes) {
        if (o.met && (!reached || KIND_RANK[o.rule.kind] > KIND_RANK[reached.rule.kind])) reached = o;
      }
      if (reached) awards.push({ kind: reached.rule.kind, scope: module ? module.code : 'programme' });
      explanation.push(groupLine(outcomes, reached, track, module, w));
    }
  }

  return { ruleSet: def.id, ruleSetVersion: def.version, awards, attendedModules, missingModules, explanation };
}

/**
 * The modules a certificate names: for a trainer certificate, the modules whose sessions the
 * person led or co-facilitated; for a module's certificate, that module; for the programme,
 * the modules attended.
 */
export function awardModules(award: Award, decision: Pick<Decision, 'attendedModules'>, facts: Pick<LearnerFacts, 'trainer'>): string[] {
  if (award.kind === 'trainer') return [...(facts.trainer?.modulesDelivered ?? [])];
  if (award.scope !== 'programme') return [award.scope];
  return [...decision.attendedModules];
}

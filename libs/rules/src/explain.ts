/**
 * The wording of decisions: how the evaluator's outcomes read as the sentences a learner
 * and an administrator see ("Completion: 4 modules attended including DHR-INTRO; …").
 * evaluate.ts decides, this file only composes the sentences from phrases by key; the
 * words of each phrase come from a Wording (English by default: phrases-en.ts).
 */
import { ANY_EVIDENCE, type AwardCondition, type AwardRule, type EvidenceRequirement, type RuleSetDefinition } from './definition.js';
import { type CertificateTrack, type EvidenceStatus, KIND_RANK, type ModuleRecord } from './types.js';
import { ENGLISH, type PhraseValues, type Wording } from './wording.js';

function join(w: Wording, items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return w.phrase(`list.${conjunction}`, { first: items.slice(0, -1).join(', '), last: items.at(-1)! });
}

/** "a", "a and b", "a, b and c" */
export function joinAnd(items: readonly string[], w: Wording = ENGLISH): string {
  return join(w, items, 'and');
}

/** "a", "a or b", "a, b or c" */
export function joinOr(items: readonly string[], w: Wording = ENGLISH): string {
  return join(w, items, 'or');
}

/** 0.8 → "80%", 0.125 → "12.5%" */
export function percent(share: number, w: Wording = ENGLISH): string {
  return w.phrase('percent', { value: Number((share * 100).toFixed(1)) });
}

/** Whole minutes as they are; fractions with one decimal. */
export function minutes(n: number, w: Wording = ENGLISH): string {
  return w.number(Number.isInteger(n) ? n : Number(n.toFixed(1)));
}

/** "final-assignment" → "final assignment" (a kind the wording does not name: its dashes as spaces). */
export function evidenceWords(kind: string, w: Wording = ENGLISH): string {
  return w.has(`evidenceKind.${kind}`) ? w.phrase(`evidenceKind.${kind}`) : kind.replace(/-/g, ' ');
}

/** How an evidence requirement reads: "final assignment", "reflection, zine or policy exercise". */
export function evidenceLabel(req: EvidenceRequirement, w: Wording = ENGLISH): string {
  if (typeof req === 'string') return req === ANY_EVIDENCE ? w.phrase('evidenceAny') : evidenceWords(req, w);
  return joinOr(req.oneOf.map((k) => evidenceWords(k, w)), w);
}

/** An attendance status in words ("present"). */
export const statusWords = (status: string, w: Wording = ENGLISH): string =>
  w.has(`status.${status}`) ? w.phrase(`status.${status}`) : status;

// ---------------------------------------------------------------------------------------
// Outcomes of the evaluator, and how they read

/** Something a condition needed that the facts did not show. */
export type Unmet =
  | { type: 'count'; more: number }
  | { type: 'too-many'; attended: number; max: number }
  | { type: 'required'; codes: string[] }
  | { type: 'not-attended'; detail: string | null }
  | { type: 'evidence'; req: EvidenceRequirement; need: 'accepted' | 'submitted'; found: EvidenceStatus | null }
  | { type: 'tot' }
  | { type: 'co-facilitated'; more: number }
  | { type: 'led'; more: number };

export interface Outcome {
  rule: AwardRule;
  met: boolean;
  unmet: Unmet[];
  /** What was met, in words (only when met). */
  metWords: string;
}

/** How a module comes to count, in words: "present or late at one of its sessions". */
export function moduleRuleWords(def: RuleSetDefinition, withSelfPaced: boolean, w: Wording = ENGLISH): string {
  const rule = def.moduleAttended;
  const statuses = joinOr(rule.statuses.map((s) => statusWords(s, w)), w);
  let words =
    rule.minShareOfMinutes !== null && rule.minShareOfMinutes !== undefined
      ? w.phrase('moduleRule.withShare', { statuses, share: percent(rule.minShareOfMinutes, w) })
      : w.phrase('moduleRule.base', { statuses });
  const policy = rule.selfPaced ?? 'all-lessons-and-check';
  if (withSelfPaced && policy !== 'never') {
    words = w.phrase('moduleRule.orSelfPaced', { rule: words, selfPaced: w.phrase(`moduleRule.${policy}`) });
  }
  return words;
}

/**
 * Excused sessions of a module that was not attended, when the rule set does not count an
 * excused absence: "excused from 1 session, which does not count as attending".
 */
export function excusedWords(def: RuleSetDefinition, module: ModuleRecord, w: Wording = ENGLISH): string | null {
  if (def.moduleAttended.statuses.includes('excused')) return null;
  const n = module.sessions.filter((s) => s.status === 'excused').length;
  return n ? w.phrase('excused', { count: n }) : null;
}

export function countWords(when: AwardCondition, w: Wording = ENGLISH): string | null {
  const { minModules: min, maxModules: max } = when;
  let form: string;
  let n: number;
  if (min !== undefined && max !== undefined) [form, n] = min === max ? ['exactly', min] : ['between', max];
  else if (min !== undefined) [form, n] = ['atLeast', min];
  else if (max !== undefined) [form, n] = ['atMost', max];
  else return null;
  const values = { count: n, min: min ?? 0 };
  return when.modules ? w.phrase(`count.${form}Of`, { ...values, modules: when.modules.join(', ') }) : w.phrase(`count.${form}`, values);
}

/** What a rule asks for, as a noun phrase: "at least 4 modules including DHR-INTRO and an accepted final assignment". */
function needsWords(rule: AwardRule, w: Wording): string {
  const when = rule.when;
  const parts: string[] = [];
  const counting = countWords(when, w);
  if (counting) {
    parts.push(when.requiredModules ? w.phrase('needs.including', { counting, modules: joinAnd(when.requiredModules, w) }) : counting);
  } else if (when.requiredModules) {
    parts.push(w.phrase('needs.modules', { count: when.requiredModules.length, modules: joinAnd(when.requiredModules, w) }));
  }
  if (when.attended) parts.push(w.phrase('needs.attendance'));
  for (const [need, reqs] of [['accepted', when.acceptedEvidence], ['submitted', when.submittedEvidence]] as const) {
    for (const req of reqs ?? []) {
      parts.push(
        req === ANY_EVIDENCE
          ? w.phrase(need === 'accepted' ? 'needs.anyAccepted' : 'needs.anySubmitted')
          : w.phrase(`needs.${need}`, { evidence: evidenceLabel(req, w) }),
      );
    }
  }
  if (when.totModuleAttended) parts.push(w.phrase('needs.tot'));
  if (when.minCoFacilitated !== undefined) parts.push(w.phrase('needs.coFacilitated', { count: when.minCoFacilitated }));
  if (when.minLed !== undefined) parts.push(w.phrase('needs.led', { count: when.minLed }));
  return joinAnd(parts, w);
}

function unmetWords(u: Unmet, w: Wording): string {
  switch (u.type) {
    case 'count':
      return w.phrase('unmet.count', { count: u.more });
    case 'too-many':
      return w.phrase('unmet.tooMany', { attended: u.attended, max: u.max });
    case 'required':
      return w.phrase('unmet.required', { modules: joinAnd(u.codes, w) });
    case 'not-attended':
      return u.detail ? w.phrase('unmet.notAttendedBecause', { detail: u.detail }) : w.phrase('unmet.notAttended');
    case 'evidence': {
      const evidence = evidenceLabel(u.req, w);
      if (u.need === 'accepted') {
        const state = u.found === 'submitted' ? 'unmet.awaitingReview' : u.found === 'returned' ? 'unmet.returnedState' : 'unmet.noneHandedIn';
        return w.phrase('unmet.notAccepted', { evidence, state: w.phrase(state) });
      }
      return w.phrase(u.found === 'returned' ? 'unmet.returned' : 'unmet.notSubmitted', { evidence });
    }
    case 'tot':
      return w.phrase('unmet.tot');
    case 'co-facilitated':
      return w.phrase('unmet.coFacilitated', { count: u.more });
    case 'led':
      return w.phrase('unmet.led', { count: u.more });
  }
}

/**
 * "What is still missing" for each award above the one reached. A shortfall of modules
 * alone reads short ("1 more module for Completion"); anything else names the whole
 * requirement and each gap ("Completion needs …: missing DHR-INTRO, final assignment not accepted").
 */
function missingWords(higher: Outcome[], nounFirst: boolean, omitKind: boolean, w: Wording): string {
  let noun = nounFirst;
  const phrases = higher.map((o) => {
    const kind = w.phrase(`kind.${o.rule.kind}`);
    const only = o.unmet.length === 1 ? o.unmet[0] : null;
    if (only?.type === 'count') {
      const amount = noun ? w.phrase('unmet.count', { count: only.more }) : w.phrase('missing.more', { count: only.more });
      noun = false;
      // "for Completion": some languages word the kind differently after "for".
      return w.phrase('missing.moreFor', { amount, kind: w.phrase(`kindFor.${o.rule.kind}`) });
    }
    const values = { needs: needsWords(o.rule, w), gaps: o.unmet.map((u) => unmetWords(u, w)).join(', ') };
    return omitKind ? w.phrase('missing.needs', values) : w.phrase('missing.kindNeeds', { ...values, kind });
  });
  const allShort = higher.every((o) => o.unmet.length === 1 && o.unmet[0].type === 'count');
  return phrases.join(allShort ? ', ' : '; ');
}

export function groupLine(
  outcomes: Outcome[],
  reached: Outcome | null,
  track: CertificateTrack,
  module: ModuleRecord | null,
  w: Wording = ENGLISH,
): string {
  const rank = reached ? KIND_RANK[reached.rule.kind] : 0;
  const higher = outcomes.filter((o) => !o.met && KIND_RANK[o.rule.kind] > rank).sort((a, b) => KIND_RANK[a.rule.kind] - KIND_RANK[b.rule.kind]);
  const scope: PhraseValues = module ? { module: module.code } : {};
  if (reached) {
    const head = w.phrase(module ? 'group.reachedFor' : 'group.reached', { ...scope, kind: w.phrase(`kind.${reached.rule.kind}`), met: reached.metWords });
    if (!higher.length) return w.phrase('group.done', { head });
    const mentionsModules = countWords(reached.rule.when, w) !== null;
    return w.phrase('group.more', { head, missing: missingWords(higher, !mentionsModules, false, w) });
  }
  const none = w.phrase(`group.none${track === 'trainer' ? 'Trainer' : ''}${module ? 'For' : ''}`, scope);
  // A module not attended fails every rule that asks for attendance: say that once.
  const notAttended = higher.map((o) => o.unmet.find((u) => u.type === 'not-attended'));
  if (module && notAttended.every(Boolean)) return w.phrase('group.lacking', { none, missing: unmetWords(notAttended[0]!, w) });
  const omitKind = track === 'trainer' && new Set(higher.map((o) => o.rule.kind)).size === 1;
  return w.phrase('group.lacking', { none, missing: missingWords(higher, true, omitKind, w) });
}

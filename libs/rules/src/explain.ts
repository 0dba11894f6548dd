/**
 * The wording of decisions: how the evaluator's outcomes read as the sentences a learner
 * and an administrator see ("Completion: 4 modules attended including DHR-INTRO; …").
 * evaluate.ts decides, this file only words. English only for now.
 */
import { ANY_EVIDENCE, type AwardCondition, type AwardRule, type EvidenceRequirement, type RuleSetDefinition } from './definition.js';
import { type CertificateKind, type CertificateTrack, type EvidenceStatus, KIND_RANK, type ModuleRecord } from './types.js';

export const KIND_LABEL: Record<CertificateKind, string> = {
  attendance: 'Attendance',
  completion: 'Completion',
  trainer: 'Trainer',
};

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function join(items: readonly string[], last: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** "a", "a and b", "a, b and c" */
export function joinAnd(items: readonly string[]): string {
  return join(items, 'and');
}

/** "a", "a or b", "a, b or c" */
export function joinOr(items: readonly string[]): string {
  return join(items, 'or');
}

/** 0.8 → "80%", 0.125 → "12.5%" */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** Whole minutes as they are; fractions with one decimal. */
export function minutes(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(1)));
}

/** "final-assignment" → "final assignment" */
export function evidenceWords(kind: string): string {
  return kind.replace(/-/g, ' ');
}

/** How an evidence requirement reads: "final assignment", "reflection, zine or policy exercise". */
export function evidenceLabel(req: EvidenceRequirement): string {
  if (typeof req === 'string') return req === ANY_EVIDENCE ? 'evidence' : evidenceWords(req);
  return joinOr(req.oneOf.map(evidenceWords));
}

export function article(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? 'an' : 'a';
}

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
export function moduleRuleWords(def: RuleSetDefinition, withSelfPaced: boolean): string {
  const rule = def.moduleAttended;
  let words = `${joinOr(rule.statuses)} at one of its sessions`;
  if (rule.minShareOfMinutes !== null && rule.minShareOfMinutes !== undefined) {
    words += ` for at least ${percent(rule.minShareOfMinutes)} of the session's minutes`;
  }
  const policy = rule.selfPaced ?? 'all-lessons-and-check';
  if (withSelfPaced && policy !== 'never') {
    const sp = { 'all-lessons-and-check': 'all lessons and the knowledge check', 'all-lessons': 'all lessons', check: 'the knowledge check' }[policy];
    words += `, or ${sp} done`;
  }
  return words;
}

/**
 * Excused sessions of a module that was not attended, when the rule set does not count an
 * excused absence: "excused from 1 session, which does not count as attending".
 */
export function excusedWords(def: RuleSetDefinition, module: ModuleRecord): string | null {
  if (def.moduleAttended.statuses.includes('excused')) return null;
  const n = module.sessions.filter((s) => s.status === 'excused').length;
  return n ? `excused from ${plural(n, 'session')}, which does not count as attending under this rule set` : null;
}

export function countWords(when: AwardCondition): string | null {
  const { minModules: min, maxModules: max } = when;
  let amount: string;
  let n: number;
  if (min !== undefined && max !== undefined) {
    [amount, n] = min === max ? [`exactly ${min}`, min] : [`between ${min} and ${max}`, max];
  } else if (min !== undefined) [amount, n] = [`at least ${min}`, min];
  else if (max !== undefined) [amount, n] = [`at most ${max}`, max];
  else return null;
  return when.modules ? `${amount} of the modules ${when.modules.join(', ')}` : `${amount} module${n === 1 ? '' : 's'}`;
}


/** What a rule asks for, as a noun phrase: "at least 4 modules including DHR-INTRO and an accepted final assignment". */
function needsWords(rule: AwardRule): string {
  const when = rule.when;
  const parts: string[] = [];
  const counting = countWords(when);
  if (counting) {
    parts.push(when.requiredModules ? `${counting} including ${joinAnd(when.requiredModules)}` : counting);
  } else if (when.requiredModules) {
    parts.push(`${when.requiredModules.length === 1 ? 'module' : 'modules'} ${joinAnd(when.requiredModules)}`);
  }
  if (when.attended) parts.push('attendance');
  for (const [need, reqs] of [['accepted', when.acceptedEvidence], ['submitted', when.submittedEvidence]] as const) {
    for (const req of reqs ?? []) {
      parts.push(req === ANY_EVIDENCE ? `${need} evidence of any kind` : `${article(need)} ${need} ${evidenceLabel(req)}`);
    }
  }
  if (when.totModuleAttended) parts.push('the train-the-trainer module');
  if (when.minCoFacilitated !== undefined) parts.push(`at least ${plural(when.minCoFacilitated, 'co-facilitated session')}`);
  if (when.minLed !== undefined) parts.push(`at least ${plural(when.minLed, 'led session')}`);
  return joinAnd(parts);
}

function unmetWords(u: Unmet): string {
  switch (u.type) {
    case 'count':
      return plural(u.more, 'more module');
    case 'too-many':
      return `${u.attended} modules attended, more than ${u.max}`;
    case 'required':
      return `missing ${joinAnd(u.codes)}`;
    case 'not-attended':
      return u.detail ? `not attended (${u.detail})` : 'not attended';
    case 'evidence': {
      const label = evidenceLabel(u.req);
      if (u.need === 'accepted') {
        const state = u.found === 'submitted' ? 'awaiting review' : u.found === 'returned' ? 'returned' : 'none handed in';
        return `${label} not accepted (${state})`;
      }
      return u.found === 'returned' ? `${label} returned, to be handed in again` : `${label} not submitted`;
    }
    case 'tot':
      return 'train-the-trainer module not attended';
    case 'co-facilitated':
      return plural(u.more, 'more co-facilitated session');
    case 'led':
      return plural(u.more, 'more led session');
  }
}

/**
 * "What is still missing" for each award above the one reached. A shortfall of modules
 * alone reads short ("1 more module for Completion"); anything else names the whole
 * requirement and each gap ("Completion needs …: missing DHR-INTRO, final assignment not accepted").
 */
function missingWords(higher: Outcome[], nounFirst: boolean, omitKind: boolean): string {
  let noun = nounFirst;
  const phrases = higher.map((o) => {
    const label = KIND_LABEL[o.rule.kind];
    const only = o.unmet.length === 1 ? o.unmet[0] : null;
    if (only?.type === 'count') {
      const words = noun ? plural(only.more, 'more module') : `${only.more} more`;
      noun = false;
      return `${words} for ${label}`;
    }
    const needs = `needs ${needsWords(o.rule)}: ${o.unmet.map(unmetWords).join(', ')}`;
    return omitKind ? needs : `${label} ${needs}`;
  });
  const allShort = higher.every((o) => o.unmet.length === 1 && o.unmet[0].type === 'count');
  return phrases.join(allShort ? ', ' : '; ');
}

export function groupLine(
  outcomes: Outcome[],
  reached: Outcome | null,
  track: CertificateTrack,
  module: ModuleRecord | null,
): string {
  const rank = reached ? KIND_RANK[reached.rule.kind] : 0;
  const higher = outcomes.filter((o) => !o.met && KIND_RANK[o.rule.kind] > rank).sort((a, b) => KIND_RANK[a.rule.kind] - KIND_RANK[b.rule.kind]);
  const forScope = module ? ` for ${module.code}` : '';
  if (reached) {
    const head = `${KIND_LABEL[reached.rule.kind]}${forScope}: ${reached.metWords}`;
    if (!higher.length) return `${head}.`;
    const mentionsModules = countWords(reached.rule.when) !== null;
    return `${head}; ${missingWords(higher, !mentionsModules, false)}.`;
  }
  const none = `No ${track === 'trainer' ? 'trainer ' : ''}certificate${forScope}`;
  // A module not attended fails every rule that asks for attendance: say that once.
  const notAttended = higher.map((o) => o.unmet.find((u) => u.type === 'not-attended'));
  if (module && notAttended.every(Boolean)) return `${none}: ${unmetWords(notAttended[0]!)}.`;
  const omitKind = track === 'trainer' && new Set(higher.map((o) => o.rule.kind)).size === 1;
  return `${none}: ${missingWords(higher, true, omitKind)}.`;
}

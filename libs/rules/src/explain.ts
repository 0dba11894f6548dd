/** Small wording helpers shared by the evaluator's explanations. English only for now. */
import { ANY_EVIDENCE, type EvidenceRequirement } from './definition.js';
import type { CertificateKind } from './types.js';

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

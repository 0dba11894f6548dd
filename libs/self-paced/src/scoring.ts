/**
 * Scoring of knowledge checks, as pure functions: no database, no clock.
 *
 * The pass mark is a SHARE of the questions, from 0 to 1 with at most four decimals
 * (0.75 = 75 %, 0.6667 = two thirds). An attempt's score is the share of questions answered
 * right, rounded to four decimals, and the attempt passes when its score is at least the pass
 * mark. Both are compared as whole basis points (1/10000), so 0.7 of 10 questions is 7 and
 * 0.6667 of 3 is 2, without floating-point surprises. Passing is sticky: once any attempt
 * passed, the check stays passed (a later, worse attempt changes nothing).
 */

/** Scores are stored and shown with four decimals (numeric(5,4)). */
export const SCORE_DECIMALS = 4;

const SCALE = 10 ** SCORE_DECIMALS;

/** A share 0..1 as whole basis points: 0.75 → 7500, 2/3 → 6667. */
const basisPoints = (share: number) => Math.round(share * SCALE);

export interface AttemptScore {
  /** Number of questions answered right. */
  correct: number;
  /** Number of questions. */
  total: number;
  /** correct / total, rounded to four decimals (0 when there are no questions). */
  score: number;
  passed: boolean;
  /** Indexes (0-based, as in `answers`) of the questions answered wrong. */
  wrongQuestions: number[];
}

function assertPassMark(passMark: number): void {
  if (!Number.isFinite(passMark) || passMark < 0 || passMark > 1) {
    throw new RangeError(`pass mark must be a share from 0 to 1 (got ${passMark})`);
  }
}

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0 (got ${n})`);
}

export function roundScore(share: number): number {
  return basisPoints(share) / SCALE;
}

/** Whether `correct` right answers out of `total` pass: rounded score ≥ pass mark. No questions: passed. */
export function passes(correct: number, total: number, passMark: number): boolean {
  assertPassMark(passMark);
  assertCount('correct', correct);
  assertCount('total', total);
  if (correct > total) throw new RangeError(`correct (${correct}) cannot exceed total (${total})`);
  if (total === 0) return true;
  return basisPoints(correct / total) >= basisPoints(passMark);
}

/** Right answers needed to pass `total` questions with a pass mark given as a share. */
export function requiredCorrect(passMark: number, total: number): number {
  assertPassMark(passMark);
  assertCount('total', total);
  let needed = 0;
  while (needed < total && !passes(needed, total, passMark)) needed++;
  return needed;
}

/**
 * Scores one attempt against the answer key (`key[i]` is the index of the right option of
 * question i). The answers must be one per question: validate them first (see validation.ts).
 */
export function scoreAttempt(key: readonly number[], answers: readonly number[], passMark: number): AttemptScore {
  if (answers.length !== key.length) {
    throw new RangeError(`expected ${key.length} answers, got ${answers.length}`);
  }
  const wrongQuestions: number[] = [];
  key.forEach((right, i) => {
    if (answers[i] !== right) wrongQuestions.push(i);
  });
  const total = key.length;
  const correct = total - wrongQuestions.length;
  return {
    correct,
    total,
    score: total === 0 ? 0 : roundScore(correct / total),
    passed: passes(correct, total, passMark),
    wrongQuestions,
  };
}

/** Attempts the learner still has; never negative (an administrator may lower the limit). */
export function attemptsLeft(maxAttempts: number, used: number): number {
  assertCount('maxAttempts', maxAttempts);
  assertCount('used', used);
  return Math.max(0, maxAttempts - used);
}

/**
 * Whether the learner may see which questions they got wrong: only once the check is passed
 * or no attempt is left, so the review can never be used to pass.
 */
export function reviewAvailable(state: { passed: boolean; attemptsLeft: number }): boolean {
  return state.passed || state.attemptsLeft === 0;
}

/** The best attempt: highest score, the earliest of equals. */
export function bestAttempt<T extends { score: number; number: number }>(attempts: readonly T[]): T | null {
  let best: T | null = null;
  for (const a of attempts) {
    if (!best || a.score > best.score || (a.score === best.score && a.number < best.number)) best = a;
  }
  return best;
}

/** A self-paced module counts as attended here when every lesson is done and the check is passed. */
export function selfPacedAttended(p: { lessonsTotal: number; lessonsDone: number; checkPassed: boolean }): boolean {
  return p.lessonsTotal > 0 && p.lessonsDone >= p.lessonsTotal && p.checkPassed;
}

import { CHECKIN_ALPHABET } from './checkin-code.js';
import { ASSUMED_SESSION_HOURS, resolvePolicy, type CheckinPolicy } from './policy.js';

/** A limit on wrong check-in attempts, per learner (enforced by the caller, e.g. the API). */
export interface AttemptLimit {
  attempts: number;
  perMinutes: number;
}

/** The rate limit the odds in the README assume: 5 wrong attempts per learner per 10 minutes. */
export const RECOMMENDED_ATTEMPT_LIMIT: Readonly<AttemptLimit> = Object.freeze({ attempts: 5, perMinutes: 10 });

export interface GuessingOdds {
  alphabetSize: number;
  length: number;
  /** alphabetSize ^ length: how many different codes exist. */
  codeSpace: number;
  /** Codes that are accepted at any one moment: the current one plus the grace steps. */
  acceptedAtOnce: number;
  /** Chance that one blind guess is accepted: acceptedAtOnce / codeSpace. */
  perAttempt: number;
  attempts: number;
  /** Chance that at least one of `attempts` blind guesses is accepted: 1 − (1 − perAttempt)^attempts. */
  probability: number;
  /** The same chance written as "1 in N" (rounded down). */
  oneIn: number;
}

/**
 * Odds that someone who is not in the room, and so cannot read the screen,
 * checks in by guessing, given how many attempts the rate limit lets them make
 * during the whole check-in window. Each guess is at best a draw from the code
 * space with `acceptedAtOnce` winning tickets (codes are HMAC outputs and
 * unpredictable without the session secret), so the union bound
 * attempts × perAttempt caps the chance; `probability` is the exact value for
 * independent guesses, which is slightly smaller.
 */
export function guessingOdds(policy: Partial<CheckinPolicy> | undefined, attemptsPerWindow: number): GuessingOdds {
  const p = resolvePolicy(policy);
  if (!Number.isInteger(attemptsPerWindow) || attemptsPerWindow < 0) {
    throw new RangeError(`attemptsPerWindow must be a whole number, 0 or more (got ${attemptsPerWindow})`);
  }
  const alphabetSize = CHECKIN_ALPHABET.length;
  const codeSpace = alphabetSize ** p.length;
  const acceptedAtOnce = 1 + p.acceptPreviousSteps;
  const perAttempt = acceptedAtOnce / codeSpace;
  // 1 − (1 − x)^n computed without losing precision for tiny x.
  const probability = -Math.expm1(attemptsPerWindow * Math.log1p(-perAttempt));
  return {
    alphabetSize,
    length: p.length,
    codeSpace,
    acceptedAtOnce,
    perAttempt,
    attempts: attemptsPerWindow,
    probability,
    oneIn: probability === 0 ? Infinity : Math.floor(1 / probability),
  };
}

/**
 * The most attempts a learner can make in a check-in window of
 * `windowMinutes` under `limit`. One extra period is counted because a
 * fixed-window limiter can let a burst through on each side of a period
 * boundary.
 */
export function attemptsInWindow(windowMinutes: number, limit: AttemptLimit = RECOMMENDED_ATTEMPT_LIMIT): number {
  if (!(windowMinutes >= 0) || !Number.isFinite(windowMinutes)) throw new RangeError('windowMinutes must be a finite number, 0 or more');
  if (!Number.isInteger(limit.attempts) || limit.attempts < 0 || !(limit.perMinutes > 0)) {
    throw new RangeError('the attempt limit needs a whole number of attempts and a positive period');
  }
  return (Math.ceil(windowMinutes / limit.perMinutes) + 1) * limit.attempts;
}

/** Length in minutes of the default check-in window for a session without a recorded end. */
export function defaultWindowMinutes(policy?: Partial<CheckinPolicy>): number {
  const p = resolvePolicy(policy);
  return p.opensMinutesBefore + ASSUMED_SESSION_HOURS * 60 + p.closesMinutesAfter;
}

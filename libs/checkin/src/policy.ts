/**
 * Check-in policy: how long a code is, how often it rotates, how much grace a
 * learner gets for a code that has just rotated, and when check-in is possible
 * relative to the session.
 */
export interface CheckinPolicy {
  /** Number of symbols in a code. */
  length: number;
  /** A new code is shown every `stepSeconds` seconds. */
  stepSeconds: number;
  /**
   * How many steps back a code is still accepted. With 1, the code shown just
   * before the current one still works (someone typing while the screen
   * rotates is not refused).
   */
  acceptPreviousSteps: number;
  /** Check-in can start this many minutes before the session starts. */
  opensMinutesBefore: number;
  /**
   * Check-in stops this many minutes after the session ends; when the session
   * has no end, the end is taken as start + {@link ASSUMED_SESSION_HOURS} hours.
   */
  closesMinutesAfter: number;
  /** Checking in more than this many minutes after the start records the learner as late. */
  lateAfterMinutes: number;
}

export const DEFAULT_CHECKIN_POLICY: Readonly<CheckinPolicy> = Object.freeze({
  length: 6,
  stepSeconds: 30,
  acceptPreviousSteps: 1,
  opensMinutesBefore: 30,
  closesMinutesAfter: 30,
  lateAfterMinutes: 10,
});

/** Session length assumed when a session has no recorded end. */
export const ASSUMED_SESSION_HOURS = 3;

/**
 * How far back a code is still recognised as a real (but too old) code of this
 * session, so the learner is told "expired" instead of "wrong". Such codes are
 * never accepted.
 */
export const EXPIRED_LOOKBACK_SECONDS = 10 * 60;

/** Merges the overrides into the defaults and rejects values that make no sense. */
export function resolvePolicy(policy?: Partial<CheckinPolicy>): CheckinPolicy {
  const merged: CheckinPolicy = { ...DEFAULT_CHECKIN_POLICY };
  for (const key of Object.keys(DEFAULT_CHECKIN_POLICY) as (keyof CheckinPolicy)[]) {
    const value = policy?.[key];
    if (value !== undefined) merged[key] = value;
  }
  requireInteger('length', merged.length, 4, 16);
  requireInteger('stepSeconds', merged.stepSeconds, 5, 3600);
  requireInteger('acceptPreviousSteps', merged.acceptPreviousSteps, 0, 10);
  requireFinite('opensMinutesBefore', merged.opensMinutesBefore);
  requireFinite('closesMinutesAfter', merged.closesMinutesAfter);
  requireFinite('lateAfterMinutes', merged.lateAfterMinutes);
  return merged;
}

/**
 * When the policy lets check-in happen for a session: from `opensMinutesBefore` its start
 * to `closesMinutesAfter` its end (a session without an end is taken to last
 * {@link ASSUMED_SESSION_HOURS} hours). The trainer's own open and close narrow it further.
 */
export function checkinWindow(sessionStart: Date, sessionEnd: Date | null, policy?: Partial<CheckinPolicy>): { opens: Date; closes: Date } {
  const p = resolvePolicy(policy);
  const start = sessionStart.getTime();
  const end = sessionEnd === null ? start + ASSUMED_SESSION_HOURS * 3_600_000 : sessionEnd.getTime();
  return { opens: new Date(start - p.opensMinutesBefore * 60_000), closes: new Date(end + p.closesMinutesAfter * 60_000) };
}

/** The status a check-in at `at` records: late once `lateAfterMinutes` past the start. */
export function checkinStatus(at: Date, sessionStart: Date, policy?: Partial<CheckinPolicy>): 'present' | 'late' {
  return at.getTime() > sessionStart.getTime() + resolvePolicy(policy).lateAfterMinutes * 60_000 ? 'late' : 'present';
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`check-in policy: ${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
}

function requireFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`check-in policy: ${name} must be a finite number of minutes, 0 or more (got ${value})`);
  }
}

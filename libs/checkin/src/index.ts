export {
  CHECKIN_ALPHABET,
  codeAt,
  newSessionSecret,
  normalizeCode,
  verifyCode,
  type CheckinContext,
  type CheckinRefusal,
  type CheckinVerdict,
} from './checkin-code.js';
export {
  ASSUMED_SESSION_HOURS,
  checkinStatus,
  checkinWindow,
  DEFAULT_CHECKIN_POLICY,
  EXPIRED_LOOKBACK_SECONDS,
  resolvePolicy,
  type CheckinPolicy,
} from './policy.js';
export {
  RECOMMENDED_ATTEMPT_LIMIT,
  attemptsInWindow,
  defaultWindowMinutes,
  guessingOdds,
  type AttemptLimit,
  type GuessingOdds,
} from './guessing-odds.js';
export * from './checkin.module.js';
export * from './checkin.service.js';

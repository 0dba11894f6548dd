import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  checkinWindow,
  EXPIRED_LOOKBACK_SECONDS,
  resolvePolicy,
  type CheckinPolicy,
} from './policy.js';

/**
 * Symbols a check-in code is made of: 25 symbols that are hard to confuse when
 * read off a projector or typed on a phone.
 *
 * Left out on purpose, in pairs that people mix up:
 *   0 / O (and Q stays only because both 0 and O are gone)
 *   1 / I / L
 *   2 / Z
 *   5 / S
 *   8 / B
 * What remains: digits 3 4 6 7 9 and the letters A C D E F G H J K M N P Q R
 * T U V W X Y. Input is upper-cased before checking, so lower-case typing works.
 */
export const CHECKIN_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';

const SECRET_BYTES = 32;
const MIN_SECRET_BYTES = 16;
const MS_PER_MINUTE = 60_000;

/**
 * A fresh random secret for one session, created when the trainer opens
 * check-in and stored with the session: 32 random bytes, base64url (43 chars).
 */
export function newSessionSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * The code to show at `at`.
 *
 * - `step`: number of the rotation step (`floor(unix seconds / stepSeconds)`).
 * - `validUntil`: when this step ends, i.e. when the screen must show the next code.
 * - `acceptedUntil`: when {@link verifyCode} stops accepting it (one step later
 *   with the default grace of one previous step).
 */
export function codeAt(
  secret: string,
  at: Date,
  policy?: Partial<CheckinPolicy>,
): { code: string; validUntil: Date; step: number; acceptedUntil: Date } {
  const p = resolvePolicy(policy);
  const key = secretKey(secret);
  const step = stepOf(at, p);
  const stepMs = p.stepSeconds * 1000;
  return {
    code: deriveCode(key, step, p.length),
    step,
    validUntil: new Date((step + 1) * stepMs),
    acceptedUntil: new Date((step + 1 + p.acceptPreviousSteps) * stepMs),
  };
}

export type CheckinRefusal = 'window-not-open' | 'window-closed' | 'wrong-code' | 'expired-code' | 'malformed-code';

export interface CheckinContext {
  /** The session's secret (from {@link newSessionSecret}). */
  secret: string;
  now: Date;
  sessionStart: Date;
  /** Null when the session has no recorded end. */
  sessionEnd: Date | null;
  /** When the trainer opened check-in; null while it has not been opened. */
  openedAt: Date | null;
  /** When the trainer closed check-in early; null while it is not closed. */
  closedAt: Date | null;
}

export type CheckinVerdict =
  | { ok: true; step: number }
  | { ok: false; reason: CheckinRefusal; message: string };

/**
 * Checks a code typed by a learner.
 *
 * Order of checks: the check-in window first (nothing about the code is looked
 * at outside it), then the shape of the code, then its value. The window is
 * the overlap of the policy window (`opensMinutesBefore` the start to
 * `closesMinutesAfter` the end) and the trainer's own open/close actions.
 *
 * Accepted: the code of the current step or of up to `acceptPreviousSteps`
 * steps before. A code of an older step, up to {@link EXPIRED_LOOKBACK_SECONDS}
 * back, is refused as 'expired-code'; anything else as 'wrong-code'. Steps that
 * ended before check-in opened are never considered: their codes were never
 * on screen. Every candidate is compared, in constant time, without stopping
 * at the first match, so response time does not depend on which step matched.
 */
export function verifyCode(input: string, ctx: CheckinContext, policy?: Partial<CheckinPolicy>): CheckinVerdict {
  const p = resolvePolicy(policy);
  const key = secretKey(ctx.secret);
  const now = requireDate('now', ctx.now).getTime();
  const window = checkinWindow(
    requireDate('sessionStart', ctx.sessionStart),
    ctx.sessionEnd === null ? null : requireDate('sessionEnd', ctx.sessionEnd),
    p,
  );
  const policyOpens = window.opens.getTime();
  const policyCloses = window.closes.getTime();

  if (now < policyOpens) {
    return refuse('window-not-open', `Check-in opens ${p.opensMinutesBefore} minutes before the session starts (${new Date(policyOpens).toISOString()}).`);
  }
  if (now >= policyCloses) {
    return refuse('window-closed', `Check-in for this session closed at ${new Date(policyCloses).toISOString()}.`);
  }
  if (ctx.closedAt !== null && now >= requireDate('closedAt', ctx.closedAt).getTime()) {
    return refuse('window-closed', 'The trainer has closed check-in for this session.');
  }
  if (ctx.openedAt === null) {
    return refuse('window-not-open', 'The trainer has not opened check-in for this session yet.');
  }
  const openedAt = requireDate('openedAt', ctx.openedAt).getTime();
  if (now < openedAt) {
    return refuse('window-not-open', 'The trainer has not opened check-in for this session yet.');
  }

  const typed = normalizeCode(input);
  if (typed.length !== p.length || ![...typed].every((ch) => CHECKIN_ALPHABET.includes(ch))) {
    return refuse('malformed-code', `A check-in code has ${p.length} characters from ${CHECKIN_ALPHABET}.`);
  }

  const current = stepOf(ctx.now, p);
  const firstShown = Math.floor(Math.max(openedAt, policyOpens) / (p.stepSeconds * 1000));
  const oldestAccepted = current - p.acceptPreviousSteps;
  const oldestRecognised = oldestAccepted - Math.ceil(EXPIRED_LOOKBACK_SECONDS / p.stepSeconds);
  const typedBytes = Buffer.from(typed, 'utf8');

  let acceptedStep = -1;
  let expired = false;
  for (let step = current; step >= Math.max(oldestRecognised, firstShown, 0); step--) {
    const matches = timingSafeEqual(typedBytes, Buffer.from(deriveCode(key, step, p.length), 'utf8'));
    // No early exit: all candidates are derived and compared every time.
    if (matches && step >= oldestAccepted && acceptedStep < 0) acceptedStep = step;
    if (matches && step < oldestAccepted) expired = true;
  }
  if (acceptedStep >= 0) return { ok: true, step: acceptedStep };
  if (expired) {
    return refuse('expired-code', 'That code has expired: enter the code now on the screen.');
  }
  return refuse('wrong-code', 'That is not the code of this session: check the screen and try again.');
}

/** Trims, upper-cases and drops spaces and dashes (of any kind) a learner may type. */
export function normalizeCode(input: string): string {
  return String(input)
    .trim()
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212]+/gu, '');
}

function refuse(reason: CheckinRefusal, message: string): CheckinVerdict {
  return { ok: false, reason, message };
}

function stepOf(at: Date, p: CheckinPolicy): number {
  const ms = requireDate('at', at).getTime();
  if (ms < 0) throw new RangeError('check-in: times before 1970 are not supported');
  return Math.floor(ms / (p.stepSeconds * 1000));
}

function requireDate(name: string, value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`check-in: ${name} must be a valid Date`);
  }
  return value;
}

function secretKey(secret: string): Buffer {
  if (typeof secret !== 'string' || !/^[A-Za-z0-9_-]+$/.test(secret)) {
    throw new TypeError('check-in: the session secret must be a base64url string');
  }
  const key = Buffer.from(secret, 'base64url');
  if (key.length < MIN_SECRET_BYTES) {
    throw new TypeError(`check-in: the session secret must hold at least ${MIN_SECRET_BYTES} bytes`);
  }
  return key;
}

/**
 * HMAC-SHA256(key, step as 8-byte big-endian) gives 32 bytes; each byte below
 * 250 (the largest multiple of 25 that fits in a byte) picks symbol
 * `byte % 25`, bytes 250..255 are skipped, so every symbol is exactly equally
 * likely. Six symbols almost always come from the first 32 bytes; in the rare
 * case they do not, further blocks HMAC(key, step ‖ block number) follow.
 */
function deriveCode(key: Buffer, step: number, length: number): string {
  const size = CHECKIN_ALPHABET.length;
  const limit = 256 - (256 % size);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  let code = '';
  for (let block = 0; code.length < length; block++) {
    const message = block === 0 ? counter : Buffer.concat([counter, Buffer.from([block & 0xff])]);
    for (const byte of createHmac('sha256', key).update(message).digest()) {
      if (byte >= limit) continue;
      code += CHECKIN_ALPHABET[byte % size];
      if (code.length === length) break;
    }
  }
  return code;
}

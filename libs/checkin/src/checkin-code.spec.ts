import {
  CHECKIN_ALPHABET,
  codeAt,
  newSessionSecret,
  normalizeCode,
  verifyCode,
  type CheckinContext,
  type CheckinRefusal,
} from './checkin-code.js';
import { EXPIRED_LOOKBACK_SECONDS } from './policy.js';

// Fixed secrets keep the tests deterministic: bytes 0..31, and bytes 31..0.
const SECRET = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64url');
const OTHER_SECRET = Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)).toString('base64url');

const at = (iso: string) => new Date(iso);
const NOW = at('2023-03-01T10:05:10Z');
const secondsBefore = (date: Date, seconds: number) => new Date(date.getTime() - seconds * 1000);

const baseCtx: CheckinContext = {
  secret: SECRET,
  now: NOW,
  sessionStart: at('2023-03-01T10:00:00Z'),
  sessionEnd: at('2023-03-01T12:00:00Z'),
  openedAt: at('2023-03-01T09:40:00Z'),
  closedAt: null,
};

const codeFor = (when: Date, secret = SECRET) => codeAt(secret, when).code;

describe('CHECKIN_ALPHABET', () => {
  it('has no symbol that is easy to confuse with another', () => {
    for (const ch of '0O1IL2Z5S8B') expect(CHECKIN_ALPHABET).not.toContain(ch);
  });

  it('has 25 distinct upper-case letters and digits', () => {
    expect(CHECKIN_ALPHABET).toHaveLength(25);
    expect(new Set(CHECKIN_ALPHABET).size).toBe(25);
    expect(CHECKIN_ALPHABET).toMatch(/^[A-Z3-9]+$/);
  });
});

describe('newSessionSecret', () => {
  it('returns 32 random bytes as base64url', () => {
    const a = newSessionSecret();
    const b = newSessionSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});

describe('codeAt', () => {
  it('matches vectors computed independently (HMAC-SHA256, 8-byte counter, rejection sampling)', () => {
    // 2023-03-01T10:00:00Z is step 55922160 with 30-second steps.
    expect(codeAt(SECRET, at('2023-03-01T10:00:00Z'))).toEqual({
      code: 'VJKGYC',
      step: 55922160,
      validUntil: at('2023-03-01T10:00:30Z'),
      acceptedUntil: at('2023-03-01T10:01:00Z'),
    });
    expect(codeFor(at('2023-03-01T10:00:29.999Z'))).toBe('VJKGYC');
    expect(codeFor(at('2023-03-01T10:00:30Z'))).toBe('GD7GUC');
    expect(codeFor(at('2023-03-01T09:59:59Z'))).toBe('NAWA44');
    expect(codeAt(SECRET, at('2023-03-01T10:00:00Z'), { length: 8 }).code).toBe('VJKGYC4Y');
  });

  it('is deterministic: same secret and time give the same code', () => {
    const fresh = newSessionSecret();
    expect(codeAt(fresh, NOW)).toEqual(codeAt(fresh, new Date(NOW.getTime())));
  });

  it('uses only the alphabet, with the configured length', () => {
    for (const length of [4, 6, 8]) {
      for (let i = 0; i < 500; i++) {
        const { code } = codeAt(SECRET, new Date(NOW.getTime() + i * 30_000), { length });
        expect(code).toHaveLength(length);
        expect([...code].every((ch) => CHECKIN_ALPHABET.includes(ch))).toBe(true);
      }
    }
  });

  it('rotates every step and keeps the code for the whole step', () => {
    let previous = '';
    for (let i = 0; i < 200; i++) {
      const stepStart = new Date(Date.UTC(2023, 2, 1, 10) + i * 30_000);
      const { code, validUntil } = codeAt(SECRET, stepStart);
      expect(codeFor(new Date(stepStart.getTime() + 29_999))).toBe(code);
      expect(validUntil.getTime()).toBe(stepStart.getTime() + 30_000);
      expect(code).not.toBe(previous);
      previous = code;
    }
  });

  it('honours a different step length', () => {
    const { validUntil } = codeAt(SECRET, at('2023-03-01T10:00:10Z'), { stepSeconds: 60 });
    expect(validUntil).toEqual(at('2023-03-01T10:01:00Z'));
  });

  it('spreads symbols evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      for (const ch of codeFor(new Date(Date.UTC(2023, 0, 1) + i * 30_000))) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    const expected = (5000 * 6) / 25;
    for (const ch of CHECKIN_ALPHABET) {
      expect(Math.abs((counts.get(ch) ?? 0) - expected)).toBeLessThan(expected * 0.15);
    }
  });

  it.each([
    ['not base64url', 'secret with spaces'],
    ['too short', 'c2hvcnQ'],
    ['empty', ''],
  ])('rejects a secret that is %s', (_label, secret) => {
    expect(() => codeAt(secret, NOW)).toThrow(TypeError);
  });

  it.each([{ length: 3 }, { stepSeconds: 0 }, { acceptPreviousSteps: -1 }, { length: 6.5 }])(
    'rejects the policy %j',
    (policy) => {
      expect(() => codeAt(SECRET, NOW, policy)).toThrow(RangeError);
    },
  );
});

describe('normalizeCode', () => {
  it.each([
    ['  vjk-gyc ', 'VJKGYC'],
    ['VJK GYC', 'VJKGYC'],
    ['vj–kg—yc', 'VJKGYC'],
    ['\tVJKGYC\n', 'VJKGYC'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeCode(input)).toBe(expected);
  });
});

describe('verifyCode', () => {
  const current = codeAt(SECRET, NOW);
  type Case = [string, string, Partial<CheckinContext>, { ok: true; step: number } | CheckinRefusal];
  const cases: Case[] = [
    ['right code', current.code, {}, { ok: true, step: current.step }],
    ['right code, typed loosely', ` ${current.code.slice(0, 3).toLowerCase()}-${current.code.slice(3)} `, {}, { ok: true, step: current.step }],
    ['code of the previous step', codeFor(secondsBefore(NOW, 30)), {}, { ok: true, step: current.step - 1 }],
    ['code two steps old', codeFor(secondsBefore(NOW, 60)), {}, 'expired-code'],
    ['code nine minutes old', codeFor(secondsBefore(NOW, 9 * 60)), {}, 'expired-code'],
    ['code older than the expiry look-back', codeFor(secondsBefore(NOW, EXPIRED_LOOKBACK_SECONDS + 90)), {}, 'wrong-code'],
    ['code of the next step', codeFor(new Date(NOW.getTime() + 30_000)), {}, 'wrong-code'],
    ["another session's code", codeFor(NOW, OTHER_SECRET), {}, 'wrong-code'],
    ['made-up code', 'AAAAAA', {}, 'wrong-code'],
    ['too short', current.code.slice(0, 5), {}, 'malformed-code'],
    ['too long', `${current.code}A`, {}, 'malformed-code'],
    ['empty', '   ', {}, 'malformed-code'],
    ['symbol outside the alphabet', `${current.code.slice(0, 5)}0`, {}, 'malformed-code'],
    ['before the window', current.code, { now: at('2023-03-01T09:29:59Z'), openedAt: at('2023-03-01T09:00:00Z') }, 'window-not-open'],
    ['after the window', current.code, { now: at('2023-03-01T12:30:00Z') }, 'window-closed'],
    ['after the window, session without end', current.code, { now: at('2023-03-01T13:30:00Z'), sessionEnd: null }, 'window-closed'],
    ['closed early by the trainer', current.code, { closedAt: at('2023-03-01T10:03:00Z') }, 'window-closed'],
    ['closed by the trainer just now', current.code, { closedAt: NOW }, 'window-closed'],
    ['not yet opened by the trainer', current.code, { openedAt: null }, 'window-not-open'],
    ['trainer opens it later', current.code, { openedAt: at('2023-03-01T10:10:00Z') }, 'window-not-open'],
    // The previous step ended before check-in opened, so its code never showed.
    ['code of a step before check-in opened', codeFor(secondsBefore(NOW, 30)), { openedAt: at('2023-03-01T10:05:05Z') }, 'wrong-code'],
  ];

  it.each(cases)('%s', (_label, input, overrides, expected) => {
    const verdict = verifyCode(input, { ...baseCtx, ...overrides });
    if (typeof expected === 'string') {
      expect(verdict).toMatchObject({ ok: false, reason: expected });
      if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(0);
    } else {
      expect(verdict).toEqual(expected);
    }
  });

  it.each([
    ['opening edge, 30 minutes before the start', at('2023-03-01T09:30:00Z'), true],
    ['late in a session without end', at('2023-03-01T13:29:59Z'), true],
  ])('accepts the current code at the %s', (_label, now, ok) => {
    const ctx = { ...baseCtx, now, sessionEnd: null, openedAt: at('2023-03-01T09:00:00Z') };
    expect(verifyCode(codeFor(now), ctx).ok).toBe(ok);
  });

  it('still accepts the previous code with a wider grace, and refuses it with none', () => {
    const twoBack = codeFor(secondsBefore(NOW, 60));
    expect(verifyCode(twoBack, baseCtx, { acceptPreviousSteps: 2 })).toEqual({ ok: true, step: current.step - 2 });
    expect(verifyCode(codeFor(secondsBefore(NOW, 30)), baseCtx, { acceptPreviousSteps: 0 })).toMatchObject({ ok: false, reason: 'expired-code' });
  });

  it('works with a longer code and a longer step', () => {
    const policy = { length: 8, stepSeconds: 60 };
    const { code, step } = codeAt(SECRET, NOW, policy);
    expect(verifyCode(code, baseCtx, policy)).toEqual({ ok: true, step });
    expect(verifyCode(code.slice(0, 6), baseCtx, policy)).toMatchObject({ ok: false, reason: 'malformed-code' });
  });

  it('accepts a fresh secret only with its own codes', () => {
    const a = newSessionSecret();
    const b = newSessionSecret();
    expect(verifyCode(codeFor(NOW, a), { ...baseCtx, secret: a }).ok).toBe(true);
    expect(verifyCode(codeFor(NOW, a), { ...baseCtx, secret: b })).toMatchObject({ ok: false, reason: 'wrong-code' });
  });
});

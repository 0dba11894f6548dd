import { isIP } from 'node:net';
import { z } from 'zod';

/** A fixed-window limit: at most `points` counted requests per `windowSeconds`, per key. */
export interface RateLimitSetting {
  points: number;
  windowSeconds: number;
}

/** Every request limit of the academy, each counted in the shared Redis (see the README). */
export interface RateLimits {
  /** Failed logins per e-mail address, from any address; a successful login clears the count. */
  loginPerAccount: RateLimitSetting;
  /** Failed logins per client address, whatever the e-mail; successful logins are not counted. */
  loginPerAddress: RateLimitSetting;
  /** Failed uses of a mailed token (accepting an invitation, confirming a password reset) per client address. */
  tokenPerAddress: RateLimitSetting;
  /** Password-reset requests per client address (each one may send a mail). */
  resetRequestPerAddress: RateLimitSetting;
  /** Public certificate verifications (API and page) per client address. */
  verifyPerAddress: RateLimitSetting;
  /** Wrong check-in codes per learner and session. */
  checkinPerLearner: RateLimitSetting;
}

/** Variable name → default, in the `<count>/<window>` form the variables take. */
export const RATE_LIMIT_VARIABLES = {
  LOGIN_LIMIT_PER_ACCOUNT: '10/15m',
  LOGIN_LIMIT_PER_ADDRESS: '20/15m',
  TOKEN_LIMIT_PER_ADDRESS: '10/15m',
  RESET_LIMIT_PER_ADDRESS: '5/15m',
  VERIFY_LIMIT_PER_ADDRESS: '60/1m',
  CHECKIN_LIMIT_PER_LEARNER: '5/10m',
} as const;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** `10/15m`: ten per fifteen minutes (units s, m, h); at most a day, at least a second. */
export function rateLimit(name: string, fallback: string) {
  const message = (raw: unknown) =>
    `${name} must be <count>/<window> such as 10/15m (window in s, m or h, at most 24h) (got "${String(raw)}")`;
  return z
    .string()
    .default(fallback)
    .transform((raw, ctx): RateLimitSetting => {
      const m = /^(\d{1,7})\s*\/\s*(\d{1,5})\s*([smh])$/.exec(raw);
      const points = m ? Number(m[1]) : 0;
      const windowSeconds = m ? Number(m[2]) * UNIT_SECONDS[m[3]] : 0;
      if (!m || points < 1 || windowSeconds < 1 || windowSeconds > 86_400) {
        ctx.addIssue({ code: 'custom', message: message(raw) });
        return z.NEVER;
      }
      return { points, windowSeconds };
    });
}

/**
 * Whose `X-Forwarded-For` the api believes, in Express's `trust proxy` terms. Unset: nobody's,
 * the address is the connection's peer. A number: that many proxies in front (the address is
 * that many hops from the right of the header). Otherwise a comma-separated list of proxy
 * addresses or subnets (`10.0.0.0/8`), or the names `loopback`, `linklocal`, `uniquelocal`.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length || !isIP(address)) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

export const trustProxy = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    if (raw === undefined || raw === 'false') return false;
    if (/^\d{1,2}$/.test(raw)) return Number(raw);
    const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isProxyEntry(e));
    if (!entries.length || bad.length) {
      ctx.addIssue({
        code: 'custom',
        message:
          'TRUST_PROXY must be a number of proxy hops, or a comma-separated list of proxy addresses, subnets ' +
          `or loopback/linklocal/uniquelocal (not understood: "${bad.join(', ') || raw}")`,
      });
      return z.NEVER;
    }
    return entries;
  });

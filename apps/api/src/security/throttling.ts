import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AcademyConfig } from '@academy/config';
import type { LimitVerdict, RateLimiters, RequestLimiter } from '@academy/redis';
import { answerError } from '../common/http-exception.filter.js';
import { isPagePath } from '../pages/session.js';
import { clientAddress } from './client-address.js';

/**
 * What one limited request counts against, and what happens once it has been answered.
 * `onSuccess` runs when the answer is a 2xx or 3xx: a successful login clears its account's
 * failures and gives the address its point back, so only failures add up.
 */
interface Counted {
  limiter: RequestLimiter;
  key: string;
  onSuccess?: 'clear' | 'refund';
}

interface Rule {
  /** Matches the request's method and its normalized path (lower case, no trailing slash). */
  matches(method: string, path: string): boolean;
  counts(req: Request): Counted[];
  message: string;
}

const emailOf = (req: Request): string | null => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : null;
};

/**
 * Counts a login attempt per account (the e-mail, from any address) and per client address
 * (whatever the e-mail), each in its own limit. Also used by the queue dashboard's sign-in form.
 * Needs the parsed body.
 */
export function loginCounts(limiters: RateLimiters, config: AcademyConfig): (req: Request) => Counted[] {
  const account = limiters.limiter('login-account', config.rateLimits.loginPerAccount);
  const address = limiters.limiter('login-address', config.rateLimits.loginPerAddress);
  return (req) => {
    const email = emailOf(req);
    return [
      { limiter: address, key: clientAddress(req), onSuccess: 'refund' },
      ...(email ? [{ limiter: account, key: email, onSuccess: 'clear' as const }] : []),
    ];
  };
}

const LOGIN_MESSAGE = 'too many failed logins: wait before trying again';

function rules(limiters: RateLimiters, config: AcademyConfig): Rule[] {
  const limits = config.rateLimits;
  const tokens = limiters.limiter('token-address', limits.tokenPerAddress);
  const resets = limiters.limiter('reset-address', limits.resetRequestPerAddress);
  const verify = limiters.limiter('verify-address', limits.verifyPerAddress);
  const post = (...paths: string[]) => (method: string, path: string) => method === 'POST' && paths.includes(path);
  return [
    { matches: post('/api/auth/login', '/sign-in'), counts: loginCounts(limiters, config), message: LOGIN_MESSAGE },
    {
      matches: post('/api/auth/accept-invitation', '/api/auth/password-reset/confirm', '/invitation', '/password-reset'),
      counts: (req) => [{ limiter: tokens, key: clientAddress(req), onSuccess: 'refund' }],
      message: 'too many attempts with an invitation or reset link: wait before trying again',
    },
    {
      matches: post('/api/auth/password-reset', '/forgot-password'),
      counts: (req) => [{ limiter: resets, key: clientAddress(req) }],
      message: 'too many password-reset requests: wait before asking again',
    },
    {
      matches: (method, path) =>
        (method === 'GET' || method === 'HEAD') && (path.startsWith('/api/certificates/verify/') || path.startsWith('/verify/')),
      counts: (req) => [{ limiter: verify, key: clientAddress(req) }],
      message: 'too many verifications from this address: wait a moment before trying again',
    },
  ];
}

/** Express matches routes case-insensitively and ignores a trailing slash: so do the rules. */
const normalizedPath = (req: Request) => {
  const path = decodeURIComponentSafe(req.path).toLowerCase().replace(/\/+$/, '');
  return path || '/';
};

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Counts the request against each of its limits and refuses it with 429 (and Retry-After)
 * when one is used up; afterwards, a successful answer gives back what `onSuccess` says.
 */
export function throttle(counts: (req: Request) => Counted[], message: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const counted = counts(req);
    Promise.all(counted.map((c) => c.limiter.consume(c.key)))
      .then((verdicts: LimitVerdict[]) => {
        const refused = verdicts.filter((v) => !v.allowed);
        if (refused.length) {
          const retryAfter = Math.max(...refused.map((v) => v.retryAfterSeconds));
          res.setHeader('Retry-After', String(retryAfter));
          // A page's form (sign-in, invitation) goes back to the form, which says in the reader's language to wait.
          const path = decodeURIComponentSafe(req.originalUrl.split('?')[0]).toLowerCase().replace(/\/+$/, '');
          if (req.method === 'POST' && isPagePath(path)) res.redirect(303, `${path}?limited=1`);
          else answerError(req, res, 429, `${message} (${retryAfter} s)`);
          return;
        }
        res.on('finish', () => {
          if (res.statusCode >= 400) return;
          for (const c of counted) {
            if (c.onSuccess === 'clear') void c.limiter.clear(c.key).catch(() => undefined);
            if (c.onSuccess === 'refund') void c.limiter.refund(c.key).catch(() => undefined);
          }
        });
        next();
      })
      .catch(next);
  };
}

/**
 * Every per-address and per-account limit of the api, applied by URL before the routes (so a
 * route built later, like the password reset, is limited as soon as it exists). Counts live
 * in the shared Redis: every api instance sees the same ones.
 */
export function throttling(limiters: RateLimiters, config: AcademyConfig): RequestHandler {
  const table = rules(limiters, config).map((rule) => ({ rule, handler: throttle(rule.counts, rule.message) }));
  return (req, res, next) => {
    const path = normalizedPath(req);
    const hit = table.find(({ rule }) => rule.matches(req.method, path));
    return hit ? hit.handler(req, res, next) : next();
  };
}

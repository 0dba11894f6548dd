import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Security headers on every answer, set by helmet: a Content-Security-Policy, nosniff, a
 * referrer policy, frame-ancestors 'none' (and X-Frame-Options), HSTS, and the cross-origin
 * isolation headers.
 *
 * The policy is strict enough for server-rendered pages: scripts and styles only from the
 * academy itself, or inline when they carry this request's nonce (`res.locals.cspNonce`:
 * `<style nonce="…">`, `<script nonce="…">`); no plugins, no framing, forms post only here.
 * Two third-party UIs keep their own, looser policy on their own paths only: the Swagger UI
 * (/docs: inline styles) and the queue dashboard (/admin/queues: inline styles, Google Fonts).
 */

/** Paths whose pages are served by a library, with the looser policy below. */
export const RELAXED_CSP_PATHS = ['/docs', '/admin/queues'];

const nonce = (_req: unknown, res: ServerResponse) => `'nonce-${(res as Response).locals.cspNonce as string}'`;

const common = {
  'default-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'connect-src': ["'self'"],
};

function headers(directives: Record<string, Iterable<string | typeof nonce>>, https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // upgrade-insecure-requests would break an academy served over plain HTTP (npm start).
      directives: { ...common, ...directives, ...(https ? { 'upgrade-insecure-requests': [] } : {}) },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
  }) as RequestHandler;
}

/** @param publicBaseUrl where the academy is reached: over https, browsers are also told to stay on https */
export function securityHeaders(publicBaseUrl: string): RequestHandler {
  const https = publicBaseUrl.startsWith('https:');
  const strict = headers(
    {
      'script-src': ["'self'", nonce],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", nonce],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
    },
    https,
  );
  const relaxed = headers(
    {
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
      'img-src': ["'self'", 'data:', 'https:'],
      'font-src': ["'self'", 'data:', 'https://fonts.gstatic.com'],
    },
    https,
  );
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    const path = req.path.toLowerCase();
    const loose = RELAXED_CSP_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
    return (loose ? relaxed : strict)(req, res, next);
  };
}

import type { NextFunction, Request, Response } from 'express';

/** The signed, httpOnly cookie holding the bearer token of a signed-in browser. */
export const SESSION_COOKIE = 'academy.session';
/** The language chosen with the switcher. */
export const LANGUAGE_COOKIE = 'academy.lang';
export const CSRF_COOKIE = 'academy.csrf';

/**
 * Paths that are not pages: the API (bearer tokens only, never the session cookie), its
 * documents, metrics, the queue dashboard (its own login) and the static files.
 */
const NOT_PAGES = /^\/(?:api|docs|metrics|static|admin\/queues)(?:[/.?-]|$)/;

export const isPagePath = (path: string): boolean => !NOT_PAGES.test(path);

export function setSession(req: Request, res: Response, token: string, maxAgeSeconds: number): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'lax', secure: req.secure, signed: true, path: '/', maxAge: maxAgeSeconds * 1000,
  });
}

export function clearSession(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, signed: true, path: '/' });
}

export const sessionToken = (req: Request): string | undefined => {
  const value = req.signedCookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value ? value : undefined;
};

/**
 * Pages only: the session cookie becomes the Authorization header before the global
 * AuthGuard runs, so a page is let in by exactly the rules of the API (token, account,
 * @Public, @Roles). /api never reads the cookie, so the API cannot be driven by a
 * cross-site form.
 */
export function sessionToAuthorization(req: Request, _res: Response, next: NextFunction): void {
  const token = sessionToken(req);
  if (token && isPagePath(req.path) && !req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
  next();
}

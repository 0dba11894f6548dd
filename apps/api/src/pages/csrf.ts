import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { CSRF_COOKIE, isPagePath, sessionToken } from './session.js';

/**
 * A file upload's form (multipart/form-data) is checked here, before the route's multer has
 * read its body: such a form carries its token in the query of its action
 * (`?_csrf=…`). Only multipart requests may; the token is the same session-bound one.
 */
const multipartToken = (req: Request): unknown =>
  req.is('multipart/form-data') && typeof req.query?._csrf === 'string' ? req.query._csrf : undefined;

/** A secret of its own for each purpose, derived from JWT_SECRET. */
export const derivedSecret = (config: AcademyConfig, purpose: string): string =>
  createHmac('sha256', config.jwtSecret).update(`academy:${purpose}`).digest('base64url');

/**
 * CSRF protection of every page form (csrf-csrf, the double-submit cookie pattern): each
 * form carries `_csrf`, bound to the browser's session, and a POST without the matching
 * token is refused with a 403 page. The API is not covered: it never reads cookies.
 */
@Injectable()
export class CsrfTokens {
  private readonly utilities;

  constructor(@Inject(ACADEMY_CONFIG) config: AcademyConfig) {
    // Derived once: csrf-csrf asks for it on every page with a form and every POST.
    const secret = derivedSecret(config, 'csrf');
    this.utilities = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => sessionToken(req) ?? '',
      cookieName: CSRF_COOKIE,
      cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
      getCsrfTokenFromRequest: (req) => req.body?._csrf ?? req.headers['x-csrf-token'] ?? multipartToken(req),
    });
  }

  /** The token for the forms of this page (re-used while it stays valid for this session). */
  token(req: Request, res: Response): string {
    return this.utilities.generateCsrfToken(req, res, { cookieOptions: { secure: req.secure } });
  }

  /** Express middleware: checks POST, PUT, PATCH and DELETE to pages; calls `refuse` on a missing or wrong token. */
  middleware(refuse: (req: Request, res: Response) => void) {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!isPagePath(req.path)) return next();
      this.utilities.doubleCsrfProtection(req, res, (err?: unknown) => (err ? refuse(req, res) : next()));
    };
  }
}

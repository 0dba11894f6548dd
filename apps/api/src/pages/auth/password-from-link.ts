import type { Request, Response } from 'express';
import { DomainError } from '@academy/common';
import { type AuthenticatedUser, PASSWORD_MIN_LENGTH, passwordProblem } from '@academy/identity';
import type { FieldError } from '@academy/web';
import type { TokenService } from '../../auth/token.service.js';
import { type PageRedirect, redirectTo } from '../page.decorators.js';
import { setSession } from '../session.js';

/** The message keys for a link's token: missing, or unknown / used / expired. */
export interface TokenMessages {
  missing: string;
  invalid: string;
}

/** A refused form: the errors to show, and the token to put back so only the passwords are typed again. */
export interface RefusedPasswordForm {
  errors: FieldError[];
  token: string;
}

/**
 * The form both mailed links open (invitation, password reset): a token, a new password twice.
 * Checked with the same bounds and policy as the API's routes; `consume` spends the token and
 * sets the password; then the person is signed in and sent home. A refusal answers 400, so the
 * per-address limit on mailed tokens counts it.
 */
export async function setPasswordFromLink(
  body: Record<string, unknown>,
  messages: TokenMessages,
  consume: (token: string, password: string) => Promise<AuthenticatedUser>,
  tokens: TokenService,
  req: Request,
  res: Response,
): Promise<PageRedirect | RefusedPasswordForm> {
  const token = typeof body.token === 'string' ? body.token.trim() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  const confirm = typeof body.confirm === 'string' ? body.confirm : '';
  const errors: FieldError[] = [];
  if (!token) errors.push({ field: 'token', message: messages.missing });
  else if (token.length < 16 || token.length > 200) errors.push({ field: 'token', message: messages.invalid });
  if (password.length < PASSWORD_MIN_LENGTH) errors.push({ field: 'password', message: 'invitation.errors.passwordShort' });
  else if (password.length > 200) errors.push({ field: 'password', message: 'invitation.errors.passwordLong' });
  else if (passwordProblem(password)) errors.push({ field: 'password', message: 'invitation.errors.passwordRejected' });
  else if (confirm !== password) errors.push({ field: 'confirm', message: 'invitation.errors.confirmDifferent' });
  if (!errors.length) {
    try {
      const issued = await tokens.issue(await consume(token, password));
      setSession(req, res, issued.accessToken, issued.expiresIn);
      return redirectTo('/');
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'invalid') throw e;
      if (/^password/.test(e.message)) errors.push({ field: 'password', message: 'invitation.errors.passwordRejected' });
      else errors.push({ field: 'token', message: messages.invalid });
    }
  }
  res.status(400);
  return { errors, token };
}

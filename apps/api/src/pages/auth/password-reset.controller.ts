import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { isEmail } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError } from '@academy/common';
import { PASSWORD_MIN_LENGTH, PasswordChangesService, passwordProblem } from '@academy/identity';
import type { FieldError } from '@academy/web';
import { Public } from '../../auth/auth.decorators.js';
import { TokenService } from '../../auth/token.service.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { setSession } from '../session.js';

type Form = Record<string, unknown>;
/** The same script as the invitation: it moves the token from the link's fragment into the form. */
const SCRIPTS = ['invitation.js'];

/**
 * A forgotten password, by the same service as POST /api/auth/password-reset and
 * /password-reset/confirm: the request always gets the same answer; the mailed link
 * /password-reset#token=… sets a new password and signs in.
 */
@PageController()
export class PasswordResetPages {
  constructor(
    private readonly passwords: PasswordChangesService,
    private readonly tokens: TokenService,
  ) {}

  @Get('forgot-password')
  @Public()
  @Page({ template: 'auth/forgot-password', title: 'forgot.title' })
  form(@Query('limited') limited?: string) {
    return { limited: limited === '1', values: {} };
  }

  @Post('forgot-password')
  @Public()
  @Page({ template: 'auth/forgot-password', title: 'forgot.title' })
  async request(@Body() body: Form, @Res({ passthrough: true }) res: Response) {
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 254) : '';
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: 'signIn.errors.emailMissing' });
    else if (!isEmail(email)) errors.push({ field: 'email', message: 'signIn.errors.emailInvalid' });
    if (errors.length) {
      res.status(400);
      return { errors, values: { email } };
    }
    // Known or not, the same answer: the page says nothing about the address.
    await this.passwords.requestReset(email);
    return redirectTo('/forgot-password/sent');
  }

  @Get('forgot-password/sent')
  @Public()
  @Page({ template: 'auth/forgot-password-sent', title: 'forgot.sent.title' })
  sent() {
    return {};
  }

  @Get('password-reset')
  @Public()
  @Page({ template: 'auth/password-reset', title: 'reset.title' })
  resetForm(@Query('limited') limited?: string) {
    return { scripts: SCRIPTS, limited: limited === '1' };
  }

  @Post('password-reset')
  @Public()
  @Page({ template: 'auth/password-reset', title: 'reset.title' })
  async reset(@Body() body: Form, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirm === 'string' ? body.confirm : '';
    const errors: FieldError[] = [];
    // The same bounds as POST /api/auth/password-reset/confirm.
    if (!token) errors.push({ field: 'token', message: 'reset.errors.tokenMissing' });
    else if (token.length < 16 || token.length > 200) errors.push({ field: 'token', message: 'reset.errors.tokenInvalid' });
    if (password.length < PASSWORD_MIN_LENGTH) errors.push({ field: 'password', message: 'invitation.errors.passwordShort' });
    else if (password.length > 200) errors.push({ field: 'password', message: 'invitation.errors.passwordLong' });
    else if (passwordProblem(password)) errors.push({ field: 'password', message: 'invitation.errors.passwordRejected' });
    else if (confirm !== password) errors.push({ field: 'confirm', message: 'invitation.errors.confirmDifferent' });
    if (!errors.length) {
      try {
        const issued = await this.tokens.issue(await this.passwords.confirmReset(token, password));
        setSession(req, res, issued.accessToken, issued.expiresIn);
        return redirectTo('/');
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== 'invalid') throw e;
        if (/^password/.test(e.message)) errors.push({ field: 'password', message: 'invitation.errors.passwordRejected' });
        else errors.push({ field: 'token', message: 'reset.errors.tokenInvalid' });
      }
    }
    // Refused: an error status, so the per-address limit on mailed tokens counts it.
    res.status(400);
    return { scripts: SCRIPTS, errors, values: { token }, askAgain: errors.some((e) => e.message === 'reset.errors.tokenInvalid') };
  }
}

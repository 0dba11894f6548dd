import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { isEmail } from 'class-validator';
import type { Request, Response } from 'express';
import { PasswordChangesService } from '@academy/identity';
import type { FieldError } from '@academy/web';
import { Public } from '../../auth/auth.decorators.js';
import { TokenService } from '../../auth/token.service.js';
import { Page, PageController, PageRedirect, redirectTo } from '../page.decorators.js';
import { setPasswordFromLink } from './password-from-link.js';

type Form = Record<string, unknown>;
/** The same script as the invitation: it moves the token from the link's fragment into the form. */
const SCRIPTS = ['invitation.js'];
const RESET_TOKEN = { missing: 'reset.errors.tokenMissing', invalid: 'reset.errors.tokenInvalid' };

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
    const outcome = await setPasswordFromLink(
      body, RESET_TOKEN, (token, password) => this.passwords.confirmReset(token, password), this.tokens, req, res,
    );
    if (outcome instanceof PageRedirect) return outcome;
    const askAgain = outcome.errors.some((e) => e.message === RESET_TOKEN.invalid);
    return { scripts: SCRIPTS, errors: outcome.errors, values: { token: outcome.token }, askAgain };
  }
}

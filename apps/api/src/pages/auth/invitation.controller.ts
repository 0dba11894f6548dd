import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@academy/common';
import { PASSWORD_MIN_LENGTH, passwordProblem, UsersService } from '@academy/identity';
import type { FieldError } from '@academy/web';
import { Public } from '../../auth/auth.decorators.js';
import { TokenService } from '../../auth/token.service.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { setSession } from '../session.js';

type Form = Record<string, unknown>;
const SCRIPTS = ['invitation.js'];

/**
 * The invitation mail's link, /invitation#token=…: the token stays in the fragment (out of
 * access logs) and a small script copies it into the form; without JavaScript it can be pasted.
 */
@PageController()
export class InvitationPages {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Get('invitation')
  @Public()
  @Page({ template: 'auth/invitation', title: 'invitation.title' })
  form(@Query('limited') limited?: string) {
    return { scripts: SCRIPTS, limited: limited === '1' };
  }

  @Post('invitation')
  @Public()
  @Page({ template: 'auth/invitation', title: 'invitation.title' })
  async accept(@Body() body: Form, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirm === 'string' ? body.confirm : '';
    const errors: FieldError[] = [];
    // The same bounds as POST /api/auth/accept-invitation.
    if (!token) errors.push({ field: 'token', message: 'invitation.errors.tokenMissing' });
    else if (token.length < 16 || token.length > 200) errors.push({ field: 'token', message: 'invitation.errors.tokenInvalid' });
    // The same policy as every route that sets a password.
    if (password.length < PASSWORD_MIN_LENGTH) errors.push({ field: 'password', message: 'invitation.errors.passwordShort' });
    else if (password.length > 200) errors.push({ field: 'password', message: 'invitation.errors.passwordLong' });
    else if (passwordProblem(password)) errors.push({ field: 'password', message: 'invitation.errors.passwordRejected' });
    else if (confirm !== password) errors.push({ field: 'confirm', message: 'invitation.errors.confirmDifferent' });
    if (!errors.length) {
      try {
        const issued = await this.tokens.issue(await this.users.acceptInvitation(token, password));
        setSession(req, res, issued.accessToken, issued.expiresIn);
        return redirectTo('/');
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== 'invalid') throw e;
        if (/^password/.test(e.message)) errors.push({ field: 'password', message: 'invitation.errors.passwordRejected' });
        else errors.push({ field: 'token', message: 'invitation.errors.tokenInvalid' });
      }
    }
    // Refused: an error status, so the per-address limit on mailed tokens counts it.
    res.status(400);
    // The token goes back into the form so only the passwords need typing again.
    return { scripts: SCRIPTS, errors, values: { token } };
  }
}

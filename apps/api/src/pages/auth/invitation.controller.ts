import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UsersService } from '@academy/identity';
import { Public } from '../../auth/auth.decorators.js';
import { TokenService } from '../../auth/token.service.js';
import { Page, PageController, PageRedirect } from '../page.decorators.js';
import { setPasswordFromLink } from './password-from-link.js';

type Form = Record<string, unknown>;
const SCRIPTS = ['invitation.js'];
const INVITATION_TOKEN = { missing: 'invitation.errors.tokenMissing', invalid: 'invitation.errors.tokenInvalid' };

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
    const outcome = await setPasswordFromLink(
      body, INVITATION_TOKEN, (token, password) => this.users.acceptInvitation(token, password), this.tokens, req, res,
    );
    if (outcome instanceof PageRedirect) return outcome;
    return { scripts: SCRIPTS, errors: outcome.errors, values: { token: outcome.token } };
  }
}

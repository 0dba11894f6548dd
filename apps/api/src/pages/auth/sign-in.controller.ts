import { Body, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { isEmail } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { UsersService } from '@academy/identity';
import type { FieldError } from '@academy/web';
import { Public } from '../../auth/auth.decorators.js';
import { TokenService } from '../../auth/token.service.js';
import { localPath, Page, PageController, redirectTo } from '../page.decorators.js';
import { clearSession, setSession } from '../session.js';

type Form = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Signing in and out with the same service and rules as POST /api/auth/login. */
@PageController()
export class SignInPages {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  @Get('sign-in')
  @Public()
  @Page({ template: 'auth/sign-in', title: 'signIn.title' })
  form(@Query('next') next?: string, @Query('limited') limited?: string, @Query('signedOut') signedOut?: string) {
    return { next: localPath(next), limited: limited === '1', signedOut: signedOut === '1', values: {} };
  }

  @Post('sign-in')
  @Public()
  @Page({ template: 'auth/sign-in', title: 'signIn.title' })
  async signIn(@Body() body: Form, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const email = text(body.email).slice(0, 254);
    const password = typeof body.password === 'string' ? body.password : '';
    const next = localPath(body.next);
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: 'signIn.errors.emailMissing' });
    else if (!isEmail(email)) errors.push({ field: 'email', message: 'signIn.errors.emailInvalid' });
    if (!password) errors.push({ field: 'password', message: 'signIn.errors.passwordMissing' });
    if (!errors.length) {
      try {
        const token = await this.tokens.issue(await this.users.authenticate(email, password.slice(0, 200)));
        setSession(req, res, token.accessToken, token.expiresIn);
        return redirectTo(next);
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== 'unauthenticated') throw e;
        errors.push({ field: 'email', message: 'signIn.errors.wrong' });
      }
    }
    return { errors, next, values: { email } };
  }

  @Get('sign-out')
  @Public()
  @Page({ template: 'auth/sign-out', title: 'signOut.title' })
  signOutPage() {
    return {};
  }

  /** Forgets the session in this browser (the token itself lives until it expires). */
  @Post('sign-out')
  @Public()
  @Page({ template: 'auth/sign-out', title: 'signOut.title' })
  signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    clearSession(req, res);
    return redirectTo('/sign-in?signedOut=1');
  }
}

import { Body, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isEmail } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { AccountStateService, PasswordChangesService, type TokenClaims, UsersService } from '@academy/identity';
import type { FieldError } from '@academy/web';
import { Public } from '../../auth/auth.decorators.js';
import { TokenService } from '../../auth/token.service.js';
import { text } from '../form-fields.js';
import { localPath, Page, PageController, redirectTo } from '../page.decorators.js';
import { clearSession, sessionToken, setSession } from '../session.js';

type Form = Record<string, unknown>;

/** Signing in and out with the same service and rules as POST /api/auth/login. */
@PageController()
export class SignInPages {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly jwt: JwtService,
    private readonly accounts: AccountStateService,
    private readonly passwords: PasswordChangesService,
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
    // Refused: an error status, so the login limits count it as a failed attempt.
    res.status(errors.some((e) => e.message === 'signIn.errors.wrong') ? 401 : 400);
    return { errors, next, values: { email } };
  }

  @Get('sign-out')
  @Public()
  @Page({ template: 'auth/sign-out', title: 'signOut.title' })
  signOutPage() {
    return {};
  }

  /**
   * Signs out like POST /api/auth/logout: every token of the account ends (on every device),
   * and this browser forgets its session. A session that is already invalid is just forgotten.
   */
  @Post('sign-out')
  @Public()
  @Page({ template: 'auth/sign-out', title: 'signOut.title' })
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = sessionToken(req);
    if (token) {
      const actor = await this.jwt
        .verifyAsync<TokenClaims>(token)
        .then((claims) => this.accounts.actorFor(claims))
        .catch(() => null);
      if (actor) await this.passwords.logout(actor);
    }
    clearSession(req, res);
    return redirectTo('/sign-in?signedOut=1');
  }
}

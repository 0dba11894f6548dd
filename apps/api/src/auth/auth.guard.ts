import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@academy/common';
import { AccountStateService, type TokenClaims } from '@academy/identity';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';

/**
 * Every route needs a valid bearer token unless marked @Public(); @Roles() narrows further.
 * A valid signature is not enough: the account must still exist, be active, and carry the
 * token version, role and city the token was signed with (AccountStateService, one Redis
 * read), so a logout, a deactivation, a role or password change ends a token at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly accounts: AccountStateService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw new UnauthorizedException('authorization: a bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException('authorization: the token is invalid or expired');
    }
    const actor = await this.accounts.actorFor(claims);
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenException(`this route is for ${roles.join(' or ')} users`);
    }
    return true;
  }
}

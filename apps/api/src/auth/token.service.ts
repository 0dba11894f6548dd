import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import type { AuthenticatedUser, TokenClaims } from '@academy/identity';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn: number;
}

/** The one place bearer tokens are made: the API's login answers with one, a page session keeps one in its cookie. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  async issue(user: AuthenticatedUser): Promise<IssuedToken> {
    // `ver` ties the token to the account's state: logout, deactivation, a role or password change end it.
    const claims: TokenClaims = { sub: user.id, city: user.cityId, role: user.role, ver: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.tokenTtlSeconds };
  }
}

import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { type AuthenticatedUser, UsersService } from '@academy/identity';
import { Public } from './auth.decorators.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@tirana.example' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'academy-admin-2023' }) @IsString() @Length(1, 200) password: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link' }) @IsString() @Length(16, 200) token: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password: string;
}

export class TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange e-mail and password for a bearer token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed logins for this e-mail (LOGIN_LIMIT_PER_ACCOUNT, default 10 in 15 minutes) or from this address ' +
      '(LOGIN_LIMIT_PER_ADDRESS, default 20 in 15 minutes); Retry-After says when to try again',
  })
  async login(@Body() dto: LoginDto): Promise<TokenResponse> {
    return this.token(await this.users.authenticate(dto.email, dto.password));
  }

  @Post('accept-invitation')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a password from an invitation link; answers with a token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiTooManyRequestsResponse({ description: 'Too many failed tokens from this address (TOKEN_LIMIT_PER_ADDRESS, default 10 in 15 minutes)' })
  async acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<TokenResponse> {
    return this.token(await this.users.acceptInvitation(dto.token, dto.password));
  }

  private async token(user: AuthenticatedUser): Promise<TokenResponse> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, city: user.cityId, role: user.role });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.tokenTtlSeconds };
  }
}

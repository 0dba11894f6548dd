import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty,
  ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import type { Actor } from '@academy/common';
import { type AuthenticatedUser, PASSWORD_MIN_LENGTH, PasswordChangesService, UsersService } from '@academy/identity';
import { IsAcceptablePassword } from '../common/validation.js';
import { CurrentActor, Public } from './auth.decorators.js';
import { TokenService } from './token.service.js';

const POLICY =
  `At least ${PASSWORD_MIN_LENGTH} characters, not only white space, not one of the most common passwords; ` +
  'otherwise 400 naming the field and the reason.';

export class LoginDto {
  @ApiProperty({ example: 'admin@tirana.example' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'academy-admin-2023' }) @IsString() @Length(1, 200) password: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link (after `#token=`)' }) @IsString() @Length(16, 200) token: string;
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: POLICY }) @IsString() @IsAcceptablePassword() password: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @Length(1, 200) currentPassword: string;
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: POLICY }) @IsString() @IsAcceptablePassword() newPassword: string;
}

export class PasswordResetDto {
  @ApiProperty({ example: 'arta.hoxha@tirana.example' }) @IsEmail() @MaxLength(254) email: string;
}

export class ConfirmPasswordResetDto {
  @ApiProperty({ description: 'The token from the mailed link (after `#token=`)' }) @IsString() @Length(16, 200) token: string;
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: POLICY }) @IsString() @IsAcceptablePassword() password: string;
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
    private readonly passwords: PasswordChangesService,
    private readonly tokens: TokenService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange e-mail and password for a bearer token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password, or a deactivated account (the same answer)' })
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
  @ApiOperation({
    summary: 'Set a password from an invitation link; answers with a token',
    description: `The link is \`PUBLIC_BASE_URL/invitation#token=…\`; its token works once, until INVITATION_TTL_HOURS pass. ${POLICY}`,
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ description: 'The password breaks the policy, or the token is unknown, used or expired' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed tokens from this address (TOKEN_LIMIT_PER_ADDRESS, default 10 in 15 minutes)' })
  async acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<TokenResponse> {
    return this.token(await this.users.acceptInvitation(dto.token, dto.password));
  }

  @Post('logout')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'End every token of the caller (on every device), this one included' })
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.passwords.logout(actor);
  }

  @Post('password')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change your own password; every older token ends, the answer carries a new one',
    description: POLICY,
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ description: '`currentPassword` is wrong, or `newPassword` breaks the policy' })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<TokenResponse> {
    return this.token(await this.passwords.change(actor, dto.currentPassword, dto.newPassword));
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgotten password: mail a reset link',
    description:
      'Always 202, whether or not the e-mail belongs to an active account. When it does, one mail with the link ' +
      '`PUBLIC_BASE_URL/password-reset#token=…` is sent through the mail outbox; the link works once, until ' +
      'PASSWORD_RESET_TTL_MINUTES (default 60) pass.',
  })
  @ApiAcceptedResponse({ description: 'Accepted (says nothing about the e-mail)' })
  async requestReset(@Body() dto: PasswordResetDto): Promise<void> {
    await this.passwords.requestReset(dto.email);
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a new password from a reset link; every older token and reset link ends, the answer carries a new token',
    description: POLICY,
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ description: 'The password breaks the policy, or the token is unknown, used or expired' })
  async confirmReset(@Body() dto: ConfirmPasswordResetDto): Promise<TokenResponse> {
    return this.token(await this.passwords.confirmReset(dto.token, dto.password));
  }

  private token(user: AuthenticatedUser): Promise<TokenResponse> {
    return this.tokens.issue(user);
  }
}

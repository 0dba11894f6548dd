import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { type AuthenticatedUser, UsersService } from '@academy/identity';
import { Public } from './auth.decorators.js';
import { TokenService } from './token.service.js';

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
    private readonly tokens: TokenService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange e-mail and password for a bearer token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'More than 10 attempts a minute from one address' })
  async login(@Body() dto: LoginDto): Promise<TokenResponse> {
    return this.token(await this.users.authenticate(dto.email, dto.password));
  }

  @Post('accept-invitation')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a password from an invitation link; answers with a token' })
  @ApiOkResponse({ type: TokenResponse })
  async acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<TokenResponse> {
    return this.token(await this.users.acceptInvitation(dto.token, dto.password));
  }

  private token(user: AuthenticatedUser): Promise<TokenResponse> {
    return this.tokens.issue(user);
  }
}

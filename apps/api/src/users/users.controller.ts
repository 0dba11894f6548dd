import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation,
  ApiProperty, ApiPropertyOptional, ApiTags,
} from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { LEARNER_AUDIENCES, type LearnerAudience } from '@academy/catalogue';
import { type Actor, type Role, ROLES } from '@academy/common';
import { AccountsService, CITY_ROLES, type CityRole, UsersService, type UserView } from '@academy/identity';
import { TrainerRecordService } from '@academy/trainers';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { PageQuery, sendPage } from '../common/pagination.dto.js';
import { IsAcceptablePassword, UuidParam } from '../common/validation.js';

export class CreateUserDto {
  @ApiProperty({ example: 'arta.hoxha@tirana.example' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'Arta Hoxha', description: 'Name as printed on certificates' })
  @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: CITY_ROLES }) @IsIn(CITY_ROLES) role: Role;
  @ApiPropertyOptional({
    minLength: 12,
    description: 'Without a password the person is mailed an invitation. At least 12 characters, not only white space, not a common password.',
  })
  @IsOptional() @IsString() @IsAcceptablePassword() password?: string;
  @ApiPropertyOptional({ example: 'Urban Planning' }) @IsOptional() @IsString() @Length(1, 200) department?: string;
  @ApiPropertyOptional({ example: 'sq', description: 'Preferred language (BCP-47 primary tag)' })
  @IsOptional() @Matches(/^[a-z]{2,3}$/, { message: 'language must be a two- or three-letter language code' })
  language?: string;
  @ApiPropertyOptional({ enum: LEARNER_AUDIENCES, default: 'staff' }) @IsOptional() @IsIn(LEARNER_AUDIENCES)
  audience?: LearnerAudience;
  @ApiPropertyOptional({ description: 'Youth: the school' }) @IsOptional() @IsString() @Length(1, 200) school?: string;
  @ApiPropertyOptional({ description: 'Youth: whether the school is a DEIS school' }) @IsOptional() @IsBoolean()
  deisSchool?: boolean;
  @ApiPropertyOptional({ description: 'Self-described; stored only with demographicsConsent' })
  @IsOptional() @IsString() @Length(1, 60) gender?: string;
  @ApiPropertyOptional({ description: 'The person agreed to demographic data being kept for statistics' })
  @IsOptional() @IsBoolean() demographicsConsent?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'Name as printed on certificates' })
  @IsOptional() @IsString() @Length(1, 200) @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'name must not contain control characters' })
  name?: string;
  @ApiPropertyOptional({ enum: CITY_ROLES, description: 'Ends the person\'s tokens at once' })
  @IsOptional() @IsIn(CITY_ROLES) role?: CityRole;
}

export class DeactivateUserDto {
  @ApiPropertyOptional({ description: 'Kept in the audit trail' })
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CITY_ROLES }) @IsOptional() @IsIn(CITY_ROLES) role?: Role;
}

const LAST_ADMIN =
  'A change that would leave the city without an active administrator (the last one demoting or deactivating ' +
  'themselves) is refused with 409; another administrator, or yourself while another active one remains, may be changed.';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
    private readonly trainers: TrainerRecordService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a learner, trainer or administrator in your city' })
  @ApiCreatedResponse({ description: 'The person; `invited` is true when an invitation was mailed' })
  @ApiConflictResponse({ description: 'The e-mail is already registered' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'People of your city, paginated (X-Total-Count, Link headers)' })
  async list(@CurrentActor() actor: Actor, @Query() q: UserQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return sendPage(req, res, await this.users.list(actor, q, q.role));
  }

  @Get(':id/trainer-record')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: "A trainer's path: the train-the-trainer module, sessions co-facilitated and led" })
  trainerRecord(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.trainers.record(actor, id);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<UserView> {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Correct a person's name or change their role (learner, trainer, admin) in your city",
    description: `Audited. A role change ends the person's tokens at once. ${LAST_ADMIN}`,
  })
  @ApiOkResponse({ description: 'The person' })
  @ApiConflictResponse({ description: 'The city would be left without an active administrator' })
  @ApiForbiddenResponse({ description: 'A platform account, which city administrators do not manage' })
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.accounts.update(actor, id, dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate an account: no login, every token refused, open invitation and reset links dead',
    description: `Audited; doing it again changes nothing. ${LAST_ADMIN}`,
  })
  @ApiConflictResponse({ description: 'The city would be left without an active administrator' })
  deactivate(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: DeactivateUserDto): Promise<UserView> {
    return this.accounts.deactivate(actor, id, dto.reason);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate an account (tokens from before stay ended: the person logs in again)' })
  reactivate(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<UserView> {
    return this.accounts.reactivate(actor, id);
  }

  @Post(':id/invitation')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a new invitation to a person who has not set a password; the link mailed before stops working',
  })
  @ApiAcceptedResponse({ description: '`{userId, queued: true}`' })
  @ApiConflictResponse({ description: 'The person has already set a password, or is deactivated' })
  resendInvitation(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.accounts.resendInvitation(actor, id);
  }
}

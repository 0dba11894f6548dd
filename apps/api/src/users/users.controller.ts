import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { LEARNER_AUDIENCES, type LearnerAudience } from '@academy/catalogue';
import { type Actor, type Role, ROLES } from '@academy/common';
import { UsersService, type UserView } from '@academy/identity';
import { TrainerRecordService } from '@academy/trainers';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { PageQuery, sendPage } from '../common/pagination.dto.js';
import { UuidParam } from '../common/validation.js';

/** A city's administrator creates the city's people; the coalition's platform accounts are not a city's to make. */
const CITY_ROLES = ROLES.filter((r) => r !== 'platform');

export class CreateUserDto {
  @ApiProperty({ example: 'arta.hoxha@tirana.example' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'Arta Hoxha', description: 'Name as printed on certificates' })
  @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: CITY_ROLES }) @IsIn(CITY_ROLES) role: Role;
  @ApiPropertyOptional({ description: 'Without a password the person is mailed an invitation' })
  @IsOptional() @IsString() @Length(10, 200) password?: string;
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

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
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
}

import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse,
  ApiNotFoundResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags,
} from '@nestjs/swagger';
import { IsEmail, IsObject, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@academy/common';
import { type AdministratorView, CitiesService, type CityView } from '@academy/identity';
import { ProgrammesService } from '@academy/programmes';
import { StatisticsService } from '@academy/statistics';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { PageQuery, sendPage } from '../common/pagination.dto.js';
import { UuidParam } from '../common/validation.js';

export class CreateCityDto {
  @ApiProperty({ example: 'VIENNA', description: 'Upper-case letters, digits and hyphens' })
  @Matches(/^[A-Z][A-Z0-9-]{1,39}$/, { message: 'code must be 2 to 40 upper-case letters, digits or hyphens, starting with a letter' })
  code: string;
  @ApiProperty({ example: 'Vienna' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({
    example: { en: 'City of Vienna', de: 'Stadt Wien' },
    description: 'The issuing body printed on certificates, per language; must have the default language',
  })
  @IsObject() issuers: Record<string, string>;
  @ApiProperty({ example: 'de' })
  @Matches(/^[a-z]{2,3}$/, { message: 'defaultLanguage must be a two- or three-letter language code' })
  defaultLanguage: string;
  @ApiProperty({ example: 'Europe/Vienna', description: 'IANA time zone' }) @IsString() @Length(1, 100) timezone: string;
}

export class AppointAdministratorDto {
  @ApiProperty({ example: 'coordinator@vienna.example' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'Eva Gruber' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ example: 'de' })
  @IsOptional() @Matches(/^[a-z]{2,3}$/, { message: 'language must be a two- or three-letter language code' }) language?: string;
}

/** A platform caller looking at one city's records, as the city-scoped services expect. */
const within = (actor: Actor, cityId: string): Actor => ({ ...actor, cityId });

/**
 * The coalition's member cities, for its academy team (role `platform`): onboarding cities and
 * their administrators, and each city's programmes and aggregate figures. No route here
 * answers anything about a learner.
 */
@ApiTags('cities')
@ApiBearerAuth()
@Roles('platform')
@ApiForbiddenResponse({ description: 'Not the platform role' })
@Controller('api/cities')
export class CitiesController {
  constructor(
    private readonly cities: CitiesService,
    private readonly programmes: ProgrammesService,
    private readonly stats: StatisticsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Onboard a city: code, name, issuer name per language, default language, time zone' })
  @ApiCreatedResponse({ description: 'The city' })
  @ApiBadRequestResponse({ description: 'e.g. `timezone: "Mars/Base" is not an IANA time zone`' })
  @ApiConflictResponse({ description: 'A city with this code exists' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCityDto): Promise<CityView> {
    return this.cities.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Every member city with counts of programmes and people by role' })
  list(@CurrentActor() actor: Actor): Promise<CityView[]> {
    return this.cities.list(actor);
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'No such city' })
  @ApiOperation({ summary: 'One city with counts of programmes and people by role' })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<CityView> {
    return this.cities.get(actor, id);
  }

  @Get(':id/programmes')
  @ApiOperation({ summary: "A city's programmes (paginated: X-Total-Count, Link headers)" })
  @ApiNotFoundResponse({ description: 'No such city' })
  async programmesOf(
    @CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() q: PageQuery,
    @Req() req: Request, @Res({ passthrough: true }) res: Response,
  ) {
    await this.cities.get(actor, id);
    return sendPage(req, res, await this.programmes.list(within(actor, id), q));
  }

  @Get(':id/programmes/:programmeId/stats')
  @ApiOperation({
    summary: "A programme's statistics at the platform's level: the same answer as GET /api/platform/statistics for it",
    description: 'Every cell of fewer than 5 people is suppressed (with secondary suppression), as in all cross-city figures.',
  })
  @ApiNotFoundResponse({ description: 'No such city, or no such programme in it' })
  async statsOf(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('programmeId') programmeId: string) {
    await this.cities.get(actor, id);
    await this.programmes.get(within(actor, id), programmeId);
    return this.stats.forPlatform({ city: id, programme: programmeId });
  }

  @Get(':id/administrators')
  @ApiOperation({ summary: "The city's administrators" })
  @ApiNotFoundResponse({ description: 'No such city' })
  administrators(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<AdministratorView[]> {
    return this.cities.administrators(actor, id);
  }

  @Post(':id/administrators')
  @ApiOperation({ summary: 'Appoint an administrator of the city: a new account, invited by mail to set a password' })
  @ApiCreatedResponse({ description: 'The administrator (`invited: true`)' })
  @ApiNotFoundResponse({ description: 'No such city' })
  @ApiConflictResponse({ description: 'The e-mail is already registered' })
  appoint(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AppointAdministratorDto): Promise<AdministratorView> {
    return this.cities.appoint(actor, id, dto);
  }

  @Delete(':id/administrators/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an administrator of the city (audited); the account stays, as a learner' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No such city, or no administrator with this id in it' })
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<void> {
    await this.cities.remove(actor, id, userId);
  }
}

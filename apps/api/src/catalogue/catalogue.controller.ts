import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiProperty, ApiPropertyOptional, ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  CatalogueEditorService, CatalogueService, LEARNER_AUDIENCES, type LearnerAudience, MODULE_KINDS, type ModuleKind,
} from '@academy/catalogue';
import type { Actor } from '@academy/common';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';

export class LanguageQuery {
  @ApiPropertyOptional({
    example: 'sq',
    description: "Language to answer in; default the reader's own language, else their city's default language",
  })
  @IsOptional() @Matches(/^[a-z]{2,3}$/, { message: 'lang must be a language code such as "sq"' }) lang?: string;
}

export class CreateModuleDto {
  @ApiProperty({ example: 'VIE-WALK', description: 'Upper-case letters, digits and hyphens' })
  @Matches(/^[A-Z][A-Z0-9-]{1,39}$/, { message: 'code must be 2 to 40 upper-case letters, digits or hyphens, starting with a letter' })
  code: string;
  @ApiProperty({ enum: MODULE_KINDS }) @IsIn(MODULE_KINDS) kind: ModuleKind;
  @ApiProperty({ example: 'Vienna: a walk through the digital city' }) @IsString() @Length(1, 200) title: string;
  @ApiPropertyOptional({ example: { en: 'Vienna: a walk through the digital city', de: 'Wien: ein Spaziergang durch die digitale Stadt' } })
  @IsOptional() @IsObject() titles?: Record<string, string>;
  @ApiProperty({ example: 'A guided walk past the sensors, cameras and kiosks of the city centre.' })
  @IsString() @Length(1, 5000) description: string;
  @ApiPropertyOptional({ enum: LEARNER_AUDIENCES, description: 'Only learners of this audience may enrol' })
  @IsOptional() @IsIn(LEARNER_AUDIENCES) audience?: LearnerAudience;
}

const LANGUAGES =
  'Materials are multilingual: `title` and `body` come in the language asked for (`lang`), else the reader\'s ' +
  "own language, else the city's default language; a material without a version in that language falls back to " +
  "the city's default language, then English. `language` says which language the answer is in, `languages` " +
  'which ones the material has. Module `title` is the catalogue title (English); `titles` holds every language version.';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api')
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly editor: CatalogueEditorService,
  ) {}

  @Post('modules')
  @Roles('admin', 'platform')
  @ApiOperation({
    summary: "Add a module: the platform role adds to the shared catalogue, a city's administrator adds their city's own",
    description: "A city's own module is seen and used by that city only; its code must differ from the shared catalogue's.",
  })
  @ApiCreatedResponse({ description: '`{code, city, kind, title, titles, description, audience}`' })
  @ApiConflictResponse({ description: 'The code is taken in the shared catalogue or in your city' })
  createModule(@CurrentActor() actor: Actor, @Body() dto: CreateModuleDto) {
    return this.editor.create(actor, dto);
  }

  @Get('modules')
  @ApiOperation({
    summary: "The module catalogue: the shared modules and your city's own (`city`); learners see learner materials only",
    description: LANGUAGES,
  })
  modules(@CurrentActor() actor: Actor, @Query() q: LanguageQuery) {
    return this.catalogue.modules(actor, q.lang);
  }

  @Get('modules/:code')
  @ApiOperation({ summary: 'One module of the catalogue with its materials', description: LANGUAGES })
  @ApiNotFoundResponse({ description: 'No module with this code' })
  module(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() q: LanguageQuery) {
    return this.catalogue.module(actor, code, q.lang);
  }

  @Get('materials/:id')
  @ApiOperation({ summary: 'One material with its content, in the reader\'s language', description: LANGUAGES })
  @ApiOkResponse({ description: '`{id, moduleCode, audience, slug, title, format, body, url, language, languages}`' })
  @ApiForbiddenResponse({ description: 'A learner asked for trainer-only material' })
  material(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() q: LanguageQuery) {
    return this.catalogue.material(actor, id, q.lang);
  }
}

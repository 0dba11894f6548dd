import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CatalogueService } from '@academy/catalogue';
import type { Actor } from '@academy/common';
import { CurrentActor } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';

export class LanguageQuery {
  @ApiPropertyOptional({
    example: 'sq',
    description: "Language to answer in; default the reader's own language, else their city's default language",
  })
  @IsOptional() @Matches(/^[a-z]{2,3}$/, { message: 'lang must be a language code such as "sq"' }) lang?: string;
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
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('modules')
  @ApiOperation({ summary: 'The module catalogue; learners see learner materials only', description: LANGUAGES })
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

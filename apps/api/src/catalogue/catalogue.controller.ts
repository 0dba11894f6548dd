import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueService } from '@academy/catalogue';
import type { Actor } from '@academy/common';
import { CurrentActor } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('modules')
  @ApiOperation({ summary: 'The module catalogue; learners see learner materials only' })
  modules(@CurrentActor() actor: Actor) {
    return this.catalogue.modules(actor);
  }

  @Get('modules/:code')
  module(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.catalogue.module(actor, code);
  }

  @Get('materials/:id')
  @ApiOperation({ summary: 'One material with its content' })
  @ApiForbiddenResponse({ description: 'A learner asked for trainer-only material' })
  material(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.catalogue.material(actor, id);
  }
}

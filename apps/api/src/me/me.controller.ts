import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueService } from '@academy/catalogue';
import { CertificatesService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { UsersService } from '@academy/identity';
import { MyProgrammesService } from '@academy/programmes';
import { CurrentActor } from '../auth/auth.decorators.js';
import { LanguageQuery } from '../catalogue/catalogue.controller.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly programmes: MyProgrammesService,
    private readonly certificates: CertificatesService,
    private readonly catalogue: CatalogueService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Who am I' })
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor, actor.id);
  }

  @Get('programmes')
  @ApiOperation({ summary: 'My programmes with attendance per module and the latest decision' })
  myProgrammes(@CurrentActor() actor: Actor) {
    return this.programmes.list(actor);
  }

  @Get('certificates')
  @ApiOperation({ summary: 'My certificates, with PDF and verification links' })
  myCertificates(@CurrentActor() actor: Actor) {
    return this.certificates.mine(actor, this.config.publicBaseUrl);
  }

  @Get('materials')
  @ApiOperation({
    summary: 'Trainer materials of the modules I deliver (trainers only)',
    description: "In the language asked for (`lang`), else mine, with the same fallback as GET /api/materials/{id}.",
  })
  myMaterials(@CurrentActor() actor: Actor, @Query() q: LanguageQuery) {
    return this.catalogue.trainerMaterials(actor, q.lang);
  }
}

import { Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CatalogueService } from '@academy/catalogue';
import type { Actor } from '@academy/common';
import { TrainerRecordService } from '@academy/trainers';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { Page, PageController } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';

/**
 * A trainer's own reading: the trainer-only materials of the modules they deliver
 * (GET /api/me/materials) and their train-the-trainer record (GET /api/users/{id}/trainer-record).
 */
@PageController()
@Roles('trainer')
export class TrainerOwnPages {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly records: TrainerRecordService,
    private readonly pages: PageContextService,
  ) {}

  @Get('trainer/materials')
  @Page({ template: 'trainer/materials', title: 'trainer.materials.title' })
  async materials(@CurrentActor() actor: Actor, @Req() req: Request) {
    const { language } = await this.pages.viewer(req);
    const materials = await this.catalogue.trainerMaterials(actor, language);
    const modules = [...new Set(materials.map((m) => m.moduleCode))].map((code) => ({
      code, materials: materials.filter((m) => m.moduleCode === code),
    }));
    return { modules };
  }

  @Get('trainer/record')
  @Page({ template: 'trainer/record', title: 'trainer.record.title' })
  async record(@CurrentActor() actor: Actor) {
    const record = await this.records.record(actor, actor.id);
    return {
      record,
      totSessions: record.totModule.sessions.map((s) => ({ ...s, statusKey: `trainer.status.${s.status}` })),
    };
  }
}

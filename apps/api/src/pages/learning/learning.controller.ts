import { Get, Inject, StreamableFile } from '@nestjs/common';
import { CertificatesService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { attachment } from '../../common/attachment.js';
import { UuidParam } from '../../common/validation.js';
import { Page, PageController } from '../page.decorators.js';

/** A learner's certificates, from the services behind /api/me (My learning: my-learning.controller.ts). */
@PageController()
export class LearningPages {
  constructor(
    private readonly certificates: CertificatesService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  @Get('certificates')
  @Page({ template: 'learning/my-certificates', title: 'certificates.title' })
  async myCertificates(@CurrentActor() actor: Actor) {
    const mine = await this.certificates.mine(actor, this.config.publicBaseUrl);
    return {
      scripts: ['copy-link.js'],
      certificates: mine.map((c) => ({
        ...c,
        kindKey: `certificates.kind.${c.kind}`,
        statusKey: `certificates.status.${c.status}`,
        valid: c.status === 'valid',
        pdfHref: `/certificates/${c.id}/pdf`,
      })),
    };
  }

  /** The PDF through the page session (the API's link needs a bearer token); holder or the city's administrator. */
  @Get('certificates/:id/pdf')
  async pdf(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<StreamableFile> {
    const doc = await this.certificates.pdf(actor, id);
    return attachment(doc.content, 'application/pdf', doc.filename);
  }
}

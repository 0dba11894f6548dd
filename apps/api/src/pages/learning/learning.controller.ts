import { Get, Inject, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { CertificatesService, DryRunService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { MyProgrammesService } from '@academy/programmes';
import { MySessionsService } from '@academy/sessions';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { UuidParam } from '../../common/validation.js';
import { Page, PageController } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';

/** A learner's own pages: My learning and My certificates, from the services behind /api/me. */
@PageController()
export class LearningPages {
  constructor(
    private readonly programmes: MyProgrammesService,
    private readonly dryRun: DryRunService,
    private readonly sessions: MySessionsService,
    private readonly certificates: CertificatesService,
    private readonly pages: PageContextService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  /**
   * Each programme with each module attended or not and, in words, what the certificate job
   * would decide now (the dry run) or decided (once closed); then the sessions to come.
   */
  @Get('learning')
  @Page({ template: 'learning/my-learning', title: 'learning.title' })
  async myLearning(@CurrentActor() actor: Actor, @Req() req: Request) {
    const { language } = await this.pages.viewer(req);
    const [mine, sessions] = await Promise.all([this.programmes.list(actor, language), this.sessions.upcoming(actor, language)]);
    const programmes = await Promise.all(
      mine.map(async (p) => {
        const decided = p.status === 'closed' && p.decision;
        const explanation = decided ? p.decision!.explanation : ((await this.dryRun.forMe(actor, p.id))?.explanation ?? []);
        return { ...p, closed: p.status === 'closed', explanation };
      }),
    );
    const upcoming = sessions.map((s) => ({ ...s, modeKey: `learning.mode.${s.mode}` }));
    // The explanations are worded by the rules library, in English for now.
    return { programmes, upcoming, explanationLanguage: language === 'en' ? undefined : 'en' };
  }

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
    return new StreamableFile(doc.content, {
      type: 'application/pdf',
      disposition: `attachment; filename="${doc.filename}"`,
      length: doc.content.length,
    });
  }
}

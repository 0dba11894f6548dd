import { Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DryRunService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { ProgrammesService, type ProgrammeView } from '@academy/programmes';
import { ProgrammeStatisticsService } from '@academy/statistics';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { UuidParam } from '../../common/validation.js';
import { Page, PageController, PageResponse, redirectTo } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';
import { sendTableCsv, statisticsView } from './statistics-view.js';

const titleIn = (p: { title: string; titles: Record<string, string> }, language: string) => p.titles?.[language] || p.title;
/** Enough for one page of a city's programmes and a programme's dry run; the API pages further. */
const LIST = { page: 1, perPage: 200 };

/**
 * An administrator's programmes: the list, and a programme's page with its modules, the dry
 * run, closing with its progress, and its statistics — all from the services behind /api/programmes.
 */
@PageController()
@Roles('admin')
export class ProgrammePages {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly dryRuns: DryRunService,
    private readonly stats: ProgrammeStatisticsService,
    private readonly pages: PageContextService,
  ) {}

  @Get('admin')
  @Page({ template: 'admin/programmes', title: 'admin.title' })
  async list(@Req() req: Request) {
    const { actor, language } = await this.pages.viewer(req);
    const page = await this.programmes.list(actor!, LIST);
    return {
      programmes: page.items.map((p) => ({ ...p, title: titleIn(p, language), statusKey: `admin.status.${p.status}` })),
      more: page.total > page.items.length,
    };
  }

  @Get('admin/programmes/:id')
  @Page({ template: 'admin/programme', title: 'admin.programme.title' })
  async programme(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: Request) {
    const { language } = await this.pages.viewer(req);
    const p: ProgrammeView = await this.programmes.get(actor, id);
    const [dryRun, progress, answer] = await Promise.all([
      this.dryRuns.run(actor, id, LIST),
      this.programmes.progress(actor, id),
      this.stats.forProgramme(actor, id),
    ]);
    const t = this.pages.messages.translator(language) as (k: string, v?: Record<string, unknown>) => string;
    return {
      scripts: ['close-progress.js'],
      programme: { ...p, title: titleIn(p, language), statusKey: `admin.status.${p.status}` },
      modules: p.modules.map((m) => ({ ...m, title: titleIn(m, language) })),
      dryRun: dryRun.items.map((d) => ({ ...d, awardKeys: d.awards.map((a) => `certificates.kind.${a.kind}`) })),
      dryRunMore: dryRun.total > dryRun.items.length,
      progress: { ...progress, closed: progress.status === 'closed', done: progress.status === 'closed' && progress.pending === 0 },
      statusUrl: `/admin/programmes/${id}/close-status.json`,
      // The rules library words its explanations in English for now.
      explanationLanguage: language === 'en' ? undefined : 'en',
      stats: statisticsView(answer, t, `/admin/programmes/${id}/statistics.csv`),
    };
  }

  /** Closes the programme with the same service as POST /api/programmes/{id}/close: every learner gets a decision. */
  @Post('admin/programmes/:id/close')
  @Page({ template: 'admin/programme', title: 'admin.programme.title' })
  async close(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    await this.programmes.close(actor, id);
    return redirectTo(`/admin/programmes/${id}#close`);
  }

  /** The close's progress for the page's script (the same answer as GET /api/programmes/{id}/close-status). */
  @Get('admin/programmes/:id/close-status.json')
  async closeStatus(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const p = await this.programmes.progress(actor, id);
    return { status: p.status, enrolled: p.enrolled, evaluated: p.evaluated, pending: p.pending, failed: p.failed, certificates: p.certificates };
  }

  /** One statistics table of the programme as CSV, through the session (the API's CSV wants a bearer token). */
  @Get('admin/programmes/:id/statistics.csv')
  async csv(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query('table') table: unknown, @Res({ passthrough: true }) res: Response) {
    const csv = sendTableCsv(await this.stats.forProgramme(actor, id), table, res, `programme-${id}`);
    if (csv === undefined) throw new PageResponse(404, 'errors/not-found', 'errors.notFound.title');
    return csv;
  }
}

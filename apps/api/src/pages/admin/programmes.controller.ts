import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CatalogueService } from '@academy/catalogue';
import { DryRunService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { UsersService } from '@academy/identity';
import { ProgrammeClosingService, ProgrammeModulesService, ProgrammesService, type ProgrammeView } from '@academy/programmes';
import { SESSION_MODES, SessionsService } from '@academy/sessions';
import { ProgrammeStatisticsService } from '@academy/statistics';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { checkAs, UuidParam } from '../../common/validation.js';
import { AddModulesDto, CreateSessionDto } from '../../programmes/programmes.dto.js';
import { many, text } from '../form-fields.js';
import { Page, PageController, PageResponse, redirectTo } from '../page.decorators.js';
import { explanationWording } from '../explanation-wording.js';
import { PageContextService } from '../page-context.service.js';
import { type FormError, formErrors, refusedForm } from './form-errors.js';
import { sendTableCsv, statisticsView } from './statistics-view.js';

type Form = Record<string, unknown>;
/** The API's fields of a new session → the session form's fields (the zone's times are entered apart from the date). */
const SESSION_FIELDS: Record<string, string> = {
  moduleCode: 'sessionModule', startsAt: 'startTime', endsAt: 'endTime', timezone: 'startTime', mode: 'mode',
  place: 'place', link: 'link', trainers: 'trainer', title: 'sessionTitle',
};
const DONE = ['created', 'modules', 'session'];

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
    private readonly closing: ProgrammeClosingService,
    private readonly dryRuns: DryRunService,
    private readonly stats: ProgrammeStatisticsService,
    private readonly pages: PageContextService,
    private readonly modules: ProgrammeModulesService,
    private readonly sessions: SessionsService,
    private readonly catalogue: CatalogueService,
    private readonly users: UsersService,
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
  async programme(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: Request, @Query('done') done?: string) {
    return this.model(actor, id, req, { doneKey: done && DONE.includes(done) ? `adminForms.done.${done}` : undefined });
  }

  /** Appends catalogue modules, as POST /api/programmes/{id}/modules does. */
  @Post('admin/programmes/:id/modules')
  @Page({ template: 'admin/programme', title: 'admin.programme.title' })
  async addModules(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: Form, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const fields = { moduleCodes: 'addModules' };
    const checked = await checkAs(AddModulesDto, { moduleCodes: many(body.moduleCodes) });
    if (checked.errors) {
      res.status(400);
      return this.model(actor, id, req, { errors: formErrors(checked.errors, fields, 'addModules') });
    }
    try {
      await this.modules.add(actor, id, checked.value.moduleCodes);
      return redirectTo(`/admin/programmes/${id}?done=modules#modules`);
    } catch (e) {
      const { errors, status } = refusedForm(e, fields, 'addModules');
      res.status(status);
      return this.model(actor, id, req, { errors });
    }
  }

  /**
   * Schedules a session as POST /api/programmes/{id}/sessions does: the date and times are the
   * wall clock of the programme's zone (named on the form), converted by the same service.
   */
  @Post('admin/programmes/:id/sessions')
  @Page({ template: 'admin/programme', title: 'admin.programme.title' })
  async addSession(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: Form, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const values = {
      sessionModule: text(body.sessionModule, 40), date: text(body.date, 10), startTime: text(body.startTime, 5), endTime: text(body.endTime, 5),
      mode: text(body.mode, 20), place: text(body.place, 300), link: text(body.link, 2000), trainer: text(body.trainer, 36), sessionTitle: text(body.sessionTitle, 200),
    };
    const errors: FormError[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) errors.push({ field: 'date', message: 'adminForms.errors.date' });
    if (!/^\d{2}:\d{2}$/.test(values.startTime)) errors.push({ field: 'startTime', message: 'adminForms.errors.startTime' });
    if (values.endTime && !/^\d{2}:\d{2}$/.test(values.endTime)) errors.push({ field: 'endTime', message: 'adminForms.errors.endTime' });
    const plain: Record<string, unknown> = {
      moduleCode: values.sessionModule, startsAt: `${values.date}T${values.startTime}:00`,
      ...(values.endTime ? { endsAt: `${values.date}T${values.endTime}:00` } : {}),
      ...(values.mode ? { mode: values.mode } : {}), ...(values.place ? { place: values.place } : {}),
      ...(values.link ? { link: values.link } : {}), ...(values.sessionTitle ? { title: values.sessionTitle } : {}),
      ...(values.trainer ? { trainers: [{ userId: values.trainer, role: 'lead' }] } : {}),
    };
    const checked = errors.length ? undefined : await checkAs(CreateSessionDto, plain);
    if (checked?.errors) errors.push(...formErrors(checked.errors, SESSION_FIELDS, 'sessionModule'));
    if (!errors.length) {
      try {
        await this.sessions.create(actor, id, checked!.value!);
        return redirectTo(`/admin/programmes/${id}?done=session#sessions`);
      } catch (e) {
        const refused = refusedForm(e, SESSION_FIELDS, 'sessionModule');
        res.status(refused.status);
        return this.model(actor, id, req, { errors: refused.errors, values });
      }
    }
    res.status(400);
    return this.model(actor, id, req, { errors, values });
  }

  private async model(actor: Actor, id: string, req: Request, extra: { errors?: FormError[]; values?: Form; doneKey?: string } = {}) {
    const { language } = await this.pages.viewer(req);
    const p: ProgrammeView = await this.programmes.get(actor, id);
    const [dryRun, progress, answer, sessions, catalogue, trainers] = await Promise.all([
      this.dryRuns.run(actor, id, LIST, explanationWording(this.pages.messages, language)),
      this.closing.progress(actor, id),
      this.stats.forProgramme(actor, id),
      this.sessions.list(actor, id),
      this.catalogue.modules(actor, language),
      this.users.list(actor, { page: 1, perPage: 500 }, 'trainer'),
    ]);
    const t = this.pages.messages.translator(language) as (k: string, v?: Record<string, unknown>) => string;
    const values = extra.values ?? {};
    const has = new Set(p.modules.map((m) => m.code));
    const chosen = many(extra.values?.moduleCodes);
    return {
      scripts: ['close-progress.js'],
      ...extra,
      values,
      details: (extra.errors ?? []).filter((e) => e.detail).map((e) => e.detail),
      programme: { ...p, title: titleIn(p, language), statusKey: `admin.status.${p.status}`, open: p.status === 'open' },
      modules: p.modules.map((m) => ({ ...m, title: titleIn(m, language) })),
      addable: catalogue.filter((m) => !has.has(m.code)).map((m) => ({ code: m.code, title: titleIn(m, language), checked: chosen.includes(m.code) })),
      sessions: sessions.map((s) => ({
        ...s, day: s.localStart.slice(0, 10), start: s.localStart.slice(11, 16), end: s.localEnd?.slice(11, 16),
        modeKey: `adminForms.mode.${s.mode}`,
      })),
      sessionModules: p.modules.map((m) => ({ code: m.code, title: titleIn(m, language), selected: m.code === values.sessionModule })),
      modes: SESSION_MODES.map((m) => ({ value: m, key: `adminForms.mode.${m}`, selected: m === (values.mode || 'in-person') })),
      trainers: trainers.items.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, selected: u.id === values.trainer })),
      dryRun: dryRun.items.map((d) => ({ ...d, awardKeys: d.awards.map((a) => `certificates.kind.${a.kind}`) })),
      dryRunMore: dryRun.total > dryRun.items.length,
      progress: { ...progress, closed: progress.status === 'closed', done: progress.status === 'closed' && progress.pending === 0 },
      statusUrl: `/admin/programmes/${id}/close-status.json`,
      // The rules library words its explanations in English for now.
      stats: statisticsView(answer, t, `/admin/programmes/${id}/statistics.csv`),
    };
  }

  /** Closes the programme with the same service as POST /api/programmes/{id}/close: every learner gets a decision. */
  @Post('admin/programmes/:id/close')
  @Page({ template: 'admin/programme', title: 'admin.programme.title' })
  async close(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    await this.closing.close(actor, id);
    return redirectTo(`/admin/programmes/${id}#close`);
  }

  /** The close's progress for the page's script (the same answer as GET /api/programmes/{id}/close-status). */
  @Get('admin/programmes/:id/close-status.json')
  async closeStatus(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const p = await this.closing.progress(actor, id);
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

import { Get, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Actor } from '@academy/common';
import { CitiesService } from '@academy/identity';
import { ProgrammesService } from '@academy/programmes';
import { StatisticsService, type StatsFilters } from '@academy/statistics';
import type { FieldError } from '@academy/web';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { text } from '../form-fields.js';
import { Page, PageController, PageResponse } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';
import { sendTableCsv, statisticsView } from './statistics-view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The GET form's filters, checked like the API's query (a wrong one is named, never a 500). */
function filtersOf(q: Record<string, unknown>): { filters: StatsFilters; values: Record<string, string>; errors: FieldError[] } {
  const values = { programme: text(q.programme), department: text(q.department), city: text(q.city), from: text(q.from), to: text(q.to) };
  const errors: FieldError[] = [];
  if (values.city && !UUID.test(values.city)) errors.push({ field: 'city', message: 'stats.errors.city' });
  if (values.programme && !UUID.test(values.programme)) errors.push({ field: 'programme', message: 'stats.errors.programme' });
  if (values.department && !UUID.test(values.department)) errors.push({ field: 'department', message: 'stats.errors.department' });
  if (values.from && !realDate(values.from)) errors.push({ field: 'from', message: 'stats.errors.date' });
  if (values.to && !realDate(values.to)) errors.push({ field: 'to', message: 'stats.errors.date' });
  if (!errors.length && values.from && values.to && values.from > values.to) errors.push({ field: 'to', message: 'stats.errors.order' });
  const filters: StatsFilters = {};
  for (const k of ['programme', 'department', 'city', 'from', 'to'] as const) if (values[k]) filters[k] = values[k];
  return { filters, values, errors };
}

/** The city-wide dashboard: the same StatisticsService as GET /api/statistics, filtered by a GET form. */
@PageController()
@Roles('admin')
export class StatisticsPages {
  constructor(
    private readonly stats: StatisticsService,
    private readonly programmes: ProgrammesService,
    private readonly pages: PageContextService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Get('admin/statistics')
  @Page({ template: 'admin/statistics', title: 'stats.title' })
  async dashboard(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { language } = await this.pages.viewer(req);
    const { filters, values, errors } = filtersOf({ ...q, city: undefined });
    const [programmes, departments] = await Promise.all([
      this.programmes.list(actor, { page: 1, perPage: 200 }),
      this.ds.query(`SELECT id, name FROM departments WHERE city_id = $1 ORDER BY name`, [actor.cityId]) as Promise<{ id: string; name: string }[]>,
    ]);
    const choices = {
      programmes: programmes.items.map((p) => ({ value: p.id, label: `${p.code} – ${p.titles?.[language] || p.title}`, selected: p.id === values.programme })),
      departments: departments.map((d) => ({ value: d.id, label: d.name, selected: d.id === values.department })),
    };
    if (errors.length) {
      res.status(400);
      return { ...choices, values, errors };
    }
    // An unknown programme or department of this city answers the 404 page, as the API does.
    const answer = await this.stats.forCity(actor, filters);
    const query = new URLSearchParams(Object.entries(filters) as [string, string][]).toString();
    const t = this.pages.messages.translator(language) as (k: string, v?: Record<string, unknown>) => string;
    return { ...choices, values, stats: statisticsView(answer, t, `/admin/statistics.csv${query ? `?${query}` : ''}`) };
  }

  /** One table of the city's answer as CSV through the session, with the same filters. */
  @Get('admin/statistics.csv')
  async csv(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { filters, errors } = filtersOf({ ...q, city: undefined });
    const csv = errors.length ? undefined : sendTableCsv(await this.stats.forCity(actor, filters), q.table, res, 'city');
    if (csv === undefined) throw new PageResponse(errors.length ? 400 : 404, 'errors/not-found', 'errors.notFound.title');
    return csv;
  }
}

/**
 * The platform role's figures across cities (GET /api/platform/statistics): every figure,
 * headline included, only as it survives suppression; filtered by city and period.
 */
@PageController()
@Roles('platform')
export class PlatformStatisticsPages {
  constructor(
    private readonly stats: StatisticsService,
    private readonly cities: CitiesService,
    private readonly pages: PageContextService,
  ) {}

  @Get('platform')
  @Page({ template: 'admin/platform', title: 'stats.platformTitle' })
  async dashboard(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { language } = await this.pages.viewer(req);
    const { filters, values, errors } = filtersOf({ city: q.city, from: q.from, to: q.to });
    const cities = (await this.cities.list(actor)).map((c) => ({ value: c.id, label: c.name, selected: c.id === values.city }));
    if (errors.length) {
      res.status(400);
      return { cities, values, errors };
    }
    const answer = await this.stats.forPlatform(filters);
    const query = new URLSearchParams(Object.entries(filters) as [string, string][]).toString();
    const t = this.pages.messages.translator(language) as (k: string, v?: Record<string, unknown>) => string;
    return { cities, values, stats: statisticsView(answer, t, `/platform/statistics.csv${query ? `?${query}` : ''}`) };
  }

  @Get('platform/statistics.csv')
  async csv(@Query() q: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { filters, errors } = filtersOf({ city: q.city, from: q.from, to: q.to });
    const csv = errors.length ? undefined : sendTableCsv(await this.stats.forPlatform(filters), q.table, res, 'platform');
    if (csv === undefined) throw new PageResponse(errors.length ? 400 : 404, 'errors/not-found', 'errors.notFound.title');
    return csv;
  }
}

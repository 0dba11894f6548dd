import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { type Actor, invalid, notFound, preparedQuery } from '@academy/common';
import { JobGateway, JobName } from '@academy/queue';
import { aggregateNeeds, NEEDS_ASSESSMENT, type NeedsAnswers, type NeedsResults } from '@academy/surveys';
import { buildAnswer, type ScopeCells, type StatsAnswer } from './statistics-answer.js';
import { type Freshness, StatisticsRefreshService } from './statistics-refresh.service.js';

export interface StatsFilters {
  programme?: string;
  department?: string;
  /** Platform only. */
  city?: string;
  /** Local dates (YYYY-MM-DD) in the city's timezone, both included. */
  from?: string;
  to?: string;
}

export interface StatsFreshness {
  /** True when every figure includes every change committed before the answer was read. */
  current: boolean;
  /** The oldest refresh among the programmes counted. */
  asOf: string | null;
  /** Programmes whose figures miss changes: since when, and as of when they are. A refresh is under way. */
  stale: { programmeId: string; changedSince: string; asOf: string | null }[];
}

export type ScopedAnswer = StatsAnswer & {
  scope: { audience: 'city' | 'platform'; cityId: string | null; filters: StatsFilters; programmes: { id: string; code: string; title: string; city: string }[] };
  period: { from: string | null; to: string | null; appliesTo: string };
  freshness: StatsFreshness;
  /** Needs-assessment results of the people of the cities (and department) in scope; under 5 answers, only the count. */
  needsAssessment: NeedsResults;
};

/** A refresh that took no longer than this last time is done within the request instead of by a job. */
export const INLINE_REFRESH_MS = 250;
/** A programme never refreshed is refreshed within the request when it has at most this many enrolments. */
export const INLINE_FIRST_REFRESH_ENROLMENTS = 20_000;

/**
 * Statistics read from the per-programme aggregates (`stats_*_cells`), never from the
 * attendance rows themselves: a few hundred cells per programme, summed per request.
 * Before reading, the aggregates of every programme in scope are checked against the change
 * log; small ones are refreshed at once, large ones by a queued job, and the answer says
 * which figures miss changes (and since when) instead of passing them off as current.
 */
@Injectable()
export class StatisticsService {
  private readonly log = new Logger(StatisticsService.name);
  /** Answers built from the cells, by scope, filters and the cells' refresh times (most recent 200). */
  private readonly built = new LRUCache<string, StatsAnswer & { needsAssessment: NeedsResults }>({ max: 200 });
  /** Whole answers of scopes whose programmes were all current, by request and by what the scope statement read (most recent 100). */
  private readonly answers = new LRUCache<string, ScopedAnswer>({ max: 100 });

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly refresher: StatisticsRefreshService,
    private readonly jobs: JobGateway,
  ) {}

  /** The city's programmes (all of them, or the one asked for) as its administrator sees them. */
  forCity(actor: Actor, filters: StatsFilters): Promise<ScopedAnswer> {
    return this.answer(actor.cityId, filters, 'city');
  }

  /** Every city (or the one asked for), suppressed throughout. */
  forPlatform(filters: StatsFilters): Promise<ScopedAnswer> {
    return this.answer(filters.city ?? null, filters, 'platform');
  }

  private async answer(cityId: string | null, filters: StatsFilters, audience: 'city' | 'platform'): Promise<ScopedAnswer> {
    if (filters.from && filters.to && filters.from > filters.to) throw invalid('to: must not be before from');
    // The programmes in scope with the state of their cells, the state of the survey answers
    // and whether the department asked for is the scope's, in one statement.
    const scoped: (ScopeCells['programmes'][number] & { refreshedAt: Date | null; refreshMs: number | null;
      changedSince: Date | null; survey: string; departmentFound: boolean })[] = await preparedQuery(
      this.ds,
      `WITH survey AS (
         SELECT count(*) || '@' || COALESCE(max(r.submitted_at)::text, '') AS state
           FROM survey_responses r JOIN users u ON u.id = r.user_id
          WHERE r.survey = $5 AND ($1::uuid IS NULL OR r.city_id = $1) AND ($6::uuid IS NULL OR u.department_id = $6))
       SELECT p.id, p.code, p.title, p.city_id AS "cityId", c.name AS "cityName",
              s.refreshed_at AS "refreshedAt", s.refresh_ms AS "refreshMs",
              (SELECT min(x.changed_at) FROM stats_changes x WHERE x.programme_id = p.id) AS "changedSince",
              (SELECT state FROM survey) AS survey,
              ($6::uuid IS NULL OR EXISTS (SELECT 1 FROM departments d WHERE d.id = $6 AND ($1::uuid IS NULL OR d.city_id = $1)))
                AS "departmentFound"
         FROM programmes p JOIN cities c ON c.id = p.city_id LEFT JOIN stats_snapshots s ON s.programme_id = p.id
        WHERE ($1::uuid IS NULL OR p.city_id = $1) AND ($2::uuid IS NULL OR p.id = $2)
          AND ($3::date IS NULL OR p.period_end IS NULL OR p.period_end >= $3)
          AND ($4::date IS NULL OR p.period_start IS NULL OR p.period_start <= $4)
        ORDER BY c.name, p.code`,
      [cityId, filters.programme ?? null, filters.from ?? null, filters.to ?? null, NEEDS_ASSESSMENT, filters.department ?? null],
    );
    if (!scoped.length) {
      // Nothing in scope: the city, programme or department asked for may not exist (or not be the caller's).
      if (cityId && audience === 'platform') {
        const [city] = await this.ds.query(`SELECT 1 FROM cities WHERE id = $1`, [cityId]);
        if (!city) throw notFound('city', cityId);
      }
      if (filters.programme) {
        const [exists] = await this.ds.query(`SELECT 1 FROM programmes WHERE id = $1 AND ($2::uuid IS NULL OR city_id = $2)`, [filters.programme, cityId]);
        if (!exists) throw notFound('programme', filters.programme);
      }
    }
    if (filters.department && !(scoped[0]?.departmentFound ?? false)) {
      const [dept] = await this.ds.query(`SELECT 1 FROM departments WHERE id = $1 AND ($2::uuid IS NULL OR city_id = $2)`, [filters.department, cityId]);
      if (!dept) throw notFound('department', filters.department);
    }
    // Every programme current: the whole answer is a function of what that statement read
    // (refresh times, names, survey state) and of the request, so the one built for the same
    // reading is the answer. A change committed since gives a change row or a new refresh time,
    // hence another key: a cached answer can never outlive the cells it was built from.
    const whole = scoped.length > 0 && scoped.every((p) => p.refreshedAt && !p.changedSince);
    const wholeKey = whole ? JSON.stringify([audience, cityId, filters, scoped]) : '';
    const cached = whole ? this.answers.get(wholeKey) : undefined;
    if (cached) return cached;
    const programmes: ScopeCells['programmes'] = scoped.map(({ id, code, title, cityId: c, cityName }) => ({ id, code, title, cityId: c, cityName, modules: [] }));
    let freshness: Freshness[] = scoped.map((p) => ({
      programmeId: p.id, refreshedAt: p.refreshedAt, refreshMs: p.refreshMs,
      changedSince: p.refreshedAt ? p.changedSince : (p.changedSince ?? new Date(0)),
    }));
    if (freshness.some((f) => f.changedSince)) freshness = await this.ensureFresh(programmes.map((p) => p.id));
    // The figures change only with a refresh (a new refreshed_at) or a new survey answer: the
    // answer built for the same cells is reused as it is.
    const key = JSON.stringify([audience, cityId, filters.programme, filters.department, filters.from, filters.to,
      scoped[0]?.survey, freshness.map((f) => [f.programmeId, f.refreshedAt?.getTime() ?? null])]);
    let built = this.built.get(key);
    if (!built) {
      const cells = await this.readCells(programmes, filters);
      const needs: { answers: NeedsAnswers }[] = await this.ds.query(
        `SELECT r.answers FROM survey_responses r JOIN users u ON u.id = r.user_id
          WHERE r.survey = $1 AND ($2::uuid IS NULL OR r.city_id = $2) AND ($3::uuid IS NULL OR u.department_id = $3)`,
        [NEEDS_ASSESSMENT, cityId, filters.department ?? null],
      );
      built = { ...buildAnswer(cells, audience), needsAssessment: aggregateNeeds(needs.map((r) => r.answers)) };
      this.built.set(key, built);
    }
    const stale = freshness.filter((f) => f.changedSince);
    const asOf = freshness.map((f) => f.refreshedAt).filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
    const answer: ScopedAnswer = {
      scope: {
        audience, cityId, filters,
        programmes: programmes.map((p) => ({ id: p.id, code: p.code, title: p.title, city: p.cityName })),
      },
      period: {
        from: filters.from ?? null, to: filters.to ?? null,
        appliesTo: 'programmes running in the period; sessions held, certificates issued and deliveries in it (local dates ' +
          'in the city\'s timezone); enrolment figures are those of the programmes counted',
      },
      freshness: {
        current: stale.length === 0,
        asOf: asOf?.toISOString() ?? null,
        stale: stale.map((f) => ({ programmeId: f.programmeId, changedSince: f.changedSince!.toISOString(), asOf: f.refreshedAt?.toISOString() ?? null })),
      },
      ...built,
    };
    if (whole) this.answers.set(wholeKey, answer);
    return answer;
  }

  /** Refreshes what is cheap to refresh now; asks the worker for the rest. Returns what is still stale. */
  async ensureFresh(ids: string[]): Promise<Freshness[]> {
    const states = await this.refresher.freshness(ids);
    const stale = states.filter((s) => s.changedSince);
    if (!stale.length) return states;
    const sizes = new Map<string, number>(
      (await this.ds.query(
        `SELECT programme_id AS id, count(*)::int AS n FROM enrolments WHERE programme_id = ANY ($1::uuid[]) GROUP BY programme_id`,
        [stale.filter((s) => s.refreshMs === null).map((s) => s.programmeId)],
      )).map((r: { id: string; n: number }) => [r.id, r.n]),
    );
    const out = new Map(states.map((s) => [s.programmeId, s]));
    for (const s of stale) {
      const cheap = s.refreshMs === null ? (sizes.get(s.programmeId) ?? 0) <= INLINE_FIRST_REFRESH_ENROLMENTS : s.refreshMs <= INLINE_REFRESH_MS;
      if (cheap) {
        await this.refresher.refresh(s.programmeId, { onlyIfStale: true });
        const [now] = await this.refresher.freshness([s.programmeId]);
        out.set(s.programmeId, now);
        continue;
      }
      await this.jobs
        .enqueue({ name: JobName.RefreshStatistics, data: { programmeId: s.programmeId, since: s.changedSince!.getTime() } })
        .catch((e: Error) => this.log.warn(`statistics refresh of ${s.programmeId} not queued: ${e.message}`));
    }
    return [...out.values()];
  }

  /** Every cell of the scope in one statement (one round trip, one snapshot of the cells). */
  private async readCells(programmes: ScopeCells['programmes'], f: StatsFilters): Promise<ScopeCells> {
    const [row] = await this.ds.query(
      `WITH p AS (SELECT unnest($1::uuid[]) AS id)
       SELECT
         (SELECT COALESCE(json_agg(json_build_object('id', s.programme_id, 'modules', s.modules)), '[]')
            FROM stats_snapshots s WHERE s.programme_id IN (SELECT id FROM p)) AS snapshots,
         (SELECT COALESCE(json_agg(json_build_object('id', d.id, 'name', d.name, 'city', c.name)), '[]')
            FROM departments d JOIN cities c ON c.id = d.city_id
           WHERE d.city_id IN (SELECT city_id FROM programmes WHERE id IN (SELECT id FROM p))) AS departments,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT CASE WHEN GROUPING(department_id) = 0 THEN 'department' WHEN GROUPING(programme_id) = 0 THEN 'programme'
                        ELSE 'completed' END AS set,
                   programme_id AS "programmeId", department_id AS "departmentId", modules_attended AS "modulesAttended", completed,
                   sum(n)::int AS n
              FROM stats_learner_cells WHERE programme_id IN (SELECT id FROM p) AND ($2::uuid IS NULL OR department_id = $2)
             GROUP BY GROUPING SETS ((department_id, modules_attended), (programme_id, modules_attended), (completed))) x) AS learners,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT c.department_id AS "departmentId", m.code AS "moduleCode", sum(c.n)::int AS n
              FROM stats_module_cells c JOIN modules m ON m.id = c.module_id
             WHERE c.programme_id IN (SELECT id FROM p) AND ($2::uuid IS NULL OR c.department_id = $2)
             GROUP BY 1, 2) x) AS modules,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT department_id AS "departmentId", gender, deis_school AS "deisSchool", sum(n)::int AS n
              FROM stats_demographic_cells WHERE programme_id IN (SELECT id FROM p) AND ($2::uuid IS NULL OR department_id = $2)
             GROUP BY 1, 2, 3) x) AS demographics,
         -- Per session: not narrowed by department (a session is not a department's).
         (SELECT COALESCE(json_agg(x ORDER BY x."localDate", x."moduleCode", x."sessionId"), '[]') FROM (
            SELECT s.session_id AS "sessionId", m.code AS "moduleCode", to_char(s.local_date, 'YYYY-MM-DD') AS "localDate",
                   s.present, s.late, s.excused, s.absent
              FROM stats_session_cells s JOIN modules m ON m.id = s.module_id
             WHERE s.programme_id IN (SELECT id FROM p) AND ($3::date IS NULL OR s.local_date >= $3) AND ($4::date IS NULL OR s.local_date <= $4)) x)
           AS sessions,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT kind, status, to_char(issued_on, 'YYYY-MM') AS month, sum(n)::int AS n
              FROM stats_certificate_cells WHERE programme_id IN (SELECT id FROM p) AND ($2::uuid IS NULL OR department_id = $2)
               AND ($3::date IS NULL OR issued_on >= $3) AND ($4::date IS NULL OR issued_on <= $4)
             GROUP BY 1, 2, 3) x) AS certificates,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT user_id AS "userId", sum(led)::int AS led, sum(cofacilitated)::int AS cofacilitated
              FROM stats_trainer_cells WHERE programme_id IN (SELECT id FROM p)
               AND ($3::date IS NULL OR local_date >= $3) AND ($4::date IS NULL OR local_date <= $4)
             GROUP BY 1) x) AS trainers`,
      [programmes.map((p) => p.id), f.department ?? null, f.from ?? null, f.to ?? null],
    );
    type Modules = ScopeCells['programmes'][number]['modules'];
    const modulesOf = new Map<string, Modules>(row.snapshots.map((s: { id: string; modules: Modules }) => [s.id, s.modules]));
    const several = new Set(row.departments.map((d: { city: string }) => d.city)).size > 1;
    return {
      programmes: programmes.map((p) => ({ ...p, modules: modulesOf.get(p.id) ?? [] })),
      departments: new Map(row.departments.map((d: { id: string; name: string; city: string }) => [d.id, several ? `${d.city}: ${d.name}` : d.name])),
      learners: row.learners, modules: row.modules, demographics: row.demographics, sessions: row.sessions,
      certificates: row.certificates, trainers: row.trainers,
    };
  }
}

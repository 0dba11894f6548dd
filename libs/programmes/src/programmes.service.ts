import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import {
  type Actor, conflict, invalid, isValidTimeZone, notFound, offsetOf, type Page, type PageRequest, unavailable,
} from '@academy/common';
import { type AcademyJob, JobFailures, JobGateway, JobName, QueueName } from '@academy/queue';
import { RuleSetsService } from '@academy/rule-sets';
import { type Programme, PROGRAMME_COLUMNS, programmeOfCity } from './programme-access.js';
import type { DeliveryMode } from './programmes.tables.js';

export interface NewProgramme {
  code: string;
  title: string;
  moduleCodes: string[];
  ruleSet: string;
  periodStart?: string;
  periodEnd?: string;
  languages?: string[];
  deliveryMode?: DeliveryMode;
  timezone?: string;
}

/** A programme as the api shows it: without its tenant and bookkeeping columns, with its modules. */
export type ProgrammeView = Omit<Programme, 'cityId' | 'closeCount' | 'createdAt'> & {
  modules: { code: string; title: string; kind: string }[];
};

/** A job of the programme's evaluation that failed all its attempts. */
export interface EvaluationFailure {
  jobId: string;
  job: string;
  /** The learner, for an evaluation; absent for the close's fan-out. */
  userId: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
}

export interface CloseProgress {
  status: 'open' | 'closed';
  enrolled: number;
  evaluated: number;
  pending: number;
  certificates: { completion: number; attendance: number; trainer: number };
  /** Jobs of this close that failed all their attempts and are not decided since. */
  failed: number;
  /** The first FAILURES_SHOWN of them, oldest first. */
  failures: EvaluationFailure[];
}

const FAILURES_SHOWN = 100;

@Injectable()
export class ProgrammesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobGateway,
    private readonly failures: JobFailures,
    private readonly audit: AuditService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async create(actor: Actor, p: NewProgramme): Promise<ProgrammeView> {
    await this.ruleSets.require(actor.cityId, p.ruleSet);
    const tz = p.timezone ?? 'UTC';
    if (!isValidTimeZone(tz)) throw invalid(`timezone: "${tz}" is not an IANA time zone`);
    if (p.periodStart && p.periodEnd && p.periodEnd < p.periodStart) {
      throw invalid('periodEnd: must not be before periodStart');
    }
    const codes = [...new Set(p.moduleCodes.map((c) => c.toUpperCase()))];
    const id = await this.ds.transaction(async (m) => {
      const modules: { id: string; code: string }[] = await m.query(
        `SELECT id, code FROM modules WHERE code = ANY($1)`,
        [codes],
      );
      const unknown = codes.filter((c) => !modules.some((x) => x.code === c));
      if (unknown.length) throw invalid(`moduleCodes: unknown module ${unknown.join(', ')}`);
      const rows = await m.query(
        `INSERT INTO programmes (city_id, code, title, rule_set, period_start, period_end, languages, delivery_mode, timezone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (city_id, code) DO NOTHING RETURNING id`,
        [actor.cityId, p.code.toUpperCase(), p.title, p.ruleSet, p.periodStart ?? null, p.periodEnd ?? null,
          p.languages ?? ['en'], p.deliveryMode ?? 'online', tz],
      );
      if (!rows.length) throw conflict(`code: a programme ${p.code.toUpperCase()} already exists in this city`);
      await m.query(
        `INSERT INTO programme_modules (programme_id, module_id, position)
         SELECT $1, m.id, array_position($2::text[], m.code) FROM modules m WHERE m.code = ANY($2)`,
        [rows[0].id, codes],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.created', entity: 'programme',
        entityId: rows[0].id, after: { code: p.code, ruleSet: p.ruleSet, moduleCodes: codes },
      });
      return rows[0].id as string;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, page: PageRequest): Promise<Page<ProgrammeView>> {
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM programmes WHERE city_id = $1`, [
      actor.cityId,
    ]);
    const programmes: Programme[] = await this.ds.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM programmes p WHERE p.city_id = $1 ORDER BY p.created_at DESC, p.id LIMIT $2 OFFSET $3`,
      [actor.cityId, page.perPage, offsetOf(page)],
    );
    const modules = await this.modulesOf(programmes.map((p) => p.id));
    return { items: programmes.map((p) => view(p, modules.get(p.id) ?? [])), total, ...page };
  }

  async get(actor: Actor, id: string): Promise<ProgrammeView> {
    const p = await programmeOfCity(this.ds.manager, actor, id);
    return view(p, (await this.modulesOf([id])).get(id) ?? []);
  }

  /** The modules of several programmes in one query, in delivery order. */
  private async modulesOf(programmeIds: string[]): Promise<Map<string, ProgrammeView['modules']>> {
    const rows: { programme_id: string; code: string; title: string; kind: string }[] = await this.ds.query(
      `SELECT pm.programme_id, m.code, m.title, m.kind FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
        WHERE pm.programme_id = ANY($1) ORDER BY pm.programme_id, pm.position`,
      [programmeIds],
    );
    const byProgramme = new Map<string, ProgrammeView['modules']>();
    for (const { programme_id, ...m } of rows) {
      byProgramme.set(programme_id, [...(byProgramme.get(programme_id) ?? []), m]);
    }
    return byProgramme;
  }

  /**
   * Enrols a learner of the same city in the programme's modules open to their audience
   * (or in the ones named). A module for another audience is refused; enrolling twice is
   * harmless.
   */
  async enrol(
    actor: Actor,
    id: string,
    userId: string,
    moduleCodes?: string[],
  ): Promise<{ programmeId: string; userId: string; moduleCodes: string[] }> {
    await programmeOfCity(this.ds.manager, actor, id);
    const [user] = await this.ds.query(`SELECT id, audience FROM users WHERE id = $1 AND city_id = $2`, [
      userId,
      actor.cityId,
    ]);
    if (!user) throw notFound('user', userId);
    const modules: { code: string; audience: string | null }[] = await this.ds.query(
      `SELECT m.code, m.audience FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
        WHERE pm.programme_id = $1 ORDER BY pm.position`,
      [id],
    );
    const wanted = moduleCodes?.map((c) => c.toUpperCase());
    const unknown = wanted?.filter((c) => !modules.some((m) => m.code === c)) ?? [];
    if (unknown.length) throw invalid(`moduleCodes: ${unknown.join(', ')} not in this programme`);
    const chosen = wanted ? modules.filter((m) => wanted.includes(m.code)) : modules;
    const closed = chosen.filter((m) => m.audience && m.audience !== user.audience);
    if (wanted && closed.length) {
      throw conflict(
        `moduleCodes: ${closed.map((m) => `${m.code} is for the ${m.audience} audience`).join('; ')}, ` +
          `and this learner is ${user.audience}`,
      );
    }
    const open = chosen.filter((m) => !m.audience || m.audience === user.audience).map((m) => m.code);
    if (!open.length) throw conflict(`no module of this programme is open to the ${user.audience} audience`);
    const restricted = open.length < modules.length ? open : null;
    await this.ds.query(
      `INSERT INTO enrolments (programme_id, user_id, module_codes) VALUES ($1, $2, $3)
       ON CONFLICT (programme_id, user_id) DO UPDATE SET module_codes = EXCLUDED.module_codes`,
      [id, userId, restricted],
    );
    return { programmeId: id, userId, moduleCodes: open };
  }

  /**
   * Closes the programme and hands the evaluation to the queue: one fan-out job that
   * enqueues one evaluation per enrolled learner. Closing again re-evaluates everyone,
   * which issues nothing new for learners whose record did not change.
   */
  async close(actor: Actor, id: string): Promise<CloseProgress> {
    await programmeOfCity(this.ds.manager, actor, id);
    await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `WITH closed AS (
           UPDATE programmes SET status = 'closed', closed_at = now(), close_count = close_count + 1
            WHERE id = $1 RETURNING close_count)
         SELECT close_count FROM closed`,
        [id],
      );
      const closeCount: number = row.close_count;
      // Every learner is owed a decision for this close: what close-status counts down and
      // what the reconciler asks for again if the fan-out never runs.
      await m.query(`UPDATE enrolments SET decision_due = true WHERE programme_id = $1 AND NOT decision_due`, [id]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.closed', entity: 'programme', entityId: id,
        after: { closeCount },
      });
      // One fan-out job, in the outbox of this transaction: sent once the close is committed.
      await this.jobs.enqueue({ name: JobName.CloseProgramme, data: { programmeId: id, closeCount } }, { manager: m });
    });
    return this.progress(actor, id);
  }

  /** Points a programme at another rule set; refused once certificates exist (they are frozen). */
  async changeRuleSet(actor: Actor, programmeId: string, ruleSet: string): Promise<void> {
    await this.ruleSets.require(actor.cityId, ruleSet);
    await this.ds.transaction(async (m) => {
      const p = await programmeOfCity(m, actor, programmeId);
      const [issued] = await m.query(`SELECT count(*)::int AS n FROM certificates WHERE programme_id = $1`, [programmeId]);
      if (issued.n > 0) {
        throw conflict(
          `ruleSet: the programme has ${issued.n} certificates, so its rule set is frozen; ` +
            `publish a new version of "${p.ruleSet}" to change later decisions`,
        );
      }
      await m.query(`UPDATE programmes SET rule_set = $2 WHERE id = $1`, [programmeId, ruleSet]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.rule-set-changed', entity: 'programme',
        entityId: programmeId, before: { ruleSet: p.ruleSet }, after: { ruleSet },
      });
    });
  }

  /**
   * How far the evaluation of a closed programme has come. Cheap at any size and while the
   * workers write: two counts on the enrolments' primary key and on the partial index of
   * those still owed a decision, one on the valid certificates, and the failures only while
   * something is pending — no join whose plan depends on fresh statistics.
   */
  async progress(actor: Actor, id: string): Promise<CloseProgress> {
    // One statement: the programme (of the caller's city) and its counts.
    const [row] = await this.ds.query(
      `SELECT p.status, p.close_count,
         (SELECT count(*)::int FROM enrolments WHERE programme_id = p.id) AS enrolled,
         (SELECT count(*)::int FROM enrolments WHERE programme_id = p.id AND decision_due) AS due,
         (SELECT json_object_agg(kind, n) FROM (SELECT kind, count(*)::int n FROM certificates
            WHERE programme_id = p.id AND status = 'valid' GROUP BY kind) k) AS certificates
         FROM programmes p WHERE p.id = $1 AND p.city_id = $2`,
      [id, actor.cityId],
    );
    if (!row) throw notFound('programme', id);
    const p = { status: row.status as Programme['status'], closeCount: row.close_count as number };
    const closed = p.status === 'closed';
    const pending = closed ? row.due : 0;
    const failures = pending > 0 ? await this.openFailures(id, p.closeCount) : [];
    return {
      status: p.status,
      enrolled: row.enrolled,
      evaluated: closed ? row.enrolled - row.due : 0,
      pending,
      certificates: { completion: 0, attendance: 0, trainer: 0, ...(row.certificates ?? {}) },
      failed: failures.length,
      failures: failures.slice(0, FAILURES_SHOWN).map(({ queue: _queue, data: _data, ...f }) => f),
    };
  }

  /**
   * Runs again every job of the programme's evaluation that failed all its attempts (after
   * the cause, a rule set or a template, was fixed). Audited; 503 when the queue does not
   * answer, in which case nothing changed.
   */
  async retryFailures(actor: Actor, id: string): Promise<{ retried: number; progress: CloseProgress }> {
    const p = await programmeOfCity(this.ds.manager, actor, id);
    const failures = p.status === 'closed' ? await this.openFailures(id, p.closeCount) : [];
    let retried = 0;
    if (failures.length) {
      try {
        retried = await this.jobs.retry(failures.map((f) => ({ queue: f.queue, jobId: f.jobId, job: { name: f.job, data: f.data } as AcademyJob })));
      } catch (err) {
        throw unavailable(`the queue does not answer (${(err as Error).message}); nothing was retried, try again later`);
      }
      await this.ds.transaction(async (m) => {
        await this.failures.forget(m, failures);
        await this.audit.record(m, {
          cityId: actor.cityId, actorId: actor.id, action: 'programme.evaluations-retried', entity: 'programme', entityId: id,
          after: { closeCount: p.closeCount, jobs: failures.map((f) => f.jobId) },
        });
      });
    }
    return { retried, progress: await this.progress(actor, id) };
  }

  /** Failures that still matter: evaluations of learners still owed a decision, and this close's fan-out. */
  private async openFailures(id: string, closeCount: number): Promise<(EvaluationFailure & { queue: QueueName; data: unknown })[]> {
    return this.ds.query(
      `SELECT f.job_id AS "jobId", f.name AS job, f.user_id AS "userId", f.reason, f.attempts,
              to_char(f.failed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "failedAt", f.queue, f.data
         FROM job_failures f
        WHERE f.programme_id = $1
          AND ((f.name = $2 AND EXISTS (SELECT 1 FROM enrolments e
                                         WHERE e.programme_id = f.programme_id AND e.user_id = f.user_id AND e.decision_due))
            OR (f.name = $3 AND (f.data ->> 'closeCount')::int = $4))
        ORDER BY f.failed_at, f.job_id`,
      [id, JobName.EvaluateLearner, JobName.CloseProgramme, closeCount],
    );
  }
}

function view(p: Programme, modules: ProgrammeView['modules']): ProgrammeView {
  const { cityId: _city, closeCount: _closes, createdAt: _created, ...shown } = p;
  return { ...shown, modules };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, notFound, unavailable } from '@academy/common';
import { type AcademyJob, JobFailures, JobGateway, JobName, type QueueName } from '@academy/queue';
import { type Programme, programmeOfCity } from './programme-access.js';

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

/**
 * Closing a programme and following its evaluation: the close (and a close again), its
 * progress as close-status shows it, and running its failed jobs again.
 */
@Injectable()
export class ProgrammeClosingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobGateway,
    private readonly failures: JobFailures,
    private readonly audit: AuditService,
  ) {}

  /**
   * Closes the programme and hands the evaluation to the queue: one fan-out job that
   * enqueues one evaluation per enrolled learner. Closing again re-evaluates everyone,
   * which issues nothing new for learners whose record did not change.
   */
  async close(actor: Actor, id: string): Promise<CloseProgress> {
    await programmeOfCity(this.ds.manager, actor, id);
    await this.ds.transaction(async (m) => {
      const closeCount = await this.evaluateEveryone(m, id);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'programme.closed', entity: 'programme', entityId: id,
        after: { closeCount },
      });
    });
    return this.progress(actor, id);
  }

  /**
   * Within the caller's transaction: marks the programme closed (again), every enrolment owed
   * a decision, and asks for one `close-programme` fan-out job, sent once the transaction
   * commits. Returns the close count.
   */
  async evaluateEveryone(m: EntityManager, id: string): Promise<number> {
    // A WITH around the UPDATE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
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
    // One fan-out job, in the outbox of this transaction: sent once the close is committed.
    await this.jobs.enqueue({ name: JobName.CloseProgramme, data: { programmeId: id, closeCount } }, { manager: m });
    return closeCount;
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

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '@academy/common';
import { type EvaluateLearnerJob, JobGateway, JobName, RECONCILE_POLICY } from '@academy/queue';

const FAN_OUT_PAGE = 1000;

/**
 * Evaluation requests: after a programme closed, the fan-out asks for one evaluation per
 * enrolled learner; after that, every change of a learner's facts (attendance, evidence,
 * self-paced progress) asks for a fresh evaluation of that learner.
 */
@Injectable()
export class ReevaluationService {
  private readonly log = new Logger(ReevaluationService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobGateway,
  ) {}

  /**
   * Records, inside the caller's transaction, that these learners' facts changed: their
   * enrolment revision names the next evaluation job.
   */
  async markChanged(m: Queryable, programmeId: string, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    await m.query(`UPDATE enrolments SET revision = revision + 1 WHERE programme_id = $1 AND user_id = ANY($2)`, [
      programmeId,
      userIds,
    ]);
  }

  /**
   * One evaluation per learner at their current revision; within `manager`'s transaction,
   * recorded in the outbox and sent once it commits. Without one (a change already
   * committed, like a check-in), a queue that does not answer is no error of the caller's:
   * the committed change marked the enrolment due, and the reconciler asks for it.
   */
  async enqueue(programmeId: string, userIds: string[], options: { manager?: EntityManager } = {}): Promise<void> {
    if (!userIds.length) return;
    const rows: { user_id: string; revision: number; close_count: number }[] = await (options.manager ?? this.ds).query(
      `SELECT e.user_id, e.revision, p.close_count FROM enrolments e JOIN programmes p ON p.id = e.programme_id
        WHERE e.programme_id = $1 AND e.user_id = ANY($2)`,
      [programmeId, userIds],
    );
    const jobs = rows.map((r) => evaluation(programmeId, r.user_id, r.revision, r.close_count));
    if (options.manager) return this.jobs.enqueue(jobs, options);
    await this.jobs.enqueue(jobs).catch((err: Error) => {
      this.log.warn(`${jobs.length} evaluation(s) of programme ${programmeId} left to the reconciler: ${err.message}`);
    });
  }

  /**
   * The close's fan-out: one evaluation per enrolled learner still owed a decision, a page
   * at a time (keyset on the learner's id), reporting progress (and where it got to) after
   * each page. Resumable: given the cursor of an interrupted run it goes on from there, and
   * from the start it skips the learners decided meanwhile; adding a job BullMQ already has
   * is a no-op.
   */
  async enqueueProgramme(
    programmeId: string,
    closeCount: number,
    progress: (queued: number, total: number, after: string) => Promise<void>,
    resume: { after: string; queued: number } = { after: NO_LEARNER, queued: 0 },
  ): Promise<number> {
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM enrolments WHERE programme_id = $1`, [
      programmeId,
    ]);
    let { after, queued } = resume;
    for (;;) {
      const page: { user_id: string; revision: number }[] = await this.ds.query(
        `SELECT user_id, revision FROM enrolments WHERE programme_id = $1 AND decision_due AND user_id > $2
          ORDER BY user_id LIMIT $3`,
        [programmeId, after, FAN_OUT_PAGE],
      );
      if (!page.length) break;
      await this.jobs.enqueue(page.map((e) => evaluation(programmeId, e.user_id, e.revision, closeCount)));
      queued += page.length;
      after = page[page.length - 1].user_id;
      await progress(queued, total, after);
    }
    return queued;
  }

  /**
   * The reconciler's sweep: every enrolment of a closed programme still owed a decision
   * whose evaluation BullMQ does not hold (never delivered, lost with Redis's last second,
   * or a fan-out that died) is asked for again. Costs what is due (a partial index), not
   * what was ever enrolled. One worker at a time (an advisory lock); the others skip.
   *
   * `repair`, at a worker's start: first re-derives the `decision_due` marks from the
   * decisions themselves (every closed programme's enrolment whose current revision and
   * close have no decision), in case anything ever wrote around them.
   */
  async enqueueDue(options: { repair?: boolean } = {}): Promise<{ due: number; enqueued: number } | null> {
    return this.ds.transaction(async (m) => {
      const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('academy:reconcile-evaluations')) AS locked`);
      if (!locked) return null;
      if (options.repair) {
        await m.query(
          `UPDATE enrolments e SET decision_due = NOT EXISTS (
               SELECT 1 FROM decisions d WHERE d.programme_id = e.programme_id AND d.user_id = e.user_id
                  AND d.revision = e.revision AND d.close_count = p.close_count)
             FROM programmes p
            WHERE p.id = e.programme_id AND p.status = 'closed'
              AND e.decision_due = EXISTS (
               SELECT 1 FROM decisions d WHERE d.programme_id = e.programme_id AND d.user_id = e.user_id
                  AND d.revision = e.revision AND d.close_count = p.close_count)`,
        );
      }
      let due = 0;
      let enqueued = 0;
      let after = { programme: NO_LEARNER, user: NO_LEARNER };
      for (;;) {
        const page: { programme_id: string; user_id: string; revision: number; close_count: number }[] = await m.query(
          `SELECT e.programme_id, e.user_id, e.revision, p.close_count
             FROM enrolments e JOIN programmes p ON p.id = e.programme_id AND p.status = 'closed'
            WHERE e.decision_due AND (e.programme_id, e.user_id) > ($1::uuid, $2::uuid)
            ORDER BY e.programme_id, e.user_id LIMIT $3`,
          [after.programme, after.user, RECONCILE_POLICY.dueBatch],
        );
        if (!page.length) break;
        due += page.length;
        enqueued += await this.jobs.enqueueMissing(page.map((e) => evaluation(e.programme_id, e.user_id, e.revision, e.close_count)));
        const last = page[page.length - 1];
        after = { programme: last.programme_id, user: last.user_id };
      }
      return { due, enqueued };
    });
  }
}

const NO_LEARNER = '00000000-0000-0000-0000-000000000000';

function evaluation(programmeId: string, userId: string, revision: number, closeCount: number): EvaluateLearnerJob {
  return { name: JobName.EvaluateLearner, data: { programmeId, userId, revision, closeCount } };
}

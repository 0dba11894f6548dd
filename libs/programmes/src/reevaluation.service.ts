import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '@academy/common';
import { type EvaluateLearnerJob, JobGateway, JobName } from '@academy/queue';

const FAN_OUT_PAGE = 1000;

/**
 * Evaluation requests: after a programme closed, the fan-out asks for one evaluation per
 * enrolled learner; after that, every change of a learner's facts (attendance, evidence,
 * self-paced progress) asks for a fresh evaluation of that learner.
 */
@Injectable()
export class ReevaluationService {
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

  /** One evaluation per learner at their current revision; within `manager`'s transaction, sent once it commits. */
  async enqueue(programmeId: string, userIds: string[], options: { manager?: EntityManager } = {}): Promise<void> {
    if (!userIds.length) return;
    const rows: { user_id: string; revision: number; close_count: number }[] = await (options.manager ?? this.ds).query(
      `SELECT e.user_id, e.revision, p.close_count FROM enrolments e JOIN programmes p ON p.id = e.programme_id
        WHERE e.programme_id = $1 AND e.user_id = ANY($2)`,
      [programmeId, userIds],
    );
    await this.jobs.enqueue(
      rows.map((r) => evaluation(programmeId, r.user_id, r.revision, r.close_count)),
      options,
    );
  }

  /**
   * The close's fan-out: one evaluation per enrolled learner, a page at a time (keyset on
   * the learner's id), reporting progress after each page.
   */
  async enqueueProgramme(
    programmeId: string,
    closeCount: number,
    progress: (queued: number, total: number) => Promise<void>,
  ): Promise<number> {
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM enrolments WHERE programme_id = $1`, [
      programmeId,
    ]);
    let after = '00000000-0000-0000-0000-000000000000';
    let queued = 0;
    for (;;) {
      const page: { user_id: string; revision: number }[] = await this.ds.query(
        `SELECT user_id, revision FROM enrolments WHERE programme_id = $1 AND user_id > $2
          ORDER BY user_id LIMIT $3`,
        [programmeId, after, FAN_OUT_PAGE],
      );
      if (!page.length) break;
      await this.jobs.enqueue(page.map((e) => evaluation(programmeId, e.user_id, e.revision, closeCount)));
      queued += page.length;
      after = page[page.length - 1].user_id;
      await progress(queued, total);
    }
    return queued;
  }
}

function evaluation(programmeId: string, userId: string, revision: number, closeCount: number): EvaluateLearnerJob {
  return { name: JobName.EvaluateLearner, data: { programmeId, userId, revision, closeCount } };
}

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Queryable } from '@academy/common';
import { DEFAULT_JOB_OPTIONS, jobIds, JobName, QueueName } from '@academy/queue';

/** After a programme closed, every attendance change queues a fresh evaluation of that learner. */
@Injectable()
export class ReevaluationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QueueName.Certificates) private readonly certificates: Queue,
  ) {}

  /**
   * Records, inside the caller's transaction, that these learners' facts changed: their
   * enrolment revision names the next evaluation job. Call enqueue() after the commit.
   */
  async markChanged(m: Queryable, programmeId: string, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    await m.query(`UPDATE enrolments SET revision = revision + 1 WHERE programme_id = $1 AND user_id = ANY($2)`, [
      programmeId,
      userIds,
    ]);
  }

  async enqueue(programmeId: string, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    const rows: { user_id: string; revision: number; close_count: number }[] = await this.ds.query(
      `SELECT e.user_id, e.revision, p.close_count FROM enrolments e JOIN programmes p ON p.id = e.programme_id
        WHERE e.programme_id = $1 AND e.user_id = ANY($2)`,
      [programmeId, userIds],
    );
    await this.certificates.addBulk(
      rows.map((r) => ({
        name: JobName.EvaluateLearner,
        data: { programmeId, userId: r.user_id, revision: r.revision, closeCount: r.close_count },
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: jobIds.evaluate(programmeId, r.user_id, r.revision, r.close_count) },
      })),
    );
  }
}

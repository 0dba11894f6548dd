import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Queryable } from '@academy/common';
import { JobGateway } from './job-gateway.js';
import { QueueName } from './jobs.js';
import { RECONCILE_POLICY } from './policy.js';
import { withTimeout } from './timeout.js';

const PAGE = 500;

/**
 * Jobs that failed all their attempts, copied from BullMQ's failed sets into
 * `job_failures`, where close-status lists them with their reason and the retry route
 * finds them. The copy is made by the reconciler: it reads only the failures newer than
 * the last one it saw (the failed set is ordered by time), so a pass costs what failed
 * since the previous one; the first pass of a worker reads the whole set once.
 */
@Injectable()
export class JobFailures {
  /** Per queue, the time (ms) of the newest failure already copied. */
  private readonly seen = new Map<QueueName, number>();

  constructor(
    private readonly gateway: JobGateway,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Copies the failures BullMQ recorded since the last pass; returns how many it copied. */
  async sync(): Promise<number> {
    let copied = 0;
    for (const name of Object.values(QueueName)) {
      const queue = this.gateway.queue(name);
      const client = await this.gateway.redis(name);
      let since = this.seen.get(name) ?? 0;
      for (;;) {
        const flat = await withTimeout(
          client.zrangebyscore(queue.toKey('failed'), since, '+inf', 'WITHSCORES', 'LIMIT', 0, PAGE),
          RECONCILE_POLICY.sendTimeoutMs,
        );
        const entries: { id: string; at: number }[] = [];
        for (let i = 0; i < flat.length; i += 2) entries.push({ id: flat[i], at: Number(flat[i + 1]) });
        if (!entries.length) break;
        const jobs = await withTimeout(Promise.all(entries.map((e) => queue.getJob(e.id))), RECONCILE_POLICY.sendTimeoutMs);
        const rows = jobs.flatMap((job, i) =>
          job
            ? [{
                job_id: entries[i].id, queue: name, name: job.name, data: job.data ?? {},
                programme_id: job.data?.programmeId ?? null, user_id: job.data?.userId ?? null,
                reason: (job.failedReason || 'failed without a reason').slice(0, 2000), attempts: job.attemptsMade,
                failed_at: new Date(job.finishedOn ?? entries[i].at).toISOString(),
              }]
            : [],
        );
        if (rows.length) {
          await this.ds.query(
            `INSERT INTO job_failures (job_id, queue, name, data, programme_id, user_id, reason, attempts, failed_at)
             SELECT job_id, queue, name, data, programme_id, user_id, reason, attempts, failed_at
               FROM jsonb_to_recordset($1::jsonb) AS f(job_id text, queue text, name text, data jsonb, programme_id uuid,
                    user_id uuid, reason text, attempts integer, failed_at timestamptz)
             ON CONFLICT (queue, job_id) DO UPDATE
               SET reason = EXCLUDED.reason, attempts = EXCLUDED.attempts, failed_at = EXCLUDED.failed_at`,
            [JSON.stringify(rows)],
          );
        }
        copied += rows.length;
        const newest = entries[entries.length - 1].at;
        this.seen.set(name, newest);
        // A page of one instant only would come back forever: step past it.
        if (entries.length < PAGE) break;
        since = newest === since ? newest + 1 : newest;
      }
    }
    return copied;
  }

  /** Within the caller's transaction: these failures were dealt with (retried). */
  async forget(m: Queryable, failures: readonly { queue: QueueName; jobId: string }[]): Promise<void> {
    if (!failures.length) return;
    await m.query(
      `DELETE FROM job_failures f USING jsonb_to_recordset($1::jsonb) AS x(queue text, job_id text)
        WHERE f.queue = x.queue AND f.job_id = x.job_id`,
      [JSON.stringify(failures.map((f) => ({ queue: f.queue, job_id: f.jobId })))],
    );
  }
}

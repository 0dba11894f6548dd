import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { type AcademyJob, jobOptions, QueueName } from './jobs.js';
import { RECONCILE_POLICY } from './policy.js';
import { withTimeout } from './timeout.js';

export interface EnqueueOptions {
  /**
   * The transaction that records the job's cause (a close, a correction, new learners).
   * The job is then written to the outbox (`job_outbox`) inside that transaction, and sent
   * to BullMQ once it commits: a rollback leaves no job, a commit always leaves one, even
   * when Redis is down at that moment (the reconciler delivers it later). Without it, the
   * job is sent at once and an error reaches the caller.
   */
  manager?: EntityManager;
}

interface Recorded {
  ids: string[];
  jobs: AcademyJob[];
}

interface OutboxRow {
  id: string;
  queue: QueueName;
  name: AcademyJob['name'];
  job_id: string;
  data: AcademyJob['data'];
}

/**
 * The one way into the queues: every job is enqueued here, with the id and the retry
 * policy its definition in jobs.ts gives it.
 *
 * A job given a transaction is durable: its row in `job_outbox` commits with the change,
 * then this process sends it and deletes the row. The caller waits for that at most
 * RECONCILE_POLICY.deliveryWaitMs, so a close answers even while Redis is down or stalled;
 * whatever is left in the outbox is delivered by the workers' reconciler. A job may so be
 * sent twice; its deterministic id makes the second add a no-op in BullMQ.
 */
@Injectable()
export class JobGateway implements EntitySubscriberInterface {
  private readonly log = new Logger(JobGateway.name);
  private readonly queues: Record<QueueName, Queue>;
  private readonly waiting = new WeakMap<QueryRunner, Recorded>();

  constructor(
    @InjectQueue(QueueName.Certificates) certificates: Queue,
    @InjectQueue(QueueName.Mail) mail: Queue,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    this.queues = { [QueueName.Certificates]: certificates, [QueueName.Mail]: mail };
    // Told of every commit and rollback of this process's connection (TypeORM's subscribers).
    ds.subscribers.push(this);
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** The queue's own ioredis connection, for reads BullMQ has no method for (its keys come from `queue.toKey`). */
  async redis(name: QueueName): Promise<Redis> {
    return (await this.queues[name].getBackend().client) as unknown as Redis;
  }

  async enqueue(jobs: AcademyJob | readonly AcademyJob[], options: EnqueueOptions = {}): Promise<void> {
    const list: readonly AcademyJob[] = Array.isArray(jobs) ? jobs : [jobs as AcademyJob];
    if (!list.length) return;
    const runner = options.manager?.queryRunner;
    if (!runner?.isTransactionActive) {
      await this.send(list);
      return;
    }
    const rows: { id: string }[] = await options.manager!.query(
      `INSERT INTO job_outbox (queue, name, job_id, data)
       SELECT queue, name, job_id, data FROM jsonb_to_recordset($1::jsonb) AS j(queue text, name text, job_id text, data jsonb)
       RETURNING id`,
      [JSON.stringify(list.map((job) => {
        const { queue, opts } = jobOptions(job);
        return { queue, name: job.name, job_id: opts.jobId, data: job.data };
      }))],
    );
    const recorded = this.waiting.get(runner) ?? { ids: [], jobs: [] };
    recorded.ids.push(...rows.map((r) => String(r.id)));
    recorded.jobs.push(...list);
    this.waiting.set(runner, recorded);
  }

  /** Delivers what the committed transaction recorded; never fails the caller, whose change is committed. */
  async afterTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    if (queryRunner.isTransactionActive) return; // a savepoint: the outer transaction decides
    const recorded = this.waiting.get(queryRunner);
    if (!recorded) return;
    this.waiting.delete(queryRunner);
    const delivery = this.deliver(recorded).catch((err: Error) => {
      this.log.warn(`${recorded.jobs.length} job(s) stay in the outbox for the reconciler: ${err.message}`);
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([delivery, new Promise<void>((resolve) => (timer = setTimeout(resolve, RECONCILE_POLICY.deliveryWaitMs)))]);
    clearTimeout(timer);
  }

  /** The academy opens no nested transactions; any rollback drops what waited on the runner. */
  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    this.waiting.delete(queryRunner);
  }

  private async deliver({ ids, jobs }: Recorded): Promise<void> {
    await this.send(jobs);
    await this.ds.query(`DELETE FROM job_outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * The reconciler's half of the outbox: sends the rows older than the grace period, a
   * batch per transaction. Rows are locked with SKIP LOCKED, so several workers share the
   * work; a batch that cannot be sent is rolled back and stays. Returns the jobs delivered.
   */
  async deliverOutbox(graceMs: number = RECONCILE_POLICY.outboxGraceMs): Promise<number> {
    let delivered = 0;
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        const rows: OutboxRow[] = await m.query(
          `SELECT id, queue, name, job_id, data FROM job_outbox
            WHERE created_at < now() - make_interval(secs => $1::float8 / 1000)
            ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [graceMs, RECONCILE_POLICY.outboxBatch],
        );
        if (!rows.length) return 0;
        await this.send(rows.map((r) => ({ name: r.name, data: r.data }) as AcademyJob));
        await m.query(`DELETE FROM job_outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
        return rows.length;
      });
      delivered += n;
      if (n < RECONCILE_POLICY.outboxBatch) return delivered;
    }
  }

  /**
   * Sends those of the jobs that BullMQ does not hold (in any state but completed): the
   * reconciler's way to ask again for work whose job was lost (an undelivered fan-out, a
   * Redis that lost its last second). A completed job whose work is still due is removed and
   * sent again. Returns the jobs sent.
   */
  async enqueueMissing(jobs: readonly AcademyJob[]): Promise<number> {
    const byQueue = new Map<QueueName, { job: AcademyJob; id: string }[]>();
    for (const job of jobs) {
      const { queue, opts } = jobOptions(job);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), { job, id: opts.jobId! }]);
    }
    let sent = 0;
    for (const [name, list] of byQueue) {
      const queue = this.queues[name];
      const pipeline = (await this.redis(name)).pipeline();
      for (const { id } of list) pipeline.exists(queue.toKey(id)).zscore(queue.toKey('completed'), id);
      const answers = (await this.withTimeout(pipeline.exec())) ?? [];
      const missing: AcademyJob[] = [];
      for (let i = 0; i < list.length; i++) {
        const exists = answers[2 * i]?.[1] === 1;
        const completed = answers[2 * i + 1]?.[1] != null;
        if (exists && completed) await queue.remove(list[i].id);
        if (!exists || completed) missing.push(list[i].job);
      }
      if (missing.length) await this.send(missing);
      sent += missing.length;
    }
    return sent;
  }

  /**
   * Runs again jobs that failed all their attempts: a failed job is moved back to waiting
   * (its attempts start over), a job BullMQ no longer has is added afresh, one that is
   * waiting, running or done is left alone. Returns the jobs that will run again.
   */
  async retry(jobs: readonly { queue: QueueName; jobId: string; job: AcademyJob }[]): Promise<number> {
    let retried = 0;
    for (const { queue, jobId, job } of jobs) {
      const existing = await this.withTimeout(this.queues[queue].getJob(jobId));
      if (!existing) {
        await this.send([job]);
        retried++;
      } else if ((await existing.getState()) === 'failed') {
        await this.withTimeout(existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }));
        retried++;
      }
    }
    return retried;
  }

  private async send(jobs: readonly AcademyJob[]): Promise<void> {
    const byQueue = new Map<QueueName, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const job of jobs) {
      const { queue, opts } = jobOptions(job);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), { name: job.name, data: job.data, opts }]);
    }
    for (const [queue, batch] of byQueue) {
      if (batch.length === 1) await this.withTimeout(this.queues[queue].add(batch[0].name, batch[0].data, batch[0].opts));
      else await this.withTimeout(this.queues[queue].addBulk(batch));
    }
  }

  /** A stalled Redis answers nothing: give up after RECONCILE_POLICY.sendTimeoutMs rather than hang. */
  private withTimeout<T>(work: Promise<T>): Promise<T> {
    return withTimeout(work, RECONCILE_POLICY.sendTimeoutMs);
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { type AcademyJob, jobOptions, QueueName } from './jobs.js';

export interface EnqueueOptions {
  /**
   * The transaction that records the job's cause (a close, a correction, new learners).
   * The job is then sent once that transaction commits, and dropped if it rolls back, so
   * a worker never sees a job before the change it is about. Without it, the job is sent
   * at once.
   */
  manager?: EntityManager;
}

/**
 * The one way into the queues: every job is enqueued here, with the id and the retry
 * policy its definition in jobs.ts gives it.
 *
 * Jobs given a transaction wait, in this process, for its commit. That is the seam for a
 * PostgreSQL outbox: writing the intent with `manager` inside the same transaction, and
 * delivering it afterwards, changes this class only, not its callers.
 */
@Injectable()
export class JobGateway implements EntitySubscriberInterface {
  private readonly queues: Record<QueueName, Queue>;
  private readonly waiting = new WeakMap<QueryRunner, AcademyJob[]>();

  constructor(
    @InjectQueue(QueueName.Certificates) certificates: Queue,
    @InjectQueue(QueueName.Mail) mail: Queue,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.queues = { [QueueName.Certificates]: certificates, [QueueName.Mail]: mail };
    // Told of every commit and rollback of this process's connection (TypeORM's subscribers).
    dataSource.subscribers.push(this);
  }

  async enqueue(jobs: AcademyJob | readonly AcademyJob[], options: EnqueueOptions = {}): Promise<void> {
    const list: readonly AcademyJob[] = Array.isArray(jobs) ? jobs : [jobs as AcademyJob];
    if (!list.length) return;
    const runner = options.manager?.queryRunner;
    if (runner?.isTransactionActive) {
      this.waiting.set(runner, [...(this.waiting.get(runner) ?? []), ...list]);
      return;
    }
    await this.send(list);
  }

  /** An error here fails the caller's `transaction()` after its commit, as a failed add after it would. */
  async afterTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    if (queryRunner.isTransactionActive) return; // a savepoint: the outer transaction decides
    const jobs = this.waiting.get(queryRunner);
    if (!jobs) return;
    this.waiting.delete(queryRunner);
    await this.send(jobs);
  }

  /** The academy opens no nested transactions; any rollback drops what waited on the runner. */
  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    this.waiting.delete(queryRunner);
  }

  private async send(jobs: readonly AcademyJob[]): Promise<void> {
    const byQueue = new Map<QueueName, { name: string; data: unknown; opts: ReturnType<typeof jobOptions>['opts'] }[]>();
    for (const job of jobs) {
      const { queue, opts } = jobOptions(job);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), { name: job.name, data: job.data, opts }]);
    }
    for (const [queue, batch] of byQueue) {
      if (batch.length === 1) await this.queues[queue].add(batch[0].name, batch[0].data, batch[0].opts);
      else await this.queues[queue].addBulk(batch);
    }
  }
}

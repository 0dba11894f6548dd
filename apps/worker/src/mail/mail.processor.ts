import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueConnections, QueueName, WORKER_POLICY } from '@academy/queue';
import { JobDispatcher } from '../jobs/job-dispatcher.js';

/** The mail queue: invitations and password-reset links, one at a time. */
// Lock, stall check and stall limit: the queue policy (libs/queue/src/policy.ts).
@Processor(QueueName.Mail, { ...WORKER_POLICY })
export class MailProcessor extends WorkerHost implements OnModuleInit {
  constructor(
    private readonly dispatcher: JobDispatcher,
    private readonly connections: QueueConnections,
  ) {
    super();
  }

  onModuleInit(): void {
    this.connections.watchWorker(this.worker);
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(QueueName.Mail, job);
  }
}

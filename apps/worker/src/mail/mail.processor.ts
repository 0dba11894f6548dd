import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueConnections, QueueName } from '@academy/queue';
import { JobDispatcher } from '../jobs/job-dispatcher.js';

/** The mail queue: invitations, one at a time. */
@Processor(QueueName.Mail)
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

import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QueueName } from '@academy/queue';
import { JobDispatcher } from '../jobs/job-dispatcher.js';

/** The mail queue: invitations, one at a time. */
@Processor(QueueName.Mail)
export class MailProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(QueueName.Mail, job);
  }
}

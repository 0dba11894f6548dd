import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QueueName, WORKER_POLICY } from '@academy/queue';
import { JobDispatcher } from '../jobs/job-dispatcher.js';

/** The mail queue: invitations, one at a time. */
// Lock, stall check and stall limit: the queue policy (libs/queue/src/policy.ts).
@Processor(QueueName.Mail, { ...WORKER_POLICY })
export class MailProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(QueueName.Mail, job);
  }
}

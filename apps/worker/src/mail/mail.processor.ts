import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { InvitationsService } from '@academy/mail';
import { JobName, QueueName, type SendInvitationsJob } from '@academy/queue';

/** Delivery is separate from the work that causes it: imports and admins only enqueue. */
@Processor(QueueName.Mail)
export class MailProcessor extends WorkerHost {
  constructor(private readonly invitations: InvitationsService) {
    super();
  }

  async process(job: Job): Promise<{ sent: number }> {
    const typed = job as unknown as SendInvitationsJob;
    if (typed.name !== JobName.SendInvitations) throw new Error(`unknown job ${job.name}`);
    return { sent: await this.invitations.invite(typed.data.userIds) };
  }
}

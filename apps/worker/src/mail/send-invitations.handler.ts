import { Injectable } from '@nestjs/common';
import { InvitationsService } from '@academy/mail';
import { type JobHandler, JobName, type JobPayloads } from '@academy/queue';

/** Delivery is separate from the work that causes it: imports and admins only enqueue. */
@Injectable()
export class SendInvitationsHandler implements JobHandler<JobName.SendInvitations> {
  readonly job = JobName.SendInvitations;

  constructor(private readonly invitations: InvitationsService) {}

  async handle(data: JobPayloads[JobName.SendInvitations]): Promise<{ sent: number }> {
    return { sent: await this.invitations.invite(data.userIds, data.batch) };
  }
}

import { Injectable } from '@nestjs/common';
import { PasswordResetMailService } from '@academy/mail';
import { type JobHandler, JobName, type JobPayloads } from '@academy/queue';

/** The api records the request; the mail (and its token) is made here, once. */
@Injectable()
export class SendPasswordResetHandler implements JobHandler<JobName.SendPasswordReset> {
  readonly job = JobName.SendPasswordReset;

  constructor(private readonly resets: PasswordResetMailService) {}

  async handle(data: JobPayloads[JobName.SendPasswordReset]): Promise<{ sent: number }> {
    return { sent: await this.resets.send(data.resetId) };
  }
}

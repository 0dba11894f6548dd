import { Module } from '@nestjs/common';
import { InvitationsService } from './invitations.service.js';
import { MailerService } from './mailer.service.js';

/** Mail delivery (SMTP, or .eml files in the outbox) and the invitation mails; used by the worker. */
@Module({
  providers: [InvitationsService, MailerService],
  exports: [InvitationsService],
})
export class MailModule {}

import { Module } from '@nestjs/common';
import { InvitationsService } from './invitations.service.js';
import { MailerService } from './mailer.service.js';
import { PasswordResetMailService } from './password-reset-mail.service.js';

/** Mail delivery (SMTP, or .eml files in the outbox) the invitation and password-reset mails; used by the worker. */
@Module({
  providers: [InvitationsService, PasswordResetMailService, MailerService],
  exports: [InvitationsService, PasswordResetMailService],
})
export class MailModule {}

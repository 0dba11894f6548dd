import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { newInvitationToken } from '@academy/identity';
import { MailerService } from './mailer.service.js';

/**
 * Mails the link of one forgotten-password request, exactly once: the message is claimed in
 * `mail_messages` in the transaction that gives the request its (hashed) token and expiry
 * and sends the mail, as the invitations do; a job run twice finds the claim and sends
 * nothing. A request already used, or whose account was deactivated meanwhile, is skipped.
 */
@Injectable()
export class PasswordResetMailService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly mailer: MailerService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  /** Returns 1 when the mail was sent now, 0 when there was nothing (more) to send. */
  async send(resetId: string): Promise<number> {
    const id = `password-reset.${resetId}`;
    return this.ds.transaction(async (m) => {
      const [p] = await m.query(
        `SELECT u.email, u.name, c.name AS city FROM password_resets r JOIN users u ON u.id = r.user_id
           JOIN cities c ON c.id = u.city_id
          WHERE r.id = $1 AND r.used_at IS NULL AND u.active FOR UPDATE OF r`,
        [resetId],
      );
      if (!p) return 0;
      const claimed = await m.query(
        `INSERT INTO mail_messages (message_id, job_id, recipient, kind) VALUES ($1, $2, $3, 'password-reset')
         ON CONFLICT (message_id) DO NOTHING RETURNING 1`,
        [id, `password-reset_${resetId}`, p.email],
      );
      if (!claimed.length) return 0; // sent by an earlier run of this job
      const { token, tokenHash } = newInvitationToken();
      const minutes = this.config.passwordResetTtlMinutes;
      await m.query(
        `UPDATE password_resets SET token_hash = $2, expires_at = now() + make_interval(mins => $3) WHERE id = $1`,
        [resetId, tokenHash, minutes],
      );
      await this.mailer.send({
        id,
        to: p.email,
        subject: `${p.city}: reset your Digital Rights Academy password`,
        text:
          `Hello ${p.name},\n\nSomeone (we hope you) asked to reset the password of your Digital Rights Academy account.\n` +
          `Choose a new password within ${minutes} minutes; the link works once:\n\n` +
          `${this.config.publicBaseUrl}/password-reset#token=${token}\n\n` +
          `(Or POST {"token": "${token}", "password": "…"} to ${this.config.publicBaseUrl}/api/auth/password-reset/confirm.)\n\n` +
          `If you did not ask for this, ignore this mail: your password stays as it is.\n`,
      });
      return 1;
    });
  }
}

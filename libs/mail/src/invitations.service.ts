import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { newInvitationToken } from '@academy/identity';
import { MailerService } from './mailer.service.js';

/** "14 days", "36 hours", "1 hour". */
export function validFor(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/** Issues a fresh invitation token per person still without a password, and mails the link. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly mailer: MailerService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  /**
   * Mails an invitation to each of these people still without a password, once per
   * `batch` (the event that created them): each message is claimed in `mail_messages` in
   * the transaction that sets the person's token and sends it, so a job run twice (a retry,
   * a duplicate) finds the claim and sends nothing; two runs at once wait on each other.
   * Should the process die after handing a message to SMTP but before committing, the
   * claim and the token roll back and the next run sends it again under the same
   * Message-ID (an outbox file is replaced; an SMTP server may deliver both). Returns the
   * mails sent now.
   */
  async invite(userIds: string[], batch: string): Promise<number> {
    const people: { id: string; email: string; name: string; role: string; city: string }[] = await this.ds.query(
      `SELECT u.id, u.email, u.name, u.role, c.name AS city FROM users u JOIN cities c ON c.id = u.city_id
        WHERE u.id = ANY($1) AND u.password_hash IS NULL AND u.active
          AND NOT EXISTS (SELECT 1 FROM mail_messages s WHERE s.message_id = 'invitation.' || $2 || '.' || u.id)`,
      [userIds, batch],
    );
    let sent = 0;
    for (const p of people) {
      const id = `invitation.${batch}.${p.id}`;
      await this.ds.transaction(async (m) => {
        const claimed = await m.query(
          `INSERT INTO mail_messages (message_id, job_id, recipient, kind) VALUES ($1, $2, $3, 'invitation')
           ON CONFLICT (message_id) DO NOTHING RETURNING 1`,
          [id, `invite_${batch}`, p.email],
        );
        if (!claimed.length) return; // sent by an earlier run of this job
        const { token, tokenHash } = newInvitationToken();
        await m.query(
          `UPDATE users SET invitation_token_hash = $2, invitation_expires_at = now() + make_interval(hours => $3)
            WHERE id = $1`,
          [p.id, tokenHash, this.config.invitationTtlHours],
        );
        await this.mailer.send({
          id,
          to: p.email,
          subject: `${p.city}: your Digital Rights Academy account`,
          text:
            `Hello ${p.name},\n\n` +
            (p.role === 'admin'
              ? `You have been appointed an administrator of the Digital Rights Academy for ${p.city}.\n`
              : `You have been enrolled in a digital human rights programme of ${p.city}.\n`) +
            `Set your password within ${validFor(this.config.invitationTtlHours)} to see your progress and certificates:\n\n` +
            // The token travels in the fragment, which browsers never send: it stays out of access logs.
            `${this.config.publicBaseUrl}/invitation#token=${token}\n\n` +
            `(Or POST {"token": "${token}", "password": "…"} to ${this.config.publicBaseUrl}/api/auth/accept-invitation.)\n`,
        });
        sent++;
      });
    }
    return sent;
  }
}

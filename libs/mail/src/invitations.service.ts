import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { newInvitationToken } from '@academy/identity';
import { MailerService } from './mailer.service.js';

const VALID_DAYS = 14;

/** Issues a fresh invitation token per person still without a password, and mails the link. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly mailer: MailerService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  async invite(userIds: string[]): Promise<number> {
    const people: { id: string; email: string; name: string; city: string }[] = await this.ds.query(
      `SELECT u.id, u.email, u.name, c.name AS city FROM users u JOIN cities c ON c.id = u.city_id
        WHERE u.id = ANY($1) AND u.password_hash IS NULL`,
      [userIds],
    );
    for (const p of people) {
      const { token, tokenHash } = newInvitationToken();
      await this.ds.query(
        `UPDATE users SET invitation_token_hash = $2, invitation_expires_at = now() + make_interval(days => $3)
          WHERE id = $1`,
        [p.id, tokenHash, VALID_DAYS],
      );
      await this.mailer.send({
        to: p.email,
        subject: `${p.city}: your Digital Rights Academy account`,
        text:
          `Hello ${p.name},\n\nYou have been enrolled in a digital human rights programme of ${p.city}.\n` +
          `Set your password within ${VALID_DAYS} days to see your progress and certificates:\n\n` +
          `${this.config.publicBaseUrl}/invitations/${token}\n\n` +
          `(Or POST {"token": "${token}", "password": "…"} to ${this.config.publicBaseUrl}/api/auth/accept-invitation.)\n`,
      });
    }
    return people.length;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, invalid } from '@academy/common';
import { JobGateway, JobName } from '@academy/queue';
import { AccountStateService } from './account-state.service.js';
import { hashPassword, hashToken, verifyPassword } from './passwords.js';
import { assertPassword, type AuthenticatedUser } from './users.service.js';

/**
 * What a person does with their own password and tokens: log out, change the password,
 * reset a forgotten one by a mailed link. Each of these ends every token signed before it.
 */
@Injectable()
export class PasswordChangesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: AccountStateService,
    private readonly audit: AuditService,
    private readonly jobs: JobGateway,
  ) {}

  /** Ends every token of the caller, this one included. */
  async logout(actor: Actor): Promise<void> {
    await this.ds.transaction(async (m) => {
      await this.accounts.endTokens(m, actor.id);
      await this.audit.record(m, { cityId: actor.cityId, actorId: actor.id, action: 'user.logged-out', entity: 'user', entityId: actor.id });
    });
    await this.accounts.publish([actor.id]);
  }

  /** Checks the current password, sets the new one, ends every older token; answers the new identity for a fresh token. */
  async change(actor: Actor, currentPassword: string, newPassword: string): Promise<AuthenticatedUser> {
    assertPassword('newPassword', newPassword);
    const [row] = await this.ds.query(`SELECT password_hash FROM users WHERE id = $1`, [actor.id]);
    if (!(await verifyPassword(row?.password_hash, currentPassword))) {
      throw invalid('currentPassword: is not your current password');
    }
    if (currentPassword === newPassword) throw invalid('newPassword: must differ from the current password');
    const passwordHash = await hashPassword(newPassword);
    const version = await this.ds.transaction(async (m) => {
      await m.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [actor.id, passwordHash]);
      await m.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [actor.id]);
      const v = await this.accounts.endTokens(m, actor.id);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'user.password-changed', entity: 'user', entityId: actor.id,
      });
      return v;
    });
    await this.accounts.publish([actor.id]);
    return { id: actor.id, cityId: actor.cityId, role: actor.role, tokenVersion: version };
  }

  /**
   * A forgotten password: for an active account with this e-mail, records a reset request
   * and queues its mail (the worker makes the token, so it is never stored in plain or kept
   * in the queue). Answers nothing either way, so the caller cannot tell whether the
   * e-mail is known.
   */
  async requestReset(email: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [user] = await m.query(`SELECT id, city_id FROM users WHERE email = $1 AND active`, [email.toLowerCase()]);
      if (!user) return;
      const [reset] = await m.query(`INSERT INTO password_resets (user_id) VALUES ($1) RETURNING id`, [user.id]);
      await this.jobs.enqueue({ name: JobName.SendPasswordReset, data: { resetId: reset.id } }, { manager: m });
      await this.audit.record(m, {
        cityId: user.city_id, actorId: null, action: 'user.password-reset-requested', entity: 'user', entityId: user.id,
        after: { resetId: reset.id },
      });
    });
  }

  /** Sets the password from a reset link: once, before it expires; ends every older token and every other reset link. */
  async confirmReset(token: string, password: string): Promise<AuthenticatedUser> {
    assertPassword('password', password);
    const passwordHash = await hashPassword(password);
    const user = await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `WITH used AS (
           UPDATE password_resets r SET used_at = now()
             FROM users u
            WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.id = r.user_id AND u.active
           RETURNING u.id, u.city_id, u.role)
         SELECT * FROM used`,
        [hashToken(token)],
      );
      if (!row) throw invalid('token: the reset link is unknown, used or expired: ask for a new one');
      await m.query(
        `UPDATE users SET password_hash = $2, invitation_token_hash = NULL, invitation_expires_at = NULL WHERE id = $1`,
        [row.id, passwordHash],
      );
      await m.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [row.id]);
      const version = await this.accounts.endTokens(m, row.id);
      await this.audit.record(m, {
        cityId: row.city_id, actorId: row.id, action: 'user.password-reset', entity: 'user', entityId: row.id,
      });
      return { id: row.id, cityId: row.city_id, role: row.role, tokenVersion: version } as AuthenticatedUser;
    });
    await this.accounts.publish([user.id]);
    return user;
  }
}

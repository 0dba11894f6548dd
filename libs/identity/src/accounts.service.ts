import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden, invalid, notFound, type Role } from '@academy/common';
import { JobGateway, JobName } from '@academy/queue';
import { AccountStateService } from './account-state.service.js';
import { UsersService, type UserView } from './users.service.js';

/** The roles a city administrator gives and takes; `platform` (the coalition's team) is never one of them. */
export const CITY_ROLES = ['learner', 'trainer', 'admin'] as const satisfies readonly Role[];
export type CityRole = (typeof CITY_ROLES)[number];

export interface AccountChange {
  name?: string;
  role?: CityRole;
}

interface Target {
  id: string;
  name: string;
  role: Role;
  active: boolean;
  invited: boolean;
}

/**
 * A city administrator's management of the people of their city: role, name, deactivation
 * and reactivation, a fresh invitation. Every change is audited; a change of role or a
 * deactivation ends the person's tokens at once.
 *
 * The city keeps an administrator: a change that would leave it without an active
 * administrator (the last one demoting or deactivating themselves) is refused with 409.
 * An administrator may demote or deactivate another administrator, or themselves while
 * another active one remains.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly users: UsersService,
    private readonly accounts: AccountStateService,
    private readonly audit: AuditService,
    private readonly jobs: JobGateway,
  ) {}

  async update(actor: Actor, userId: string, change: AccountChange): Promise<UserView> {
    if (change.role !== undefined && !(CITY_ROLES as readonly string[]).includes(change.role)) {
      throw invalid(`role: must be one of ${CITY_ROLES.join(', ')}`);
    }
    const ended = await this.ds.transaction(async (m) => {
      const t = await this.target(m, actor, userId);
      let tokensEnd = false;
      if (change.name !== undefined && change.name !== t.name) {
        await m.query(`UPDATE users SET name = $2, updated_at = now() WHERE id = $1`, [userId, change.name]);
        await this.record(m, actor, 'user.renamed', userId, { name: t.name }, { name: change.name });
      }
      if (change.role !== undefined && change.role !== t.role) {
        if (t.role === 'admin' && t.active) await this.keepAnAdmin(m, actor, userId, 'role');
        await m.query(`UPDATE users SET role = $2, updated_at = now() WHERE id = $1`, [userId, change.role]);
        await this.accounts.endTokens(m, userId);
        await this.record(m, actor, 'user.role-changed', userId, { role: t.role }, { role: change.role });
        tokensEnd = true;
      }
      return tokensEnd;
    });
    if (ended) await this.accounts.publish([userId]);
    return this.users.get(actor, userId);
  }

  async deactivate(actor: Actor, userId: string, reason?: string): Promise<UserView> {
    const changed = await this.ds.transaction(async (m) => {
      const t = await this.target(m, actor, userId);
      if (!t.active) return false;
      if (t.role === 'admin') await this.keepAnAdmin(m, actor, userId, 'userId');
      await m.query(
        `UPDATE users SET active = false, invitation_token_hash = NULL, invitation_expires_at = NULL, updated_at = now()
          WHERE id = $1`,
        [userId],
      );
      await m.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
      await this.accounts.endTokens(m, userId);
      await this.record(m, actor, 'user.deactivated', userId, { active: true }, { active: false, reason: reason ?? null });
      return true;
    });
    if (changed) await this.accounts.publish([userId]);
    return this.users.get(actor, userId);
  }

  /** Active again; tokens from before the deactivation stay ended (the version moved on). */
  async reactivate(actor: Actor, userId: string): Promise<UserView> {
    const changed = await this.ds.transaction(async (m) => {
      const t = await this.target(m, actor, userId);
      if (t.active) return false;
      await m.query(`UPDATE users SET active = true, updated_at = now() WHERE id = $1`, [userId]);
      // The version moves on with every change of the cached state (see AccountStateService.publish).
      await this.accounts.endTokens(m, userId);
      await this.record(m, actor, 'user.reactivated', userId, { active: false }, { active: true });
      return true;
    });
    if (changed) await this.accounts.publish([userId]);
    return this.users.get(actor, userId);
  }

  /**
   * Mails a new invitation to a person who has not set a password yet; the link mailed
   * before stops working at once (its token is dropped now, the new one is made by the job).
   */
  async resendInvitation(actor: Actor, userId: string): Promise<{ userId: string; queued: true }> {
    await this.ds.transaction(async (m) => {
      const t = await this.target(m, actor, userId);
      if (!t.active) throw conflict(`userId: ${userId} is deactivated: reactivate them first`);
      if (!t.invited) throw conflict(`userId: ${userId} has already set a password (they can reset it themselves)`);
      await m.query(
        `UPDATE users SET invitation_token_hash = NULL, invitation_expires_at = NULL, updated_at = now() WHERE id = $1`,
        [userId],
      );
      const batch = `resend_${randomUUID()}`;
      await this.jobs.enqueue({ name: JobName.SendInvitations, data: { userIds: [userId], batch } }, { manager: m });
      await this.record(m, actor, 'user.invitation-resent', userId, null, { batch });
    });
    return { userId, queued: true };
  }

  /** The person, locked for the transaction; another city's is not found; a platform account is not the city's to manage. */
  private async target(m: EntityManager, actor: Actor, userId: string): Promise<Target> {
    // The city's active administrators first, always in the same order, then the person: two
    // changes at once wait for each other instead of deadlocking, and keepAnAdmin counts locked rows.
    await m.query(`SELECT id FROM users WHERE city_id = $1 AND role = 'admin' AND active ORDER BY id FOR UPDATE`, [actor.cityId]);
    const [row] = await m.query(
      `SELECT id, name, role, active, (password_hash IS NULL) AS invited FROM users WHERE id = $1 AND city_id = $2 FOR UPDATE`,
      [userId, actor.cityId],
    );
    if (!row) throw notFound('user', userId);
    if (!(CITY_ROLES as readonly string[]).includes(row.role)) {
      throw forbidden(`userId: ${userId} is a ${row.role} account, which city administrators do not manage`);
    }
    return row;
  }

  /** Refuses to remove the last active administrator of the city (their rows were locked by target(), so two at once cannot both pass). */
  private async keepAnAdmin(m: EntityManager, actor: Actor, userId: string, field: string): Promise<void> {
    const admins: { id: string }[] = await m.query(
      `SELECT id FROM users WHERE city_id = $1 AND role = 'admin' AND active`,
      [actor.cityId],
    );
    if (admins.every((a) => a.id === userId)) {
      throw conflict(`${field}: the city would be left without an active administrator: appoint another administrator first`);
    }
  }

  private record(m: EntityManager, actor: Actor, action: string, userId: string, before: Record<string, unknown> | null, after: Record<string, unknown>) {
    return this.audit.record(m, { cityId: actor.cityId, actorId: actor.id, action, entity: 'user', entityId: userId, before, after });
  }
}

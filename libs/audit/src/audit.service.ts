import { Injectable } from '@nestjs/common';
import type { Queryable } from '@academy/common';

export interface AuditEntry {
  cityId: string | null;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditTrailEntry {
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: Date;
  /** The e-mail of who acted; null for the worker. */
  by: string | null;
}

/**
 * Every audit row is written here, in one shape, inside the caller's transaction so that a
 * change and its record commit together: one entry at a time, or, for a set-based
 * statement that computes its rows itself (an import, an issue run), the INSERT it embeds
 * as a step of its WITH.
 */
@Injectable()
export class AuditService {
  /**
   * The INSERT of the audit rows `select` yields: city_id, actor_id, action, entity,
   * entity_id, before, after, in that order (uuid, uuid, text, text, text, jsonb, jsonb).
   */
  insertFrom(select: string): string {
    return `INSERT INTO audit_events (city_id, actor_id, action, entity, entity_id, before, after) ${select}`;
  }

  async record(q: Queryable, e: AuditEntry): Promise<void> {
    await q.query(this.insertFrom(`SELECT $1::uuid, $2::uuid, $3, $4, $5, $6::jsonb, $7::jsonb`), [
      e.cityId, e.actorId, e.action, e.entity, e.entityId, e.before ?? null, e.after ?? null,
    ]);
  }

  /** What happened to one entity, oldest first. */
  async trail(q: Queryable, entity: string, entityId: string): Promise<AuditTrailEntry[]> {
    const rows = await q.query(
      `SELECT e.action, e.before, e.after, e.at, u.email AS actor_email
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.entity = $1 AND e.entity_id = $2 ORDER BY e.at, e.id`,
      [entity, entityId],
    );
    return rows.map((r: any) => ({ action: r.action, before: r.before, after: r.after, at: r.at, by: r.actor_email }));
  }
}

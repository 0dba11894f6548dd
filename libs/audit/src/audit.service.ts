import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  cityId: string | null;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes audit entries inside the caller's transaction, so a change and its record commit together. */
@Injectable()
export class AuditService {
  async record(m: EntityManager, e: AuditEntry): Promise<void> {
    await m.query(
      `INSERT INTO audit_events (city_id, actor_id, action, entity, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.cityId, e.actorId, e.action, e.entity, e.entityId, e.before ?? null, e.after ?? null],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, forbidden, invalid, isValidTimeZone, localDate, localDateTime, notFound } from '@academy/common';
import { programmeOfCity, ReevaluationService } from '@academy/programmes';
import { instantInZone } from './local-time.js';
import type { SessionMode, TrainerRole } from './sessions.tables.js';

export interface NewSession {
  moduleCode: string;
  /** With an offset, that instant; without one, the wall-clock time in the session's zone (see instantInZone). */
  startsAt: string;
  endsAt?: string;
  timezone?: string;
  mode?: SessionMode;
  title?: string;
  capacity?: number;
  /** Room or address (in person). */
  place?: string;
  /** Meeting link (online), http(s). */
  link?: string;
  trainers?: { userId: string; role: TrainerRole }[];
}

export interface SessionView {
  id: string;
  programmeId: string;
  moduleCode: string;
  title: string | null;
  startsAt: string;
  endsAt: string | null;
  timezone: string;
  /** Wall-clock times in the session's zone, e.g. 2023-03-26T10:00:00. */
  localStart: string;
  localEnd: string | null;
  mode: SessionMode;
  capacity: number | null;
  place: string | null;
  link: string | null;
  trainers: { userId: string; name: string; role: TrainerRole }[];
}

const SESSION_SELECT = `
  SELECT s.id, s.programme_id, m.code AS module_code, s.title, s.starts_at, s.ends_at, s.timezone, s.mode, s.capacity, s.place, s.link,
         COALESCE((SELECT json_agg(json_build_object('userId', u.id, 'name', u.name, 'role', t.role) ORDER BY u.name)
                     FROM session_trainers t JOIN users u ON u.id = t.user_id WHERE t.session_id = s.id), '[]') AS trainers
    FROM sessions s JOIN modules m ON m.id = s.module_id`;

function toView(r: any): SessionView {
  return {
    id: r.id,
    programmeId: r.programme_id,
    moduleCode: r.module_code,
    title: r.title,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at?.toISOString() ?? null,
    timezone: r.timezone,
    localStart: localDateTime(r.starts_at, r.timezone),
    localEnd: r.ends_at ? localDateTime(r.ends_at, r.timezone) : null,
    mode: r.mode,
    capacity: r.capacity,
    place: r.place,
    link: r.link,
    trainers: r.trainers,
  };
}

const ONLY_ADMINS_ASSIGN = 'separation of duties: only administrators assign trainers to sessions';

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly reevaluation: ReevaluationService,
  ) {}

  async create(actor: Actor, programmeId: string, s: NewSession): Promise<SessionView> {
    if (s.trainers?.length && actor.role !== 'admin') throw forbidden(ONLY_ADMINS_ASSIGN);
    const programme = await programmeOfCity(this.ds.manager, actor, programmeId);
    const timezone = s.timezone ?? programme.timezone;
    if (!isValidTimeZone(timezone)) throw invalid(`timezone: "${timezone}" is not an IANA time zone`);
    const startsAt = await instantInZone(this.ds, 'startsAt', s.startsAt, timezone);
    const endsAt = s.endsAt ? await instantInZone(this.ds, 'endsAt', s.endsAt, timezone) : null;
    if (endsAt && endsAt <= startsAt) throw invalid('endsAt: must be after startsAt');
    const id = await this.ds.transaction(async (m) => {
      const [mod] = await m.query(
        `SELECT m.id FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
          WHERE pm.programme_id = $1 AND m.code = $2`,
        [programmeId, s.moduleCode.toUpperCase()],
      );
      if (!mod) throw invalid(`moduleCode: ${s.moduleCode} is not a module of this programme`);
      const [row] = await m.query(
        `INSERT INTO sessions (programme_id, module_id, title, starts_at, ends_at, timezone, local_date, mode, capacity, place, link)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [programmeId, mod.id, s.title ?? null, startsAt, endsAt, timezone, localDate(startsAt, timezone), s.mode ?? 'online',
          s.capacity ?? null, s.place ?? null, s.link ?? null],
      );
      for (const t of s.trainers ?? []) await this.assignIn(m, actor, row.id, t.userId, t.role);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'session.created', entity: 'session', entityId: row.id,
        after: { moduleCode: s.moduleCode, startsAt, endsAt, timezone },
      });
      return row.id as string;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, programmeId: string): Promise<SessionView[]> {
    await programmeOfCity(this.ds.manager, actor, programmeId);
    const rows = await this.ds.query(`${SESSION_SELECT} WHERE s.programme_id = $1 ORDER BY s.starts_at, s.id`, [
      programmeId,
    ]);
    return rows.map(toView);
  }

  async get(actor: Actor, id: string): Promise<SessionView> {
    const [row] = await this.ds.query(
      `${SESSION_SELECT} JOIN programmes p ON p.id = s.programme_id WHERE s.id = $1 AND p.city_id = $2`,
      [id, actor.cityId],
    );
    if (!row) throw notFound('session', id);
    return toView(row);
  }

  async assignTrainer(actor: Actor, sessionId: string, userId: string, role: TrainerRole): Promise<SessionView> {
    if (actor.role !== 'admin') throw forbidden(ONLY_ADMINS_ASSIGN);
    await this.get(actor, sessionId);
    await this.ds.transaction((m) => this.assignIn(m, actor, sessionId, userId, role));
    return this.get(actor, sessionId);
  }

  /** Separation of duties: only an administrator assigns, never themselves; audited. */
  private async assignIn(m: any, actor: Actor, sessionId: string, userId: string, role: TrainerRole) {
    if (userId === actor.id) {
      throw forbidden('separation of duties: nobody assigns themselves to a session (another administrator must)');
    }
    const [u] = await m.query(`SELECT role FROM users WHERE id = $1 AND city_id = $2`, [userId, actor.cityId]);
    if (!u) throw notFound('user', userId);
    if (u.role === 'learner') throw invalid(`trainers: user ${userId} is a learner, not a trainer`);
    const [before] = await m.query(
      `SELECT t.role, t.assigned_by, s.programme_id, p.status FROM sessions s JOIN programmes p ON p.id = s.programme_id
         LEFT JOIN session_trainers t ON t.session_id = s.id AND t.user_id = $2 WHERE s.id = $1`,
      [sessionId, userId],
    );
    if (before.role === role && before.assigned_by === actor.id) return;
    await m.query(
      `INSERT INTO session_trainers (session_id, user_id, role, assigned_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id, user_id) DO UPDATE SET role = EXCLUDED.role, assigned_by = EXCLUDED.assigned_by`,
      [sessionId, userId, role, actor.id],
    );
    await this.audit.record(m, {
      cityId: actor.cityId, actorId: actor.id, action: 'session.trainer-assigned', entity: 'session', entityId: sessionId,
      before: before.role ? { userId, role: before.role } : null, after: { userId, role },
    });
    // Sessions delivered are part of a trainer's record: after closing, they are decided on again.
    await this.reevaluation.markChanged(m, before.programme_id, [userId]);
    if (before.status === 'closed') await this.reevaluation.enqueue(before.programme_id, [userId], { manager: m });
  }
}

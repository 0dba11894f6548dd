import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden } from '@academy/common';
import { ReevaluationService } from '@academy/programmes';
import type { AttendanceStatus } from '@academy/rules';
import { sessionOfCity } from '@academy/sessions';

export interface AttendanceView {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  status: AttendanceStatus;
  minutes: number | null;
  source: string;
  recordedAt: string;
}

export interface RosterEntry {
  userId: string;
  email: string;
  name: string;
  status: AttendanceStatus | null;
  minutes: number | null;
  source: string | null;
  recordedAt: string | null;
}

export interface AttendanceChange {
  status: AttendanceStatus;
  minutes?: number | null;
  reason?: string;
}

/** Separation of duties, for every way attendance is recorded by hand or by import. */
export const OWN_ATTENDANCE = 'separation of duties: nobody records, imports or corrects their own attendance';

@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly reevaluation: ReevaluationService,
  ) {}

  async listForSession(actor: Actor, sessionId: string): Promise<AttendanceView[]> {
    await sessionOfCity(this.ds, actor, sessionId);
    return this.views(sessionId, null);
  }

  /**
   * Everyone enrolled in the session's module, with their record at this session if there is
   * one (status null when none): what a trainer marks attendance against.
   */
  async rosterForSession(actor: Actor, sessionId: string): Promise<RosterEntry[]> {
    const session = await sessionOfCity(this.ds, actor, sessionId);
    const rows = await this.ds.query(
      `SELECT u.id, u.email, u.name, a.status, a.minutes, a.source, a.recorded_at
         FROM enrolments e JOIN users u ON u.id = e.user_id
         LEFT JOIN attendance a ON a.session_id = $1 AND a.user_id = u.id
        WHERE e.programme_id = $2 AND u.city_id = $3 AND (e.module_codes IS NULL OR $4 = ANY(e.module_codes))
        ORDER BY u.name, u.email`,
      [sessionId, session.programmeId, actor.cityId, session.moduleCode],
    );
    return rows.map((r: any) => ({
      userId: r.id, email: r.email, name: r.name, status: r.status ?? null, minutes: r.minutes ?? null,
      source: r.source ?? null, recordedAt: r.recorded_at?.toISOString() ?? null,
    }));
  }

  /** The session's records, or one learner's when userId is given. */
  private async views(sessionId: string, userId: string | null): Promise<AttendanceView[]> {
    const rows = await this.ds.query(
      `SELECT a.session_id, a.user_id, u.email, u.name, a.status, a.minutes, a.source, a.recorded_at
         FROM attendance a JOIN users u ON u.id = a.user_id
        WHERE a.session_id = $1 AND ($2::uuid IS NULL OR a.user_id = $2) ORDER BY u.name, u.email`,
      [sessionId, userId],
    );
    return rows.map((r: any) => ({
      sessionId: r.session_id, userId: r.user_id, email: r.email, name: r.name, status: r.status,
      minutes: r.minutes, source: r.source, recordedAt: r.recorded_at.toISOString(),
    }));
  }

  /** Records or corrects one learner's attendance; a correction keeps who, when and what it was. */
  async record(actor: Actor, sessionId: string, userId: string, change: AttendanceChange): Promise<AttendanceView> {
    if (userId === actor.id) throw forbidden(OWN_ATTENDANCE);
    const session = await sessionOfCity(this.ds, actor, sessionId);
    const minutes = change.minutes ?? null;
    await this.ds.transaction(async (m) => {
      const [enrolment] = await m.query(
        `SELECT e.user_id FROM enrolments e JOIN users u ON u.id = e.user_id
          WHERE e.programme_id = $1 AND e.user_id = $2 AND u.city_id = $3 FOR UPDATE OF e`,
        [session.programmeId, userId, actor.cityId],
      );
      if (!enrolment) throw conflict(`userId: learner ${userId} is not enrolled in this programme`);
      const [before] = await m.query(
        `SELECT status, minutes FROM attendance WHERE session_id = $1 AND user_id = $2`,
        [sessionId, userId],
      );
      if (before && before.status === change.status && before.minutes === minutes) return;
      await m.query(
        `INSERT INTO attendance (session_id, user_id, status, minutes, source, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, 'manual', $5, now())
         ON CONFLICT (session_id, user_id) DO UPDATE SET status = EXCLUDED.status, minutes = EXCLUDED.minutes,
           source = 'manual', recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
        [sessionId, userId, change.status, minutes, actor.id],
      );
      await this.reevaluation.markChanged(m, session.programmeId, [userId]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: before ? 'attendance.corrected' : 'attendance.recorded',
        entity: 'attendance', entityId: `${sessionId}/${userId}`,
        before: before ?? null, after: { status: change.status, minutes, source: 'manual', reason: change.reason ?? null },
      });
      if (session.programmeStatus === 'closed') await this.reevaluation.enqueue(session.programmeId, [userId], { manager: m });
    });
    return (await this.views(sessionId, userId))[0];
  }

  /** The audit trail of one learner's attendance at a session, oldest first. */
  async history(actor: Actor, sessionId: string, userId: string) {
    await sessionOfCity(this.ds, actor, sessionId);
    return this.audit.trail(this.ds, 'attendance', `${sessionId}/${userId}`);
  }
}

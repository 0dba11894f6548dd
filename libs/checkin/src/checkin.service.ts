import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, DomainError, forbidden, invalid, notFound } from '@academy/common';
import { ReevaluationService } from '@academy/programmes';
import { ACADEMY_REDIS } from '@academy/redis';
import { codeAt, newSessionSecret, verifyCode } from './checkin-code.js';
import { RECOMMENDED_ATTEMPT_LIMIT } from './guessing-odds.js';

/** Arriving more than this after the start counts as late. */
const LATE_AFTER_MINUTES = 10;

export interface CheckinScreen {
  sessionId: string;
  code: string;
  /** When the screen should fetch the next code. */
  validUntil: string;
  openedAt: string;
}

interface SessionRow {
  id: string;
  programme_id: string;
  module_code: string;
  starts_at: Date;
  ends_at: Date | null;
  checkin_secret: string | null;
  checkin_opened_at: Date | null;
  checkin_closed_at: Date | null;
  programme_status: string;
}

/**
 * In-person check-in: a trainer opens it and shows a rotating code; enrolled learners
 * type it once. Wrong codes are counted per learner and session in Redis (shared by every
 * api instance) and refused with 429 past the limit.
 */
@Injectable()
export class CheckinService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reevaluation: ReevaluationService,
    private readonly audit: AuditService,
    @Inject(ACADEMY_REDIS) private readonly redis: Redis,
  ) {}

  async open(actor: Actor, sessionId: string, now = new Date()): Promise<CheckinScreen> {
    const s = await this.session(actor, sessionId);
    const secret = s.checkin_secret ?? newSessionSecret();
    const latestClose = (s.ends_at ?? new Date(s.starts_at.getTime() + 3 * 3600_000)).getTime() + 30 * 60_000;
    if (now.getTime() < s.starts_at.getTime() - 30 * 60_000) {
      throw conflict('check-in opens 30 minutes before the session starts');
    }
    if (now.getTime() > latestClose) throw conflict('this session is over: check-in can no longer be opened');
    await this.ds.query(
      `UPDATE sessions SET checkin_secret = $2, checkin_opened_at = COALESCE(checkin_opened_at, $3),
              checkin_closed_at = NULL WHERE id = $1`,
      [sessionId, secret, now],
    );
    return this.screen(actor, sessionId, now);
  }

  async screen(actor: Actor, sessionId: string, now = new Date()): Promise<CheckinScreen> {
    const s = await this.session(actor, sessionId);
    if (!s.checkin_secret || !s.checkin_opened_at || s.checkin_closed_at) throw conflict('check-in is not open');
    const { code, validUntil } = codeAt(s.checkin_secret, now);
    return { sessionId, code, validUntil: validUntil.toISOString(), openedAt: s.checkin_opened_at.toISOString() };
  }

  async close(actor: Actor, sessionId: string, now = new Date()): Promise<void> {
    await this.session(actor, sessionId);
    await this.ds.query(`UPDATE sessions SET checkin_closed_at = $2 WHERE id = $1`, [sessionId, now]);
  }

  /**
   * A learner checks in with the code on screen; answers the recorded status. The hot
   * path of a full room: one read, one Redis lookup, one write statement.
   */
  async checkIn(actor: Actor, sessionId: string, input: string, now = new Date()) {
    const [s]: (SessionRow & { enrolled: boolean; module_codes: string[] | null })[] = await this.ds.query(
      `SELECT s.id, s.programme_id, m.code AS module_code, s.starts_at, s.ends_at, s.checkin_secret,
              s.checkin_opened_at, s.checkin_closed_at, p.status AS programme_status,
              e.user_id IS NOT NULL AS enrolled, e.module_codes
         FROM sessions s JOIN programmes p ON p.id = s.programme_id JOIN modules m ON m.id = s.module_id
         LEFT JOIN enrolments e ON e.programme_id = s.programme_id AND e.user_id = $3
        WHERE s.id = $1 AND p.city_id = $2`,
      [sessionId, actor.cityId, actor.id],
    );
    if (!s) throw notFound('session', sessionId);
    if (!s.enrolled || (s.module_codes && !s.module_codes.includes(s.module_code))) {
      throw forbidden(`you are not enrolled in ${s.module_code}, the module of this session`);
    }
    const limitKey = `checkin:${sessionId}:${actor.id}`;
    const failures = Number((await this.redis.get(limitKey)) ?? 0);
    if (failures >= RECOMMENDED_ATTEMPT_LIMIT.attempts) {
      throw new DomainError('rate-limited', 'too many wrong codes: wait ten minutes or ask the trainer');
    }
    if (!s.checkin_secret || !s.checkin_opened_at) throw conflict('check-in for this session is not open');
    const verdict = verifyCode(input, {
      secret: s.checkin_secret, now, sessionStart: s.starts_at, sessionEnd: s.ends_at,
      openedAt: s.checkin_opened_at, closedAt: s.checkin_closed_at,
    });
    if (!verdict.ok) {
      if (verdict.reason === 'window-not-open' || verdict.reason === 'window-closed') throw conflict(verdict.message);
      await this.redis
        .multi()
        .incr(limitKey)
        .expire(limitKey, RECOMMENDED_ATTEMPT_LIMIT.perMinutes * 60)
        .exec();
      throw invalid(`code: ${verdict.message}`);
    }
    const status = now.getTime() > s.starts_at.getTime() + LATE_AFTER_MINUTES * 60_000 ? 'late' : 'present';
    // Attendance, the enrolment's revision and the audit entry in one atomic statement.
    const [{ n }] = await this.ds.query(
      `WITH ins AS (
         INSERT INTO attendance (session_id, user_id, status, source, recorded_by, recorded_at)
         VALUES ($1, $2, $3, 'checkin', $2, $4) ON CONFLICT (session_id, user_id) DO NOTHING RETURNING 1
       ), rev AS (
         UPDATE enrolments SET revision = revision + 1
          WHERE programme_id = $5 AND user_id = $2 AND EXISTS (SELECT 1 FROM ins)
       ), audit AS (
         ${this.audit.insertFrom(`
           SELECT $6, $2, 'attendance.checked-in', 'attendance', $1 || '/' || $2, NULL,
                  jsonb_build_object('status', $3::text, 'source', 'checkin')
            WHERE EXISTS (SELECT 1 FROM ins)`)}
       )
       SELECT count(*)::int AS n FROM ins`,
      [sessionId, actor.id, status, now, s.programme_id, actor.cityId],
    );
    if (!n) throw conflict('you are already checked in to this session');
    if (s.programme_status === 'closed') await this.reevaluation.enqueue(s.programme_id, [actor.id]);
    return { sessionId, status, checkedInAt: now.toISOString() };
  }

  private async session(actor: Actor, sessionId: string): Promise<SessionRow> {
    const [row] = await this.ds.query(
      `SELECT s.id, s.programme_id, m.code AS module_code, s.starts_at, s.ends_at, s.checkin_secret,
              s.checkin_opened_at, s.checkin_closed_at, p.status AS programme_status
         FROM sessions s JOIN programmes p ON p.id = s.programme_id JOIN modules m ON m.id = s.module_id
        WHERE s.id = $1 AND p.city_id = $2`,
      [sessionId, actor.cityId],
    );
    if (!row) throw notFound('session', sessionId);
    return row;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden, invalid, preparedQuery, RateLimitedError } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { ReevaluationService } from '@academy/programmes';
import { RateLimiters, type RequestLimiter } from '@academy/redis';
import { sessionOfCity } from '@academy/sessions';
import { codeAt, newSessionSecret, verifyCode } from './checkin-code.js';
import { checkinStatus, checkinWindow, DEFAULT_CHECKIN_POLICY } from './policy.js';

export interface CheckinScreen {
  sessionId: string;
  code: string;
  /** When the screen should fetch the next code. */
  validUntil: string;
  openedAt: string;
}

/**
 * In-person check-in: a trainer opens it and shows a rotating code; enrolled learners
 * type it once. Wrong codes are counted per learner and session in Redis (shared by every
 * api instance; CHECKIN_LIMIT_PER_LEARNER, by default the RECOMMENDED_ATTEMPT_LIMIT of
 * guessing-odds.ts) and refused with 429 past the limit.
 */
@Injectable()
export class CheckinService {
  private readonly wrongCodes: RequestLimiter;
  /** Attendance, the enrolment's revision and the audit entry in one atomic statement; its text is made once. */
  private readonly checkInStatement: string;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reevaluation: ReevaluationService,
    private readonly audit: AuditService,
    limiters: RateLimiters,
    @Inject(ACADEMY_CONFIG) config: AcademyConfig,
  ) {
    this.wrongCodes = limiters.limiter('checkin', config.rateLimits.checkinPerLearner);
    this.checkInStatement = `WITH ins AS (
       INSERT INTO attendance (session_id, user_id, status, source, recorded_by, recorded_at)
       VALUES ($1, $2, $3, 'checkin', $7, $4) ON CONFLICT (session_id, user_id) DO NOTHING RETURNING 1
     ), rev AS (
       UPDATE enrolments SET revision = revision + 1
        WHERE programme_id = $5 AND user_id = $2 AND EXISTS (SELECT 1 FROM ins)
     ), audit AS (
       ${this.audit.insertFrom(`
         SELECT $6, $2, 'attendance.checked-in', 'attendance', $1 || '/' || $2, NULL,
                jsonb_build_object('status', $3::text, 'source', 'checkin')
          WHERE EXISTS (SELECT 1 FROM ins)`)}
     )
     SELECT count(*)::int AS n FROM ins`;
  }

  async open(actor: Actor, sessionId: string, now = new Date()): Promise<CheckinScreen> {
    const s = await sessionOfCity(this.ds, actor, sessionId);
    const secret = s.checkinSecret ?? newSessionSecret();
    const window = checkinWindow(s.startsAt, s.endsAt);
    if (now < window.opens) {
      throw conflict(`check-in opens ${DEFAULT_CHECKIN_POLICY.opensMinutesBefore} minutes before the session starts`);
    }
    if (now > window.closes) throw conflict('this session is over: check-in can no longer be opened');
    await this.ds.query(
      `UPDATE sessions SET checkin_secret = $2, checkin_opened_at = COALESCE(checkin_opened_at, $3),
              checkin_opened_by = $4, checkin_closed_at = NULL WHERE id = $1`,
      [sessionId, secret, now, actor.id],
    );
    return this.screen(actor, sessionId, now);
  }

  async screen(actor: Actor, sessionId: string, now = new Date()): Promise<CheckinScreen> {
    const s = await sessionOfCity(this.ds, actor, sessionId);
    if (!s.checkinSecret || !s.checkinOpenedAt || s.checkinClosedAt) throw conflict('check-in is not open');
    const { code, validUntil } = codeAt(s.checkinSecret, now);
    return { sessionId, code, validUntil: validUntil.toISOString(), openedAt: s.checkinOpenedAt.toISOString() };
  }

  async close(actor: Actor, sessionId: string, now = new Date()): Promise<void> {
    await sessionOfCity(this.ds, actor, sessionId);
    await this.ds.query(`UPDATE sessions SET checkin_closed_at = $2 WHERE id = $1`, [sessionId, now]);
  }

  /**
   * A learner checks in with the code on screen; answers the recorded status. The hot
   * path of a full room: one read, one Redis lookup, one write statement.
   */
  async checkIn(actor: Actor, sessionId: string, input: string, now = new Date()) {
    const s = await sessionOfCity(this.ds, actor, sessionId, { enrolmentOf: actor.id });
    if (!s.enrolment || (s.enrolment.moduleCodes && !s.enrolment.moduleCodes.includes(s.moduleCode))) {
      throw forbidden(`you are not enrolled in ${s.moduleCode}, the module of this session`);
    }
    // Separation of duties: whoever shows the code vouches for the room, and is recorded as
    // the one who made the record; so nobody checks in with a code they opened themselves,
    // nor to a session they deliver.
    if (s.checkinOpenedBy === actor.id || s.deliveredByCaller) {
      throw forbidden(
        'separation of duties: nobody records their own attendance (you opened this check-in or deliver this session: another trainer or an administrator records it)',
      );
    }
    const limitKey = `${sessionId}:${actor.id}`;
    const limit = await this.wrongCodes.peek(limitKey);
    if (!limit.allowed) {
      const minutes = Math.ceil(limit.retryAfterSeconds / 60);
      throw new RateLimitedError(
        `too many wrong codes: wait ${minutes} minute${minutes === 1 ? '' : 's'} or ask the trainer`,
        limit.retryAfterSeconds,
      );
    }
    if (!s.checkinSecret || !s.checkinOpenedAt) throw conflict('check-in for this session is not open');
    const verdict = verifyCode(input, {
      secret: s.checkinSecret, now, sessionStart: s.startsAt, sessionEnd: s.endsAt,
      openedAt: s.checkinOpenedAt, closedAt: s.checkinClosedAt,
    });
    if (!verdict.ok) {
      if (verdict.reason === 'window-not-open' || verdict.reason === 'window-closed') throw conflict(verdict.message);
      await this.wrongCodes.consume(limitKey);
      throw invalid(`code: ${verdict.message}`);
    }
    const status = checkinStatus(now, s.startsAt);
    const [{ n }] = await preparedQuery(
      this.ds,
      this.checkInStatement,
      [sessionId, actor.id, status, now, s.programmeId, actor.cityId, s.checkinOpenedBy],
    );
    if (!n) throw conflict('you are already checked in to this session');
    // One statement, already committed: the evaluation is asked for straight away.
    if (s.programmeStatus === 'closed') await this.reevaluation.enqueue(s.programmeId, [actor.id]);
    return { sessionId, status, checkedInAt: now.toISOString() };
  }
}

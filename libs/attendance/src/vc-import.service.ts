import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, invalid, localDate, notFound } from '@academy/common';
import { ReevaluationService } from '@academy/programmes';
import { RuleSetsService } from '@academy/rule-sets';
import {
  type AttendanceStatus, DEFAULT_VIDEO_CONFERENCE, type DerivedStatus, statusFromMinutes,
  type VideoConferenceThresholds,
} from '@academy/rules';
import {
  type ParsedReport, parseVideoConferenceReport, type ReportFormat, ReportFormatError, type ReportParticipant,
  type ReportWarning,
} from '@academy/vc-reports';
import {
  combine, type EnrolledLearner, joinedLateBy, matchParticipant, normalizeName,
} from './vc-matching.js';

/** How a matched learner's attendance record fared. */
export type VcAttendanceOutcome = 'created' | 'updated' | 'unchanged' | 'kept-manual';

export interface VcMatchedLearner {
  /** Name and e-mail as the report gives them (e-mail null when it has none). */
  name: string;
  email: string | null;
  learnerId: string;
  matchedBy: 'email' | 'name';
  minutes: number;
  /** The status the report gives, by the rule set's thresholds. */
  status: AttendanceStatus;
  /** Why that status; for a kept manual record, also what was kept. */
  reason: string;
  outcome: VcAttendanceOutcome;
}

export interface VcReviewEntry {
  id: string;
  name: string;
  email: string | null;
  minutes: number;
  reason: string;
}

export interface VcImportResult {
  importId: string;
  format: ReportFormat;
  meeting: { title: string | null; start: string | null; end: string | null };
  columns: Record<string, string>;
  matched: VcMatchedLearner[];
  review: VcReviewEntry[];
  organiser: { name: string; email: string | null } | null;
  unchanged: number;
  created: number;
  updated: number;
  keptManual: number;
  /** The parser's warnings, then the importer's own notes (line null). */
  warnings: ReportWarning[];
  /** What the statuses were derived from. */
  basis: {
    ruleSet: string;
    presentShare: number;
    lateGraceMinutes: number;
    sessionMinutes: number | null;
    sessionMinutesFrom: 'session' | 'report' | null;
  };
}

export interface VcReviewItemView {
  id: string;
  sessionId: string;
  importId: string;
  name: string;
  email: string | null;
  minutes: number;
  firstJoin: string | null;
  lastLeave: string | null;
  reason: string;
  status: 'pending' | 'assigned' | 'dismissed';
  userId: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface VcAssignResult {
  item: VcReviewItemView;
  attendance: { sessionId: string; userId: string; status: AttendanceStatus; minutes: number; source: string };
  /** The status the report's minutes give; used unless a status was given. */
  derived: DerivedStatus;
  changed: boolean;
}

/** One participant of a report and what the import made of them, as stored with the import. */
interface ParticipantOutcome {
  name: string;
  originalName?: string;
  email: string | null;
  lines: number[];
  minutes: number;
  firstJoin: string;
  lastLeave: string;
  outcome: 'organiser' | 'matched' | 'review' | 'already-resolved';
  learnerId?: string;
  matchedBy?: 'email' | 'name';
  status?: AttendanceStatus;
  attendance?: VcAttendanceOutcome;
  reviewItemId?: string;
  reason: string;
}

interface SessionContext {
  id: string;
  programme_id: string;
  module_code: string;
  starts_at: Date;
  ends_at: Date | null;
  timezone: string;
  local_date: string;
  programme_status: string;
  rule_set: string;
}

interface Thresholds extends VideoConferenceThresholds {
  ruleSet: string;
}

interface Planned {
  minutes: number | null;
  from: 'session' | 'report' | null;
}

/** The attendance.source a report's format writes. */
export function sourceOfFormat(format: ReportFormat): 'zoom' | 'teams' {
  return format === 'zoom' ? 'zoom' : 'teams';
}

/** Planned length: the session's end − start; without an end, the meeting's length from the report. */
function plannedLength(session: { starts_at: Date; ends_at: Date | null }, meeting: { start: Date | null; end: Date | null }): Planned {
  if (session.ends_at) return { minutes: (session.ends_at.getTime() - session.starts_at.getTime()) / 60_000, from: 'session' };
  if (meeting.start && meeting.end && meeting.end > meeting.start) {
    return { minutes: Math.round((meeting.end.getTime() - meeting.start.getTime()) / 60_000), from: 'report' };
  }
  return { minutes: null, from: null };
}

const MAX_MINUTES = 1440;

const ITEM_SELECT = `SELECT i.id, i.session_id, i.import_id, i.name, i.email, i.minutes, i.first_join, i.last_leave, i.reason,
       i.status, i.user_id, i.resolved_by, i.resolved_at, i.created_at FROM vc_review_items i`;

function itemView(r: any): VcReviewItemView {
  return {
    id: r.id, sessionId: r.session_id, importId: r.import_id, name: r.name, email: r.email, minutes: r.minutes,
    firstJoin: r.first_join?.toISOString() ?? null, lastLeave: r.last_leave?.toISOString() ?? null, reason: r.reason,
    status: r.status, userId: r.user_id, resolvedBy: r.resolved_by, resolvedAt: r.resolved_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * Imports a Zoom or Teams attendance report into one session: the organiser is left out,
 * each participant is matched to an enrolled learner by e-mail or by a unique name, the
 * status is derived from the minutes by the programme's rule set, and everyone else lands
 * on a review list a trainer resolves. A trainer's manual record is never overwritten.
 * Importing the same report again changes nothing. Every import is kept with what it
 * matched, derived and why.
 */
@Injectable()
export class VcImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly reevaluation: ReevaluationService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  async importReport(actor: Actor, sessionId: string, file: Buffer): Promise<VcImportResult> {
    const session = await this.sessionOfCity(actor, sessionId);
    let report: ParsedReport;
    try {
      report = parseVideoConferenceReport(file, { timeZone: session.timezone });
    } catch (e) {
      if (e instanceof ReportFormatError || e instanceof RangeError) throw invalid(`file: ${e.message}`);
      throw e;
    }
    const thresholds = await this.thresholds(actor.cityId, session.rule_set);
    const planned = plannedLength(session, report.meeting);
    const source = sourceOfFormat(report.format);
    const notes = this.checkMeeting(session, report, planned);

    // Who is who.
    const learners: EnrolledLearner[] = (
      await this.ds.query(
        `SELECT u.id, u.email, u.name, (e.module_codes IS NULL OR $3 = ANY(e.module_codes)) AS in_module
           FROM enrolments e JOIN users u ON u.id = e.user_id
          WHERE e.programme_id = $1 AND u.city_id = $2`,
        [session.programme_id, actor.cityId, session.module_code],
      )
    ).map((r: any) => ({ id: r.id, email: r.email, name: r.name, inModule: r.in_module }));
    const reportEmails = [...new Set(report.participants.map((p) => p.email).filter((e): e is string => e !== null))];
    const knownEmails = new Set<string>(
      reportEmails.length
        ? (await this.ds.query(`SELECT email FROM users WHERE email = ANY($1)`, [reportEmails])).map((r: any) => r.email)
        : [],
    );

    let organiser: VcImportResult['organiser'] = null;
    const outcomes = new Map<ReportParticipant, ParticipantOutcome>();
    const matchedGroups = new Map<string, { learner: EnrolledLearner; by: 'email' | 'name'; participants: ReportParticipant[] }>();
    const reviewGroups = new Map<string, { name: string; email: string | null; nameKey: string; participants: ReportParticipant[]; reason: string }>();
    for (const p of report.participants) {
      const m = matchParticipant(p, learners, knownEmails, session.module_code);
      const base: ParticipantOutcome = {
        name: p.name, email: p.email, lines: p.sourceLines, minutes: p.minutes,
        firstJoin: p.firstJoin.toISOString(), lastLeave: p.lastLeave.toISOString(), outcome: 'organiser', reason: '',
      };
      if (p.originalName !== undefined) base.originalName = p.originalName;
      outcomes.set(p, base);
      if (m.kind === 'organiser') {
        organiser ??= { name: p.name, email: p.email };
        base.reason = 'the organiser of the meeting is left out';
      } else if (m.kind === 'matched') {
        const group = matchedGroups.get(m.learner.id);
        if (group) group.participants.push(p);
        else matchedGroups.set(m.learner.id, { learner: m.learner, by: m.by, participants: [p] });
      } else {
        const nameKey = normalizeName(p.name);
        const key = `${nameKey}\u0000${p.email ?? ''}`;
        const group = reviewGroups.get(key);
        if (group) group.participants.push(p);
        else reviewGroups.set(key, { name: p.name, email: p.email, nameKey, participants: [p], reason: m.reason });
      }
    }

    // What the report says about each matched learner.
    const plans = [...matchedGroups.values()].map((g) => {
      const stay = combine(g.participants);
      const derived = statusFromMinutes(
        { minutes: stay.minutes, sessionMinutes: planned.minutes, joinedLateByMinutes: joinedLateBy(session.starts_at, stay.firstJoin) },
        thresholds,
      );
      const combined = g.participants.length > 1 ? ` (${g.participants.length} entries of the report combined)` : '';
      return { ...g, stay, minutes: Math.min(stay.minutes, MAX_MINUTES), derived: { ...derived, reason: derived.reason + combined } };
    });

    const sha256 = createHash('sha256').update(file).digest('hex');
    const matched: VcMatchedLearner[] = [];
    const review: VcReviewEntry[] = [];
    const changed: string[] = [];
    const counts = { created: 0, updated: 0, unchanged: 0, keptManual: 0 };
    const importId = await this.ds.transaction(async (m) => {
      // One import or review decision per session at a time.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`vc-session:${sessionId}`]);
      const [rec] = await m.query(
        `INSERT INTO vc_imports (session_id, format, sha256, uploaded_by, meeting, organiser, participants, matched, review,
                                 created, updated, unchanged, kept_manual, columns, warnings, outcomes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0, 0, 0, 0, $8, '[]', '[]') RETURNING id`,
        [sessionId, report.format, sha256, actor.id, JSON.stringify(meetingView(report.meeting)),
          organiser ? JSON.stringify(organiser) : null, report.participants.length, JSON.stringify(report.columns)],
      );
      const importId: string = rec.id;

      const ids = plans.map((p) => p.learner.id);
      const existing = new Map<string, { status: AttendanceStatus; minutes: number | null; source: string }>(
        ids.length
          ? (
              await m.query(
                `SELECT user_id, status, minutes, source FROM attendance WHERE session_id = $1 AND user_id = ANY($2) FOR UPDATE`,
                [sessionId, ids],
              )
            ).map((r: any) => [r.user_id, { status: r.status, minutes: r.minutes, source: r.source }])
          : [],
      );
      const writes: {
        user_id: string; status: AttendanceStatus; minutes: number | null; action: string;
        before: Record<string, unknown> | null; after: Record<string, unknown>;
      }[] = [];
      for (const plan of plans) {
        const before = existing.get(plan.learner.id);
        const { status } = plan.derived;
        let outcome: VcAttendanceOutcome;
        let reason = plan.derived.reason;
        if (before?.source === 'manual') {
          outcome = 'kept-manual';
          counts.keptManual++;
          reason = `kept manual status ${before.status}${before.minutes === null ? '' : ` (${before.minutes} minutes)`} recorded by hand; the report gives ${status}: ${reason}`;
        } else if (before && before.status === status && before.minutes === plan.minutes) {
          outcome = 'unchanged';
          counts.unchanged++;
        } else {
          outcome = before ? 'updated' : 'created';
          counts[outcome]++;
          changed.push(plan.learner.id);
          writes.push({
            user_id: plan.learner.id, status, minutes: plan.minutes,
            action: before ? 'attendance.corrected' : 'attendance.recorded',
            before: before ? { status: before.status, minutes: before.minutes, source: before.source } : null,
            after: { status, minutes: plan.minutes, source, importId, matchedBy: plan.by, reason },
          });
        }
        const first = plan.participants[0]!;
        matched.push({
          name: first.name, email: first.email, learnerId: plan.learner.id, matchedBy: plan.by, minutes: plan.minutes,
          status, reason, outcome,
        });
        for (const p of plan.participants) {
          Object.assign(outcomes.get(p)!, {
            outcome: 'matched', learnerId: plan.learner.id, matchedBy: plan.by, status, attendance: outcome, reason,
          });
        }
      }
      if (writes.length) {
        // Every changed record and its audit entry in one statement, however many people.
        await m.query(
          `WITH w AS (
             SELECT * FROM json_to_recordset($1::json)
               AS w(user_id uuid, status attendance_status, minutes int, action text, before jsonb, after jsonb)
           ), up AS (
             INSERT INTO attendance (session_id, user_id, status, minutes, source, recorded_by, recorded_at)
             SELECT $2, user_id, status, minutes, $3, $4, now() FROM w
             ON CONFLICT (session_id, user_id) DO UPDATE SET status = EXCLUDED.status, minutes = EXCLUDED.minutes,
               source = EXCLUDED.source, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
           )
           ${this.audit.insertFrom(`SELECT $5, $4, action, 'attendance', $2 || '/' || user_id, before, after FROM w`)}`,
          [JSON.stringify(writes), sessionId, source, actor.id, actor.cityId],
        );
        await this.reevaluation.markChanged(m, session.programme_id, changed);
      }

      for (const g of reviewGroups.values()) {
        const stay = combine(g.participants);
        const minutes = Math.min(stay.minutes, MAX_MINUTES);
        const [item] = await m.query(
          `SELECT id, status, minutes, first_join, last_leave FROM vc_review_items
            WHERE session_id = $1 AND name_key = $2 AND COALESCE(email, '') = $3 FOR UPDATE`,
          [sessionId, g.nameKey, g.email ?? ''],
        );
        let itemId: string;
        let state: ParticipantOutcome['outcome'] = 'review';
        let reason = g.reason;
        if (!item) {
          const [created] = await m.query(
            // clock_timestamp(): the list keeps the report's order within one import.
            `INSERT INTO vc_review_items (import_id, session_id, name, name_key, email, minutes, first_join, last_leave, reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp()) RETURNING id`,
            [importId, sessionId, g.name, g.nameKey, g.email, minutes, stay.firstJoin, stay.lastLeave, g.reason],
          );
          itemId = created.id;
        } else {
          itemId = item.id;
          if (item.status !== 'pending') {
            state = 'already-resolved';
            reason = `already ${item.status} on the review list; left as it is`;
            notes.push({ line: null, message: `${g.name}: ${reason}` });
          } else if (
            item.minutes !== minutes ||
            item.first_join?.getTime() !== stay.firstJoin.getTime() ||
            item.last_leave?.getTime() !== stay.lastLeave.getTime()
          ) {
            // A different report of the same meeting: the item follows the latest figures.
            await m.query(
              `UPDATE vc_review_items SET import_id = $2, name = $3, minutes = $4, first_join = $5, last_leave = $6, reason = $7
                WHERE id = $1`,
              [itemId, importId, g.name, minutes, stay.firstJoin, stay.lastLeave, g.reason],
            );
          }
        }
        if (state === 'review') review.push({ id: itemId, name: g.name, email: g.email, minutes, reason: g.reason });
        for (const p of g.participants) Object.assign(outcomes.get(p)!, { outcome: state, reviewItemId: itemId, reason });
      }

      const warnings = [...report.warnings, ...notes];
      await m.query(
        `UPDATE vc_imports SET matched = $2, review = $3, created = $4, updated = $5, unchanged = $6, kept_manual = $7,
                warnings = $8, outcomes = $9 WHERE id = $1`,
        [importId, matched.length, review.length, counts.created, counts.updated, counts.unchanged, counts.keptManual,
          JSON.stringify(warnings), JSON.stringify([...outcomes.values()])],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'attendance.report-imported', entity: 'session', entityId: sessionId,
        after: { importId, format: report.format, sha256, matched: matched.length, review: review.length, ...counts },
      });
      if (session.programme_status === 'closed') await this.reevaluation.enqueue(session.programme_id, changed, { manager: m });
      return importId;
    });

    return {
      importId,
      format: report.format,
      meeting: meetingView(report.meeting),
      columns: report.columns,
      matched,
      review,
      organiser,
      ...counts,
      warnings: [...report.warnings, ...notes],
      basis: {
        ruleSet: thresholds.ruleSet, presentShare: thresholds.presentShare, lateGraceMinutes: thresholds.lateGraceMinutes,
        sessionMinutes: planned.minutes, sessionMinutesFrom: planned.from,
      },
    };
  }

  /** The people of a session's reports still waiting for a decision, oldest first. */
  async pendingReview(actor: Actor, sessionId: string): Promise<VcReviewItemView[]> {
    await this.sessionOfCity(actor, sessionId);
    const rows = await this.ds.query(`${ITEM_SELECT} WHERE i.session_id = $1 AND i.status = 'pending' ORDER BY i.created_at, i.name, i.id`, [
      sessionId,
    ]);
    return rows.map(itemView);
  }

  /**
   * "This person was that learner": records the learner's attendance with the item's minutes
   * and the status they give (or the status given, which then counts as a manual record).
   */
  async assign(
    actor: Actor,
    itemId: string,
    decision: { userId: string; status?: AttendanceStatus; reason?: string },
  ): Promise<VcAssignResult> {
    const ctx = await this.itemOfCity(actor, itemId);
    const result = await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`vc-session:${ctx.session_id}`]);
      const item = await this.pendingItem(m, itemId);
      const [enrolment] = await m.query(
        `SELECT (e.module_codes IS NULL OR $4 = ANY(e.module_codes)) AS in_module
           FROM enrolments e JOIN users u ON u.id = e.user_id
          WHERE e.programme_id = $1 AND e.user_id = $2 AND u.city_id = $3 FOR UPDATE OF e`,
        [ctx.programme_id, decision.userId, actor.cityId, ctx.module_code],
      );
      if (!enrolment) throw conflict(`userId: learner ${decision.userId} is not enrolled in this programme`);
      if (!enrolment.in_module) throw conflict(`userId: learner ${decision.userId} is not enrolled in ${ctx.module_code}`);

      const planned = plannedLength(ctx, {
        start: ctx.meeting.start ? new Date(ctx.meeting.start) : null,
        end: ctx.meeting.end ? new Date(ctx.meeting.end) : null,
      });
      const thresholds = await this.thresholds(actor.cityId, ctx.rule_set);
      const derived = statusFromMinutes(
        { minutes: item.minutes, sessionMinutes: planned.minutes, joinedLateByMinutes: joinedLateBy(ctx.starts_at, item.first_join) },
        thresholds,
      );
      const status = decision.status ?? derived.status;
      // A status chosen by hand is a manual record: later imports keep it.
      const source = decision.status ? 'manual' : sourceOfFormat(ctx.format);
      const [before] = await m.query(`SELECT status, minutes, source FROM attendance WHERE session_id = $1 AND user_id = $2 FOR UPDATE`, [
        ctx.session_id,
        decision.userId,
      ]);
      const changed = !before || before.status !== status || before.minutes !== item.minutes || before.source !== source;
      if (changed) {
        await m.query(
          `INSERT INTO attendance (session_id, user_id, status, minutes, source, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())
           ON CONFLICT (session_id, user_id) DO UPDATE SET status = EXCLUDED.status, minutes = EXCLUDED.minutes,
             source = EXCLUDED.source, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
          [ctx.session_id, decision.userId, status, item.minutes, source, actor.id],
        );
        await this.reevaluation.markChanged(m, ctx.programme_id, [decision.userId]);
        if (ctx.programme_status === 'closed') await this.reevaluation.enqueue(ctx.programme_id, [decision.userId], { manager: m });
        await this.audit.record(m, {
          cityId: actor.cityId, actorId: actor.id, action: before ? 'attendance.corrected' : 'attendance.recorded',
          entity: 'attendance', entityId: `${ctx.session_id}/${decision.userId}`,
          before: before ?? null,
          after: {
            status, minutes: item.minutes, source, reviewItemId: itemId,
            reason: decision.reason ?? (decision.status ? 'status given on review' : derived.reason),
          },
        });
      }
      await m.query(
        `UPDATE vc_review_items SET status = 'assigned', user_id = $2, resolved_by = $3, resolved_at = now() WHERE id = $1`,
        [itemId, decision.userId, actor.id],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'review-item.assigned', entity: 'vc-review-item', entityId: itemId,
        before: { status: 'pending' },
        after: { status: 'assigned', userId: decision.userId, attendance: status, minutes: item.minutes, reason: decision.reason ?? null },
      });
      return { status, minutes: item.minutes as number, source, derived, changed };
    });
    const [row] = await this.ds.query(`${ITEM_SELECT} WHERE i.id = $1`, [itemId]);
    return {
      item: itemView(row),
      attendance: { sessionId: ctx.session_id, userId: decision.userId, status: result.status, minutes: result.minutes, source: result.source },
      derived: result.derived,
      changed: result.changed,
    };
  }

  /** "Not one of our learners" (a guest, a colleague): the item leaves the list, audited. */
  async dismiss(actor: Actor, itemId: string, reason?: string): Promise<VcReviewItemView> {
    const ctx = await this.itemOfCity(actor, itemId);
    await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`vc-session:${ctx.session_id}`]);
      await this.pendingItem(m, itemId);
      await m.query(`UPDATE vc_review_items SET status = 'dismissed', resolved_by = $2, resolved_at = now() WHERE id = $1`, [
        itemId,
        actor.id,
      ]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'review-item.dismissed', entity: 'vc-review-item', entityId: itemId,
        before: { status: 'pending' }, after: { status: 'dismissed', reason: reason ?? null },
      });
    });
    const [row] = await this.ds.query(`${ITEM_SELECT} WHERE i.id = $1`, [itemId]);
    return itemView(row);
  }

  private async pendingItem(m: EntityManager, itemId: string) {
    const [item] = await m.query(`SELECT status, minutes, first_join FROM vc_review_items WHERE id = $1 FOR UPDATE`, [itemId]);
    if (!item) throw notFound('review item', itemId);
    if (item.status !== 'pending') throw conflict(`review item ${itemId} is already ${item.status}`);
    return item as { status: string; minutes: number; first_join: Date | null };
  }

  /** The video-conference thresholds of the programme's rule set, defaults filled in. */
  private async thresholds(cityId: string, ruleSetId: string): Promise<Thresholds> {
    const ruleSet = await this.ruleSets.resolve(cityId, ruleSetId);
    return { ruleSet: ruleSetId, ...(ruleSet?.videoConference ?? DEFAULT_VIDEO_CONFERENCE) };
  }

  /** Notes when the report does not look like this session's meeting (the import goes ahead). */
  private checkMeeting(session: SessionContext, report: ParsedReport, planned: Planned): ReportWarning[] {
    const notes: ReportWarning[] = [];
    const start = report.meeting.start ?? report.participants[0]?.firstJoin ?? null;
    if (start) {
      const day = localDate(start, session.timezone);
      if (day !== session.local_date) {
        notes.push({
          line: null,
          message: `the meeting in the report took place on ${day} but the session is on ${session.local_date} (${session.timezone}); check that this is the right session`,
        });
      }
    }
    if (planned.from === 'report') {
      notes.push({ line: null, message: `the session has no end time: its length is taken from the report (${planned.minutes} minutes)` });
    } else if (planned.from === null) {
      notes.push({ line: null, message: 'the session has no end time and the report gives no meeting length: only the join time decides' });
    }
    return notes;
  }

  private async sessionOfCity(actor: Actor, sessionId: string): Promise<SessionContext> {
    const [s] = await this.ds.query(
      `SELECT s.id, s.programme_id, m.code AS module_code, s.starts_at, s.ends_at, s.timezone,
              to_char(s.local_date, 'YYYY-MM-DD') AS local_date, p.status AS programme_status, p.rule_set
         FROM sessions s JOIN programmes p ON p.id = s.programme_id JOIN modules m ON m.id = s.module_id
        WHERE s.id = $1 AND p.city_id = $2`,
      [sessionId, actor.cityId],
    );
    if (!s) throw notFound('session', sessionId);
    return s;
  }

  private async itemOfCity(actor: Actor, itemId: string) {
    const [r] = await this.ds.query(
      `SELECT i.session_id, s.programme_id, s.starts_at, s.ends_at, m.code AS module_code, p.status AS programme_status,
              p.rule_set, v.format, v.meeting
         FROM vc_review_items i JOIN sessions s ON s.id = i.session_id JOIN programmes p ON p.id = s.programme_id
         JOIN modules m ON m.id = s.module_id JOIN vc_imports v ON v.id = i.import_id
        WHERE i.id = $1 AND p.city_id = $2`,
      [itemId, actor.cityId],
    );
    if (!r) throw notFound('review item', itemId);
    return r as {
      session_id: string; programme_id: string; starts_at: Date; ends_at: Date | null; module_code: string;
      programme_status: string; rule_set: string; format: ReportFormat; meeting: { start: string | null; end: string | null };
    };
  }
}

function meetingView(meeting: ParsedReport['meeting']): VcImportResult['meeting'] {
  return { title: meeting.title, start: meeting.start?.toISOString() ?? null, end: meeting.end?.toISOString() ?? null };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, forbidden, invalid } from '@academy/common';
import { ReevaluationService } from '@academy/programmes';
import { RuleSetsService } from '@academy/rule-sets';
import type { AttendanceStatus } from '@academy/rules';
import { sessionOfCity } from '@academy/sessions';
import { type ParsedReport, parseVideoConferenceReport, ReportFormatError } from '@academy/vc-reports';
import { OWN_ATTENDANCE } from '../attendance.service.js';
import { isManual, type ManualConflict } from '../import-policy.js';
import { combine, type EnrolledLearner } from './vc-matching.js';
import {
  checkMeeting, MAX_MINUTES, meetingView, type ParticipantOutcome, plannedLength, readReport, sourceOfFormat, thresholdsOf,
  type VcAttendanceOutcome, type VcImportResult, type VcMatchedLearner, type VcReviewEntry,
} from './vc-report.js';

/**
 * Imports a Zoom or Teams attendance report into one session: the organiser is left out,
 * each participant is matched to an enrolled learner by e-mail or by a unique name, the
 * status is derived from the minutes by the programme's rule set, and everyone else lands
 * on a review list a trainer resolves. A manual record is never overwritten (the one import
 * policy of ../import-policy.ts); where the report disagrees with one, it is listed.
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
    const session = await sessionOfCity(this.ds, actor, sessionId);
    let report: ParsedReport;
    try {
      report = parseVideoConferenceReport(file, { timeZone: session.timezone });
    } catch (e) {
      if (e instanceof ReportFormatError || e instanceof RangeError) throw invalid(`file: ${e.message}`);
      throw e;
    }
    const thresholds = await thresholdsOf(this.ruleSets, actor.cityId, session.ruleSet, session.ruleSetVersion);
    const planned = plannedLength(session, report.meeting);
    const source = sourceOfFormat(report.format);
    const notes = checkMeeting(session, report, planned);

    // Who is who.
    const learners: EnrolledLearner[] = (
      await this.ds.query(
        `SELECT u.id, u.email, u.name, (e.module_codes IS NULL OR $3 = ANY(e.module_codes)) AS in_module
           FROM enrolments e JOIN users u ON u.id = e.user_id
          WHERE e.programme_id = $1 AND u.city_id = $2`,
        [session.programmeId, actor.cityId, session.moduleCode],
      )
    ).map((r: any) => ({ id: r.id, email: r.email, name: r.name, inModule: r.in_module }));
    const reportEmails = [...new Set(report.participants.map((p) => p.email).filter((e): e is string => e !== null))];
    const knownEmails = new Set<string>(
      reportEmails.length
        ? (await this.ds.query(`SELECT email FROM users WHERE email = ANY($1)`, [reportEmails])).map((r: any) => r.email)
        : [],
    );

    const { organiser, outcomes, plans, reviewGroups } = readReport(report, learners, knownEmails, session, thresholds, planned);
    // Separation of duties: a report that would record the importer's own attendance is refused whole.
    const own = plans.find((p) => p.learner.id === actor.id);
    if (own) {
      throw forbidden(`${OWN_ATTENDANCE} (the report's ${own.participants[0]!.name} is matched to the importer): another trainer or an administrator must import it`);
    }

    const sha256 = createHash('sha256').update(file).digest('hex');
    const matched: VcMatchedLearner[] = [];
    const review: VcReviewEntry[] = [];
    const changed: string[] = [];
    const manualConflicts: ManualConflict[] = [];
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
      const existing = new Map<
        string,
        { status: AttendanceStatus; minutes: number | null; source: string; recordedAt: Date; recordedBy: string | null }
      >(
        ids.length
          ? (
              await m.query(
                `SELECT a.user_id, a.status, a.minutes, a.source, a.recorded_at, u.email AS recorded_by
                   FROM attendance a LEFT JOIN users u ON u.id = a.recorded_by
                  WHERE a.session_id = $1 AND a.user_id = ANY($2) FOR UPDATE OF a`,
                [sessionId, ids],
              )
            ).map((r: any) => [
              r.user_id,
              { status: r.status, minutes: r.minutes, source: r.source, recordedAt: r.recorded_at, recordedBy: r.recorded_by },
            ])
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
        if (before && before.status === status && before.minutes === plan.minutes) {
          outcome = 'unchanged';
          counts.unchanged++;
        } else if (before && isManual(before.source)) {
          // The one import policy (../import-policy.ts): a manual record is never overwritten.
          outcome = 'kept-manual';
          counts.keptManual++;
          reason = `kept manual status ${before.status}${before.minutes === null ? '' : ` (${before.minutes} minutes)`} recorded by hand; the report gives ${status}: ${reason}`;
          manualConflicts.push({
            lines: plan.participants.flatMap((p) => p.sourceLines).sort((a, b) => a - b),
            sessionId, moduleCode: session.moduleCode, userId: plan.learner.id, email: plan.learner.email,
            file: { status, minutes: plan.minutes },
            kept: { status: before.status, minutes: before.minutes, recordedAt: before.recordedAt.toISOString(), recordedBy: before.recordedBy },
          });
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
        await this.reevaluation.markChanged(m, session.programmeId, changed);
      }

      for (const g of reviewGroups) {
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
      if (session.programmeStatus === 'closed') await this.reevaluation.enqueue(session.programmeId, changed, { manager: m });
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
      manualConflicts,
      warnings: [...report.warnings, ...notes],
      basis: {
        ruleSet: thresholds.ruleSet, presentShare: thresholds.presentShare, lateGraceMinutes: thresholds.lateGraceMinutes,
        sessionMinutes: planned.minutes, sessionMinutesFrom: planned.from,
      },
    };
  }
}

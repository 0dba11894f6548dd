import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden, notFound } from '@academy/common';
import { ReevaluationService } from '@academy/programmes';
import { RuleSetsService } from '@academy/rule-sets';
import { type AttendanceStatus, type DerivedStatus, statusFromMinutes } from '@academy/rules';
import { sessionOfCity } from '@academy/sessions';
import type { ReportFormat } from '@academy/vc-reports';
import { OWN_ATTENDANCE } from '../attendance.service.js';
import { joinedLateBy } from './vc-matching.js';
import { plannedLength, sourceOfFormat, thresholdsOf } from './vc-report.js';

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
 * The review list of a session's reports: the people no learner was matched to, until a
 * trainer says who they were (their attendance is then recorded from the report's minutes)
 * or that they were nobody of ours. Every decision is audited.
 */
@Injectable()
export class VcReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly reevaluation: ReevaluationService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  /** The people of a session's reports still waiting for a decision, oldest first. */
  async pendingReview(actor: Actor, sessionId: string): Promise<VcReviewItemView[]> {
    await sessionOfCity(this.ds, actor, sessionId);
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
      if (decision.userId === actor.id) throw forbidden(OWN_ATTENDANCE);

      const planned = plannedLength({ startsAt: ctx.starts_at, endsAt: ctx.ends_at }, {
        start: ctx.meeting.start ? new Date(ctx.meeting.start) : null,
        end: ctx.meeting.end ? new Date(ctx.meeting.end) : null,
      });
      const thresholds = await thresholdsOf(this.ruleSets, actor.cityId, ctx.rule_set, ctx.rule_set_version);
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

  private async itemOfCity(actor: Actor, itemId: string) {
    const [r] = await this.ds.query(
      `SELECT i.session_id, s.programme_id, s.starts_at, s.ends_at, m.code AS module_code, p.status AS programme_status,
              p.rule_set, p.rule_set_version, v.format, v.meeting
         FROM vc_review_items i JOIN sessions s ON s.id = i.session_id JOIN programmes p ON p.id = s.programme_id
         JOIN modules m ON m.id = s.module_id JOIN vc_imports v ON v.id = i.import_id
        WHERE i.id = $1 AND p.city_id = $2`,
      [itemId, actor.cityId],
    );
    if (!r) throw notFound('review item', itemId);
    return r as {
      session_id: string; programme_id: string; starts_at: Date; ends_at: Date | null; module_code: string;
      programme_status: string; rule_set: string; rule_set_version: number | null; format: ReportFormat; meeting: { start: string | null; end: string | null };
    };
  }
}

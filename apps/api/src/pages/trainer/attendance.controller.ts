import { Body, Get, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { AttendanceService, VcImportService, type VcImportResult, VcReviewService } from '@academy/attendance';
import { type Actor, DomainError } from '@academy/common';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@academy/rules';
import { SessionsService } from '@academy/sessions';
import type { FieldError } from '@academy/web';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { UuidParam } from '../../common/validation.js';
import { text } from '../form-fields.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { refusal } from './refusals.js';
import { reportWords } from './report-words.js';

type Form = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isStatus = (v: unknown): v is AttendanceStatus => typeof v === 'string' && (ATTENDANCE_STATUSES as readonly string[]).includes(v);

/** How a record was made, as the catalogue names it (anything else is shown as stored). */
const SOURCES = ['checkin', 'manual', 'csv', 'zoom', 'teams'];

/** The kinds of refusal of the attendance and review services, in the viewer's words. */
const REFUSED = {
  forbidden: 'trainer.attendance.errors.ownAttendance',
  conflict: 'trainer.attendance.errors.notEnrolled',
  invalid: 'trainer.attendance.errors.invalid',
} as const;

/**
 * Attendance of one session by hand, and a Zoom/Teams report with its review list: the
 * same AttendanceService, VcImportService and VcReviewService as /api/sessions/{id}/….
 */
@PageController()
@Roles('trainer', 'admin')
export class TrainerAttendancePages {
  constructor(
    private readonly sessions: SessionsService,
    private readonly attendance: AttendanceService,
    private readonly imports: VcImportService,
    private readonly reviews: VcReviewService,
  ) {}

  @Get('trainer/sessions/:id/attendance')
  @Page({ template: 'trainer/attendance', title: 'trainer.attendance.title' })
  async list(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query('saved') saved?: string) {
    return { ...(await this.attendanceModel(actor, id)), saved: saved === '1' };
  }

  /** Marks or corrects one learner; a refusal (separation of duties, not enrolled) is said on the page. */
  @Post('trainer/sessions/:id/attendance')
  @Page({ template: 'trainer/attendance', title: 'trainer.attendance.title' })
  async record(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: Form, @Res({ passthrough: true }) res: Response) {
    const userId = text(body.userId);
    const status = text(body.status);
    const reason = text(body.reason).slice(0, 500);
    const errors: FieldError[] = [];
    if (!UUID.test(userId)) errors.push({ field: 'userId', message: 'trainer.attendance.errors.learnerMissing' });
    if (!isStatus(status)) errors.push({ field: `status-${userId}`, message: 'trainer.attendance.errors.statusMissing' });
    let detail: string | undefined;
    if (!errors.length) {
      try {
        await this.attendance.record(actor, id, userId, { status: status as AttendanceStatus, reason: reason || undefined });
        return redirectTo(`/trainer/sessions/${id}/attendance?saved=1#learner-${userId}`);
      } catch (e) {
        const r = refusal(e, `status-${userId}`, REFUSED);
        errors.push(r);
        detail = r.detail;
        res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
      }
    } else res.status(400);
    return { ...(await this.attendanceModel(actor, id)), errors, refusalDetail: detail };
  }

  @Get('trainer/sessions/:id/report')
  @Page({ template: 'trainer/report', title: 'trainer.report.title' })
  async report(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query('resolved') resolved?: string) {
    return { ...(await this.reportModel(actor, id)), resolved: resolved === '1' };
  }

  /**
   * The uploaded Zoom/Teams/CSV export, through VcImportService. The form is multipart, so its
   * CSRF token travels in the action's query (checked before multer reads the body; see csrf.ts).
   */
  @Post('trainer/sessions/:id/report')
  @UseInterceptors(FileInterceptor('file'))
  @Page({ template: 'trainer/report', title: 'trainer.report.title' })
  async upload(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) res: Response,
    @UploadedFile() file?: { buffer: Buffer; originalname?: string },
  ) {
    let result: VcImportResult | undefined;
    const errors: FieldError[] = [];
    let detail: string | undefined;
    if (!file?.buffer?.length) {
      errors.push({ field: 'file', message: 'trainer.report.errors.fileMissing' });
      res.status(400);
    } else {
      try {
        result = await this.imports.importReport(actor, id, file.buffer);
      } catch (e) {
        const r = refusal(e, 'file', { invalid: 'trainer.report.errors.notReport', forbidden: 'trainer.attendance.errors.ownAttendance' });
        errors.push(r);
        detail = r.detail;
        res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
      }
    }
    const imported = result && {
      formatKey: `trainer.report.format.${result.format}`,
      matched: result.matched.length, review: result.review.length,
      created: result.created, updated: result.updated, unchanged: result.unchanged, keptManual: result.keptManual,
      warnings: result.warnings.map((w) => ({ line: w.line, words: [reportWords(w.message)] })),
    };
    return { ...(await this.reportModel(actor, id)), errors, refusalDetail: detail, imported };
  }

  /** One person of the review list was this learner (their attendance is recorded from the report's minutes). */
  @Post('trainer/sessions/:id/review/:itemId/assign')
  @Page({ template: 'trainer/report', title: 'trainer.report.title' })
  async assign(
    @CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('itemId') itemId: string,
    @Body() body: Form, @Res({ passthrough: true }) res: Response,
  ) {
    const userId = text(body.userId);
    if (!UUID.test(userId)) {
      res.status(400);
      return { ...(await this.reportModel(actor, id)), errors: [{ field: `learner-${itemId}`, message: 'trainer.report.errors.learnerMissing' }] };
    }
    return this.resolve(actor, id, itemId, res, () => this.reviews.assign(actor, itemId, { userId }));
  }

  /** Not one of our learners (a guest, a colleague): off the list. */
  @Post('trainer/sessions/:id/review/:itemId/dismiss')
  @Page({ template: 'trainer/report', title: 'trainer.report.title' })
  async dismiss(
    @CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('itemId') itemId: string,
    @Body() body: Form, @Res({ passthrough: true }) res: Response,
  ) {
    const reason = text(body.reason).slice(0, 500) || undefined;
    return this.resolve(actor, id, itemId, res, () => this.reviews.dismiss(actor, itemId, reason));
  }

  private async resolve(actor: Actor, id: string, itemId: string, res: Response, decide: () => Promise<unknown>) {
    // The item must be on this session's list (another city's answers 404 from the service).
    const pending = await this.reviews.pendingReview(actor, id);
    try {
      if (!pending.some((i) => i.id === itemId)) throw new DomainError('conflict', `review item ${itemId} is not waiting on this session's list`);
      await decide();
      return redirectTo(`/trainer/sessions/${id}/report?resolved=1`);
    } catch (e) {
      const r = refusal(e, `learner-${itemId}`, {
        forbidden: 'trainer.attendance.errors.ownAttendance', conflict: 'trainer.report.errors.cannotResolve',
      });
      res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
      return { ...(await this.reportModel(actor, id)), errors: [r], refusalDetail: r.detail };
    }
  }

  private async attendanceModel(actor: Actor, id: string) {
    const [session, roster] = await Promise.all([this.sessions.get(actor, id), this.attendance.rosterForSession(actor, id)]);
    return {
      session,
      learners: roster.map((r) => ({
        ...r,
        statusKey: r.status ? `trainer.status.${r.status}` : 'trainer.status.none',
        sourceKey: r.source && SOURCES.includes(r.source) ? `trainer.source.${r.source}` : null,
        options: ATTENDANCE_STATUSES.map((s) => ({ value: s, label: `trainer.status.${s}`, selected: s === r.status })),
      })),
    };
  }

  private async reportModel(actor: Actor, id: string) {
    const [session, pending, roster] = await Promise.all([
      this.sessions.get(actor, id), this.reviews.pendingReview(actor, id), this.attendance.rosterForSession(actor, id),
    ]);
    return {
      session, pending: pending.map((i) => ({ ...i, words: [reportWords(i.reason)] })),
      learners: roster.map((r) => ({ userId: r.userId, name: r.name, email: r.email })),
    };
  }
}

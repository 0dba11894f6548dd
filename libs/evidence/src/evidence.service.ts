import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, DomainError, forbidden, invalid, notFound } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { programmeOfCity, ReevaluationService } from '@academy/programmes';
import { sniffEvidenceFile } from './file-type.js';

export type SubmissionStatus = 'submitted' | 'accepted' | 'returned';

export interface NewSubmission {
  kind: string;
  moduleCode?: string;
  body?: string;
  url?: string;
  file?: { name: string; content: Buffer };
}

export interface SubmissionView {
  id: string;
  programmeId: string;
  moduleCode: string | null;
  learnerId: string;
  learnerName: string;
  kind: string;
  body: string | null;
  url: string | null;
  file: { name: string; contentType: string; size: number } | null;
  status: SubmissionStatus;
  reviewComment: string | null;
  submittedAt: string;
  reviewedAt: string | null;
}

const SELECT = `
  SELECT s.id, s.programme_id, m.code AS module_code, s.user_id, u.name AS learner_name, s.kind, s.body, s.url,
         s.file_name, s.content_type, octet_length(s.content) AS size, s.status, s.review_comment,
         s.submitted_at, s.reviewed_at
    FROM submissions s JOIN users u ON u.id = s.user_id LEFT JOIN modules m ON m.id = s.module_id`;

const toView = (r: any): SubmissionView => ({
  id: r.id, programmeId: r.programme_id, moduleCode: r.module_code, learnerId: r.user_id,
  learnerName: r.learner_name, kind: r.kind, body: r.body, url: r.url,
  file: r.file_name ? { name: r.file_name, contentType: r.content_type, size: r.size } : null,
  status: r.status, reviewComment: r.review_comment, submittedAt: r.submitted_at.toISOString(),
  reviewedAt: r.reviewed_at?.toISOString() ?? null,
});

/**
 * SQL: whether the person whose id is the parameter `trainer` (e.g. `$3`) delivers what
 * submission `s` belongs to — a session of its module in its programme (programme-wide
 * evidence: any session of the programme). The one statement of whose evidence a trainer
 * reviews, for the review and for the list of what to review.
 */
const DELIVERS = (trainer: string) => `EXISTS (SELECT 1 FROM session_trainers t JOIN sessions ss ON ss.id = t.session_id
                         WHERE t.user_id = ${trainer} AND ss.programme_id = s.programme_id
                           AND (s.module_id IS NULL OR ss.module_id = s.module_id))`;

/**
 * Evidence learners hand in — reflections, zines, policy exercises, a final assignment —
 * and the trainer's review. Accepting evidence after closing re-evaluates the learner.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly reevaluation: ReevaluationService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  async submit(actor: Actor, programmeId: string, s: NewSubmission): Promise<SubmissionView> {
    const [enrolment] = await this.ds.query(
      `SELECT e.module_codes FROM enrolments e JOIN programmes p ON p.id = e.programme_id
        WHERE e.programme_id = $1 AND e.user_id = $2 AND p.city_id = $3`,
      [programmeId, actor.id, actor.cityId],
    );
    if (!enrolment) throw notFound('programme', programmeId);
    if (!s.body && !s.url && !s.file) throw invalid('body: give a text, a url or a file');
    if (s.file && s.file.content.length > this.config.submissionMaxBytes) {
      throw new DomainError('too-large', `file: larger than ${this.config.submissionMaxBytes} bytes`);
    }
    let moduleId: string | null = null;
    if (s.moduleCode) {
      const code = s.moduleCode.toUpperCase();
      const [mod] = await this.ds.query(
        `SELECT m.id FROM programme_modules pm JOIN modules m ON m.id = pm.module_id
          WHERE pm.programme_id = $1 AND m.code = $2`,
        [programmeId, code],
      );
      if (!mod || (enrolment.module_codes && !enrolment.module_codes.includes(code))) {
        throw invalid(`moduleCode: you are not enrolled in ${code} in this programme`);
      }
      moduleId = mod.id;
    }
    const contentType = s.file ? sniffEvidenceFile(s.file.content) : null;
    if (s.file && !contentType) throw invalid('file: only PDF, PNG or JPEG files are accepted');
    const [row] = await this.ds.query(
      `INSERT INTO submissions (programme_id, module_id, user_id, kind, body, url, file_name, content_type, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [programmeId, moduleId, actor.id, s.kind, s.body ?? null, s.url ?? null, s.file?.name ?? null, contentType,
        s.file?.content ?? null],
    );
    return this.get(actor, row.id);
  }

  async get(actor: Actor, id: string): Promise<SubmissionView> {
    const [row] = await this.ds.query(
      `${SELECT} JOIN programmes p ON p.id = s.programme_id WHERE s.id = $1 AND p.city_id = $2`,
      [id, actor.cityId],
    );
    if (!row || (actor.role === 'learner' && row.user_id !== actor.id)) throw notFound('submission', id);
    return toView(row);
  }

  async mine(actor: Actor): Promise<SubmissionView[]> {
    const rows = await this.ds.query(`${SELECT} WHERE s.user_id = $1 ORDER BY s.submitted_at DESC`, [actor.id]);
    return rows.map(toView);
  }

  async forProgramme(actor: Actor, programmeId: string, status?: SubmissionStatus): Promise<SubmissionView[]> {
    // Another city's programme (or none) is not found, like everywhere else: not an empty list.
    await programmeOfCity(this.ds, actor, programmeId);
    const rows = await this.ds.query(
      `${SELECT} JOIN programmes p ON p.id = s.programme_id
        WHERE s.programme_id = $1 AND p.city_id = $2 AND ($3::submission_status IS NULL OR s.status = $3)
        ORDER BY s.submitted_at`,
      [programmeId, actor.cityId, status ?? null],
    );
    return rows.map(toView);
  }

  /**
   * What the caller may review, oldest first: in their city, never their own, and for a
   * trainer only what they deliver (as `review` decides); waiting for review before reviewed.
   */
  async toReview(actor: Actor, limit = 200): Promise<SubmissionView[]> {
    if (actor.role === 'learner') throw forbidden('only trainers and administrators review evidence');
    const rows = await this.ds.query(
      `${SELECT} JOIN programmes p ON p.id = s.programme_id
        WHERE p.city_id = $1 AND s.user_id <> $2 AND ($3 OR ${DELIVERS('$2')})
        ORDER BY (s.status <> 'submitted'), s.submitted_at
        LIMIT $4`,
      [actor.cityId, actor.id, actor.role !== 'trainer', limit],
    );
    return rows.map(toView);
  }

  async file(actor: Actor, id: string): Promise<{ name: string; contentType: string; content: Buffer }> {
    await this.get(actor, id);
    const [row] = await this.ds.query(`SELECT file_name, content_type, content FROM submissions WHERE id = $1`, [id]);
    if (!row.content) throw notFound('file of submission', id);
    return { name: row.file_name, contentType: row.content_type, content: row.content };
  }

  /** A trainer or administrator accepts the evidence or returns it with a comment. */
  async review(actor: Actor, id: string, decision: 'accept' | 'return', comment?: string): Promise<SubmissionView> {
    if (actor.role === 'learner') throw forbidden('only trainers and administrators review evidence');
    const status: SubmissionStatus = decision === 'accept' ? 'accepted' : 'returned';
    await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT s.status, s.user_id, s.programme_id, p.status AS programme_status,
                ${DELIVERS('$3')} AS delivers
           FROM submissions s JOIN programmes p ON p.id = s.programme_id
          WHERE s.id = $1 AND p.city_id = $2 FOR UPDATE OF s`,
        [id, actor.cityId, actor.id],
      );
      if (!row) throw notFound('submission', id);
      // Separation of duties: never one's own work; a trainer only for what they teach.
      if (row.user_id === actor.id) throw forbidden('separation of duties: nobody reviews their own evidence');
      if (actor.role === 'trainer' && !row.delivers) {
        throw forbidden(
          'separation of duties: trainers review evidence only for modules whose sessions they deliver in this programme',
        );
      }
      if (row.status === status) return;
      await m.query(
        `UPDATE submissions SET status = $2, reviewer_id = $3, review_comment = $4, reviewed_at = now() WHERE id = $1`,
        [id, status, actor.id, comment ?? null],
      );
      await this.reevaluation.markChanged(m, row.programme_id, [row.user_id]);
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: `submission.${status}`, entity: 'submission', entityId: id,
        before: { status: row.status }, after: { status, comment: comment ?? null },
      });
      if (row.programme_status === 'closed') await this.reevaluation.enqueue(row.programme_id, [row.user_id], { manager: m });
    });
    return this.get(actor, id);
  }
}

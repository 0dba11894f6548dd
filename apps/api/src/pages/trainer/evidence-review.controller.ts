import { Body, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type Actor, DomainError } from '@academy/common';
import { EvidenceService } from '@academy/evidence';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { UuidParam } from '../../common/validation.js';
import { ReviewDto } from '../../evidence/evidence.controller.js';
import { dtoErrors } from '../dto-errors.js';
import { evidenceRow } from '../evidence/evidence.controller.js';
import { text } from '../form-fields.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { refusal } from './refusals.js';

type Form = Record<string, unknown>;

/**
 * Evidence to review: what the trainer may review (EvidenceService.toReview — the modules
 * whose sessions they deliver, never their own), accepted or returned with a comment by
 * EvidenceService.review, as POST /api/submissions/{id}/review; the same roles and tenancy.
 */
@PageController()
@Roles('trainer', 'admin')
export class TrainerEvidencePages {
  constructor(private readonly evidence: EvidenceService) {}

  @Get('trainer/evidence')
  @Page({ template: 'trainer/evidence', title: 'review.title' })
  async list(@CurrentActor() actor: Actor, @Query('reviewed') reviewed?: string) {
    return { ...(await this.model(actor)), reviewed: reviewed === 'accepted' || reviewed === 'returned' ? `review.done.${reviewed}` : null };
  }

  @Post('trainer/evidence/:id/review')
  @Page({ template: 'trainer/evidence', title: 'review.title' })
  async review(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: Form, @Res({ passthrough: true }) res: Response) {
    const form = { decision: text(body.decision), comment: text(body.comment) || undefined };
    const { errors } = await dtoErrors(ReviewDto, form, (f) => `review.errors.${f}`);
    // Another city's submission is not found before anything else is said about it.
    await this.evidence.get(actor, id);
    if (errors.length) {
      res.status(400);
      return { ...(await this.model(actor)), errors: errors.map((e) => ({ ...e, field: `${e.field}-${id}` })), values: { id, ...form } };
    }
    try {
      const done = await this.evidence.review(actor, id, form.decision as 'accept' | 'return', form.comment);
      return redirectTo(`/trainer/evidence?reviewed=${done.status}#submission-${id}`);
    } catch (e) {
      const r = refusal(e, `decision-${id}`, { forbidden: 'review.errors.notYours' });
      res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
      return { ...(await this.model(actor)), errors: [{ field: r.field, message: r.message }], refusalDetail: r.detail, values: { id, ...form } };
    }
  }

  private async model(actor: Actor) {
    const items = await this.evidence.toReview(actor);
    return {
      submissions: items.map((s) => ({ ...s, ...evidenceRow(s), waiting: s.status === 'submitted' })),
      decisions: [
        { value: 'accept', label: 'review.accept' },
        { value: 'return', label: 'review.return' },
      ],
    };
  }
}

import { Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Actor, DomainError } from '@academy/common';
import { SelectionService } from '@academy/selection';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { UuidParam } from '../../common/validation.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { refusal } from '../trainer/refusals.js';
import { MyLearningModel } from './my-learning.model.js';

const OUTCOMES = ['applied', 'selected', 'waiting', 'left'] as const;

/** The refusals of SelectionService.apply / withdraw, in the viewer's words. */
const REFUSED = {
  conflict: 'places.errors.audience',
  forbidden: 'places.errors.trainer',
  'not-found': 'places.errors.noApplication',
} as const;

/**
 * My learning, and applying for a place in a session with limited places (and withdrawing):
 * SelectionService.apply and .withdraw, as POST /api/sessions/{id}/applications[/…/withdraw].
 */
@PageController()
export class MyLearningPages {
  constructor(
    private readonly model: MyLearningModel,
    private readonly selection: SelectionService,
  ) {}

  @Get('learning')
  @Page({ template: 'learning/my-learning', title: 'learning.title' })
  async myLearning(@CurrentActor() actor: Actor, @Req() req: Request, @Query('session') session?: string, @Query('outcome') outcome?: string) {
    const model = await this.model.build(actor, req);
    const done = (OUTCOMES as readonly string[]).includes(outcome ?? '') ? outcome : undefined;
    const place = done && model.places.find((p) => p.id === session);
    return { ...model, outcome: place ? { key: `places.outcome.${done}`, moduleCode: place.moduleCode } : undefined };
  }

  @Post('learning/sessions/:id/apply')
  @Page({ template: 'learning/my-learning', title: 'learning.title' })
  async apply(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      const { status } = await this.selection.apply(actor, id, actor.id);
      return redirectTo(`/learning?session=${id}&outcome=${status}#place-${id}`);
    } catch (e) {
      return this.refused(e, actor, id, req, res);
    }
  }

  @Post('learning/sessions/:id/withdraw')
  @Page({ template: 'learning/my-learning', title: 'learning.title' })
  async withdraw(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      await this.selection.withdraw(actor, id, actor.id);
      return redirectTo(`/learning?session=${id}&outcome=left#place-${id}`);
    } catch (e) {
      return this.refused(e, actor, id, req, res);
    }
  }

  /**
   * A refusal said on My learning, beside the session's card. A session that is not on it
   * (another city's, or none) is the 404 page, as everywhere: only "no application to
   * withdraw" is a not-found said in words.
   */
  private async refused(e: unknown, actor: Actor, id: string, req: Request, res: Response) {
    const model = await this.model.build(actor, req);
    if (e instanceof DomainError && e.code === 'not-found' && !model.places.some((p) => p.id === id)) throw e;
    const r = refusal(e, `place-${id}`, REFUSED);
    res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
    return { ...model, errors: [{ field: r.field, message: r.message }], refusalDetail: r.detail };
  }
}

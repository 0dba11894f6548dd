import { Body, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type Actor, DomainError } from '@academy/common';
import { AREAS, CONCERNS, FORMATS, KNOWLEDGE_LEVELS, NECESSITY_SCALE, type NeedsAnswers, SurveysService } from '@academy/surveys';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { NeedsAnswersDto } from '../../surveys/surveys.controller.js';
import { dtoErrors } from '../dto-errors.js';
import { text } from '../form-fields.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { refusal } from '../trainer/refusals.js';

type Form = Record<string, unknown>;
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
const RANKS = FORMATS.map((_, i) => i + 1);

/** The form's fields as the API's answer (the same DTO checks it): ratings as numbers, the formats in the order chosen. */
function answersOf(body: Form) {
  const yesNo = text(body.hadDataProtectionTraining);
  return {
    knowledgeLevel: text(body.knowledgeLevel) || undefined,
    hadDataProtectionTraining: yesNo === 'yes' ? true : yesNo === 'no' ? false : undefined,
    necessity: Object.fromEntries(AREAS.map((a) => [a.key, Number(text(body[`necessity-${a.key}`])) || undefined])),
    concerns: list(body.concerns),
    otherConcern: text(body.otherConcern).slice(0, 500) || undefined,
    preferredFormats: RANKS.map((r) => text(body[`format${r}`])).filter(Boolean),
  };
}

/** The field an error of the DTO points at on the page. */
const fieldOf = (path: string) =>
  path.startsWith('necessity.') ? `necessity-${path.slice('necessity.'.length)}` : path === 'preferredFormats' ? 'format1' : path;

/**
 * The needs assessment, answered once: SurveysService.answer (as POST
 * /api/surveys/needs-assessment/responses, with the same checks); once answered, the page
 * says when it was received. A second answer is refused in words (409).
 */
@PageController()
@Roles('learner', 'trainer', 'admin')
export class NeedsAssessmentPages {
  constructor(private readonly surveys: SurveysService) {}

  @Get('learning/needs-assessment')
  @Page({ template: 'surveys/needs-assessment', title: 'needs.title' })
  async show(@CurrentActor() actor: Actor) {
    return this.model(await this.surveys.answeredAt(actor));
  }

  @Post('learning/needs-assessment')
  @Page({ template: 'surveys/needs-assessment', title: 'needs.title' })
  async answer(@CurrentActor() actor: Actor, @Body() body: Form, @Res({ passthrough: true }) res: Response) {
    const answers = answersOf(body);
    const { errors } = await dtoErrors(NeedsAnswersDto, answers, (f) => `needs.errors.${f}`);
    // An area's rating is named with its area ("Choose how necessary training in … is").
    const shown = errors.map((e) => {
      const area = e.field.startsWith('necessity.') ? e.field.slice('necessity.'.length) : null;
      return area
        ? { field: fieldOf(e.field), message: 'needs.errors.necessity', area: `needs.area.${area}` }
        : { field: fieldOf(e.field), message: e.message };
    });
    if (shown.length) {
      res.status(400);
      return { ...this.model(null, answers), errors: shown.filter((e, i) => shown.findIndex((x) => x.field === e.field) === i) };
    }
    try {
      await this.surveys.answer(actor, answers as NeedsAnswers);
      return redirectTo('/learning/needs-assessment');
    } catch (e) {
      const r = refusal(e, 'knowledgeLevel', { conflict: 'needs.errors.already' });
      res.status(DOMAIN_ERROR_STATUS[(e as DomainError).code]);
      return { ...this.model(await this.surveys.answeredAt(actor)), errors: [{ field: r.field, message: r.message }], refused: true };
    }
  }

  private model(answeredAt: string | null, values?: ReturnType<typeof answersOf>) {
    return {
      answeredAt,
      levels: KNOWLEDGE_LEVELS.map((v) => ({ value: v, label: `needs.level.${v}`, checked: values?.knowledgeLevel === v })),
      training: ['yes', 'no'].map((v) => ({
        value: v, label: `needs.${v}`,
        checked: values?.hadDataProtectionTraining !== undefined && values.hadDataProtectionTraining === (v === 'yes'),
      })),
      areas: AREAS.map((a) => ({
        key: a.key, label: `needs.area.${a.key}`,
        options: NECESSITY_SCALE.map((_, i) => ({ value: i + 1, label: `needs.scale.${i + 1}`, checked: values?.necessity[a.key] === i + 1 })),
      })),
      concerns: CONCERNS.map((c) => ({ value: c, label: `needs.concern.${c}`, checked: values?.concerns.includes(c) ?? false })),
      otherConcern: values?.otherConcern,
      ranks: RANKS.map((r) => ({
        rank: r, label: `needs.rank.${r}`,
        options: FORMATS.map((f) => ({ value: f, label: `needs.format.${f}`, selected: values?.preferredFormats[r - 1] === f })),
      })),
    };
  }
}

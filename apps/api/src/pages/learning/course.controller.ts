import { Body, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Actor, DomainError } from '@academy/common';
import { MyProgrammesService } from '@academy/programmes';
import { type KnowledgeCheckView, KnowledgeChecksService, type LessonView, LessonsService } from '@academy/self-paced';
import { type FieldError, lessonHtml } from '@academy/web';
import { CurrentActor } from '../../auth/auth.decorators.js';
import { Page, PageController, PageResponse, redirectTo } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';

type Form = Record<string, unknown>;
const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/**
 * Self-paced modules in the browser: the lessons in order, "mark as done", and the knowledge
 * check, through the same services as /api/modules/{code}/lessons and /knowledge-check (the
 * order of lessons, the attempts and what is withheld before submitting are theirs).
 */
@PageController('learning/modules')
export class CoursePages {
  constructor(
    private readonly lessons: LessonsService,
    private readonly checks: KnowledgeChecksService,
    private readonly programmes: MyProgrammesService,
    private readonly pages: PageContextService,
  ) {}

  @Get(':code')
  @Page({ template: 'learning/module', title: 'course.title' })
  async module(@CurrentActor() actor: Actor, @Param('code') code: string, @Req() req: Request) {
    const { language, lessons, module } = await this.read(actor, code, req);
    const check = await this.checkOrNull(actor, module.code, language);
    const next = lessons.find((l) => !l.done);
    return {
      module, lessons: lessons.map((l) => ({ ...l, href: this.lessonHref(module.code, l.position) })),
      nextHref: next ? this.lessonHref(module.code, next.position) : null,
      check, checkHref: `/learning/modules/${module.code}/check`,
      note: this.note(lessons[0] ?? null),
    };
  }

  @Get(':code/lessons/:position')
  @Page({ template: 'learning/lesson', title: 'course.lesson.title' })
  async lesson(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('position', ParseIntPipe) position: number, @Req() req: Request) {
    return this.lessonModel(actor, code, position, req);
  }

  /** Marks the lesson done (in order: the service refuses a lesson before an earlier one), then on to the next. */
  @Post(':code/lessons/:position/done')
  @Page({ template: 'learning/lesson', title: 'course.lesson.title' })
  async done(
    @CurrentActor() actor: Actor, @Param('code') code: string, @Param('position', ParseIntPipe) position: number,
    @Req() req: Request, @Res({ passthrough: true }) res: Response,
  ) {
    const model = await this.lessonModel(actor, code, position, req);
    try {
      await this.lessons.markDone(actor, model.lesson.id);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'conflict') throw e;
      // Taken in order: say which lesson comes first, in words.
      const { lessons } = await this.read(actor, code, req);
      const earlier = lessons.find((l) => !l.done && l.position < position);
      res.status(409);
      return {
        ...model,
        refusal: earlier
          ? { key: 'course.lesson.notInOrder', position: earlier.position, lesson: earlier.title, href: this.lessonHref(model.module.code, earlier.position) }
          : { key: 'course.lesson.notInOrderGeneric' },
      };
    }
    return redirectTo(model.nextHref ?? `/learning/modules/${model.module.code}?done=${position}`);
  }

  @Get(':code/check')
  @Page({ template: 'learning/check', title: 'course.check.title' })
  async check(@CurrentActor() actor: Actor, @Param('code') code: string, @Req() req: Request) {
    return this.checkModel(actor, code, req);
  }

  @Post(':code/check')
  @Page({ template: 'learning/check-result', title: 'course.result.title' })
  async submit(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Form, @Req() req: Request) {
    const model = await this.checkModel(actor, code, req);
    const answers = model.check.questions.map((q) => {
      const v = body[`q${q.index}`];
      return typeof v === 'string' && /^\d{1,2}$/.test(v) ? Number(v) : null;
    });
    const errors: FieldError[] = answers.flatMap((a, i) => (a === null || a >= model.check.questions[i].options.length
      ? [{ field: `q${i}-0`, message: 'course.check.unanswered', number: i + 1 }] : []));
    const failed = (status: number, extra: Record<string, unknown>) => {
      throw new PageResponse(status, 'learning/check', 'course.check.title', { ...model, ...extra });
    };
    if (errors.length) return failed(400, { errors, chosen: answers });
    try {
      const result = await this.checks.submit(actor, model.module.code, answers, model.language);
      return {
        module: model.module, result,
        scorePercent: Math.round(result.score * 100),
        maxAttempts: result.attemptsUsed + result.attemptsLeft,
        moduleHref: `/learning/modules/${model.module.code}`, checkHref: `/learning/modules/${model.module.code}/check`,
        review: result.feedback
          ? model.check.questions.map((q, i) => ({
            number: i + 1, prompt: q.prompt, right: !result.wrongQuestions?.includes(i), feedback: result.feedback![i],
          }))
          : null,
      };
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== 'conflict' && e.code !== 'invalid')) throw e;
      return failed(e.code === 'conflict' ? 409 : 400, { refusal: e.code === 'conflict' ? 'course.check.noAttemptLeft' : 'course.check.invalid' });
    }
  }

  private lessonHref(code: string, position: number) {
    return `/learning/modules/${code}/lessons/${position}`;
  }

  /** The module's lessons (in the reader's language) and its title as My learning shows it. */
  private async read(actor: Actor, code: string, req: Request) {
    if (!CODE.test(code)) throw new DomainError('not-found', `module ${code} was not found`);
    const { language } = await this.pages.viewer(req);
    const [lessons, mine] = await Promise.all([this.lessons.list(actor, code, language), this.programmes.list(actor, language)]);
    const found = mine.flatMap((p) => p.modules).find((m) => m.code === code.toUpperCase());
    const module = { code: code.toUpperCase(), title: found?.title ?? code.toUpperCase(), attended: found?.attended ?? false };
    return { language, lessons, module };
  }

  private async lessonModel(actor: Actor, code: string, position: number, req: Request) {
    const { lessons, module } = await this.read(actor, code, req);
    const lesson = lessons.find((l) => l.position === position);
    if (!lesson) throw new DomainError('not-found', `lesson ${position} of ${code} was not found`);
    const next = lessons.find((l) => l.position > position);
    return {
      module, lesson, total: lessons.length,
      bodyHtml: lesson.body === null ? null : lessonHtml(lesson.body),
      note: this.note(lesson),
      moduleHref: `/learning/modules/${module.code}`,
      action: `${this.lessonHref(module.code, position)}/done`,
      previousHref: position > 1 ? this.lessonHref(module.code, position - 1) : null,
      nextHref: next ? this.lessonHref(module.code, next.position) : `/learning/modules/${module.code}/check`,
      nextIsCheck: !next,
    };
  }

  private async checkModel(actor: Actor, code: string, req: Request) {
    const { language, module } = await this.read(actor, code, req);
    const check: KnowledgeCheckView = await this.checks.forLearner(actor, module.code, language);
    return {
      module, check, language,
      questions: check.questions.map((q) => ({ ...q, number: q.index + 1 })),
      moduleHref: `/learning/modules/${module.code}`,
      canAnswer: check.attemptsLeft > 0 && !check.passed,
      passPercent: Math.round(check.passMark * 100),
      note: check.languageFallback ? this.noteOf(check.language) : null,
    };
  }

  private async checkOrNull(actor: Actor, code: string, language: string): Promise<KnowledgeCheckView | null> {
    try {
      return await this.checks.forLearner(actor, code, language);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'not-found') return null;
      throw e;
    }
  }

  /** "Shown in …" when the text is not in the language asked for. */
  private note(lesson: LessonView | null) {
    return lesson?.languageFallback ? this.noteOf(lesson.language) : null;
  }

  private noteOf(language: string | null) {
    const name = this.pages.messages.languages.find((l) => l.code === language)?.name ?? language ?? '';
    return { language: name, lang: language };
  }
}

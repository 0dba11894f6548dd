import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse,
  ApiNotFoundResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags,
} from '@nestjs/swagger';
import { Allow, ArrayMaxSize, IsArray, IsInt } from 'class-validator';
import type { Actor } from '@academy/common';
import { KnowledgeChecksService, LessonsService, SelfPacedProgressService } from '@academy/self-paced';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';
import { LanguageQuery } from '../catalogue/catalogue.controller.js';

// The bodies below are checked field by field by the domain (libs/self-paced/src/validation.ts),
// whose messages name the exact path: `questions[2].correctIndex must be less than the number of options (3)`.

export class LessonDto {
  @ApiPropertyOptional({ description: 'Keep this existing lesson of the module (and learners\' progress on it); omit for a new lesson' })
  id?: string;
  @ApiProperty({ enum: ['text', 'video', 'reading'] }) kind: 'text' | 'video' | 'reading';
  @ApiProperty({ example: 'Why public digital goods matter', maxLength: 200 }) title: string;
  @ApiPropertyOptional({ description: 'Text of the lesson (required for kind "text")', maxLength: 100000 }) body?: string;
  @ApiPropertyOptional({ example: 'https://video.example/dpg', description: 'http(s) link (required for kind "video")' })
  url?: string;
}

export class ReplaceLessonsDto {
  @ApiProperty({ type: [LessonDto], description: 'The whole list, in reading order (at most 100); [] removes every lesson' })
  @Allow()
  lessons: LessonDto[];
}

export class QuestionDto {
  @ApiProperty({ example: 'Which of these is a digital public good?', maxLength: 2000 }) prompt: string;
  @ApiProperty({ example: ['An open-source land registry', 'A proprietary app store'], minItems: 2, maxItems: 8 })
  options: string[];
  @ApiProperty({ example: 0, description: 'Index in options of the right answer; never shown to learners' })
  correctIndex: number;
}

export class KnowledgeCheckDto {
  @ApiProperty({ example: 0.75, minimum: 0, maximum: 1, description: 'Share of questions to answer right: 0.75 = 75 % (3 of 4)' })
  @Allow()
  passMark: number;
  @ApiProperty({ example: 3, minimum: 1, maximum: 100 }) @Allow() maxAttempts: number;
  @ApiProperty({ type: [QuestionDto], description: '1 to 100 questions, in order' }) @Allow() questions: QuestionDto[];
}

export class AttemptDto {
  @ApiProperty({ example: [0, 2, 1, 3], description: 'One option index per question, in question order' })
  @IsArray() @ArrayMaxSize(100) @IsInt({ each: true })
  answers: number[];
}

const LANGUAGE_NOTE =
  "Texts come in the language asked for (`lang`), else the caller's own language, else their city's default " +
  "language; a text without that version falls back to the city's default, then English. `language` says which " +
  'language the texts are in, `languageFallback` is true when that is not the one requested (`requestedLanguage`).';

/**
 * The MOOC format: self-paced modules made of lessons and a knowledge check. Administrators
 * write them; learners enrolled in a programme containing the module work through them.
 */
@ApiTags('self-paced')
@ApiBearerAuth()
@Controller('api')
export class SelfPacedController {
  constructor(
    private readonly lessons: LessonsService,
    private readonly checks: KnowledgeChecksService,
    private readonly progress: SelfPacedProgressService,
  ) {}

  @Put('modules/:code/lessons')
  @Roles('admin', 'platform')
  @ApiOperation({
    summary: "Replace a module's ordered lesson list (a module with lessons is self-paced)",
    description:
      'Entries with the id of an existing lesson keep it and its progress; lessons left out are deleted. ' +
      "A shared catalogue module's lessons are changed by the platform role only; a city's own module's by its administrators.",
  })
  @ApiBadRequestResponse({ description: 'e.g. `lessons[1].url is required for a video lesson`' })
  @ApiForbiddenResponse({ description: 'A shared module (city administrators: use the variant route), or a trainer' })
  @ApiNotFoundResponse({ description: "No such module (another city's module is not found either)" })
  replaceLessons(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReplaceLessonsDto) {
    return this.lessons.replace(actor, code, dto.lessons);
  }

  @Put('modules/:code/variant/lessons')
  @Roles('admin')
  @ApiOperation({
    summary: "Your city's own lesson list for a shared module; only your city's learners follow it",
    description: "Other cities keep the shared list. The variant starts empty: send the whole list (ids of your variant's lessons keep them).",
  })
  @ApiBadRequestResponse({ description: "e.g. the module is your city's own (use PUT /api/modules/{code}/lessons)" })
  replaceVariantLessons(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReplaceLessonsDto) {
    return this.lessons.replace(actor, code, dto.lessons, true);
  }

  @Get('modules/:code/lessons')
  @ApiOperation({
    summary: "A module's lessons in order, each with `done` for the caller (learners: when enrolled)",
    description: LANGUAGE_NOTE,
  })
  @ApiForbiddenResponse({ description: 'A learner not enrolled in a programme with this module' })
  listLessons(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() q: LanguageQuery) {
    return this.lessons.list(actor, code, q.lang);
  }

  @Post('lessons/:id/done')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a lesson done (idempotent, in order); returns the module progress',
    description:
      'Lessons are taken in order: 409 while an earlier lesson of the module is not done. The first time ' +
      're-evaluates the learner in a closed programme, and in a self-paced one (where certificates follow progress).',
  })
  @ApiConflictResponse({ description: 'An earlier lesson of the module is not done yet; the message names it' })
  lessonDone(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.lessons.markDone(actor, id);
  }

  @Put('modules/:code/knowledge-check')
  @Roles('admin', 'platform')
  @ApiOperation({
    summary: "Create or replace a module's knowledge check",
    description:
      'Once learners attempted it, only maxAttempts may change (otherwise 409). ' +
      "A shared catalogue module's check is changed by the platform role only; a city's own module's by its administrators.",
  })
  @ApiBadRequestResponse({ description: 'e.g. `questions[2].correctIndex must be less than the number of options (3)`' })
  @ApiConflictResponse({ description: 'The check already has attempts' })
  @ApiForbiddenResponse({ description: 'A shared module (city administrators: use the variant route), or a trainer' })
  defineCheck(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: KnowledgeCheckDto) {
    return this.checks.define(actor, code, dto);
  }

  @Put('modules/:code/variant/knowledge-check')
  @Roles('admin')
  @ApiOperation({
    summary: "Your city's own knowledge check for a shared module; only your city's learners take it",
    description: 'Other cities keep the shared check. Once your learners attempted it, only maxAttempts may change.',
  })
  @ApiConflictResponse({ description: 'The check already has attempts' })
  defineVariantCheck(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: KnowledgeCheckDto) {
    return this.checks.define(actor, code, dto, true);
  }

  @Get('modules/:code/knowledge-check/definition')
  @Roles('admin', 'platform')
  @ApiOperation({
    summary: 'The knowledge check with its answer key, for those who may change it',
    description:
      "The platform role: the shared catalogue's check. A city's administrator: their own module's check or their " +
      "city's variant of a shared one (the shared answer key is refused, 403).",
  })
  @ApiForbiddenResponse({ description: 'Not allowed to change this check, so not allowed to see its answers' })
  checkDefinition(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.checks.definition(actor, code);
  }

  @Get('modules/:code/knowledge-check')
  @ApiOperation({
    summary: 'The knowledge check for the caller: questions and options without answers, attempts used and left, best result',
    description: LANGUAGE_NOTE,
  })
  @ApiOkResponse({
    description: '`wrongQuestions` on attempts and `feedback` on questions appear only once the check is passed or no attempt is left',
  })
  check(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() q: LanguageQuery) {
    return this.checks.forLearner(actor, code, q.lang);
  }

  @Post('modules/:code/knowledge-check/attempts')
  @ApiOperation({ summary: 'Answer the knowledge check: score, pass, attempts left' })
  @ApiCreatedResponse({ description: 'The scored attempt; `wrongQuestions` and `feedback` only once passed or out of attempts' })
  @ApiBadRequestResponse({ description: 'Not one valid option index per question (no attempt used)' })
  @ApiConflictResponse({ description: 'Every attempt is used' })
  attempt(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: AttemptDto, @Query() q: LanguageQuery) {
    return this.checks.submit(actor, code, dto.answers, q.lang);
  }

  @Get('me/progress/:moduleCode')
  @ApiOperation({ summary: 'My progress in a self-paced module: lessons done, check passed, attended' })
  myProgress(@CurrentActor() actor: Actor, @Param('moduleCode') code: string) {
    return this.progress.mine(actor, code);
  }
}

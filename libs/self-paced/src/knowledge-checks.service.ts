import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { type Actor, conflict, forbidden, notFound, type Queryable } from '@academy/common';
import { attemptsLeft, bestAttempt, requiredCorrect, reviewAvailable, scoreAttempt } from './scoring.js';
import {
  canBrowse, definitionFor, editableOwner, invalidInput, type ModuleRef, moduleByCode, requireEnrolment,
} from './self-paced-access.js';
import { type LanguageNote, languageNote, localised, type ReaderLanguage, readerLanguage } from './reader-language.js';
import { SelfPacedProgressService } from './self-paced-progress.service.js';
import { type QuestionInput, validateAnswers, validateKnowledgeCheck } from './validation.js';

/** A question as learners see it: never the right answer. */
export interface QuestionView {
  /** Index in `answers` (0-based). */
  index: number;
  prompt: string;
  options: string[];
  /** Why the right answer is right: only once the check is passed or no attempt is left. */
  feedback?: string | null;
}

export interface AttemptView {
  number: number;
  correct: number;
  total: number;
  /** Share of questions answered right, four decimals. */
  score: number;
  passed: boolean;
  submittedAt: string;
  /** Indexes of the questions answered wrong: only once the check is passed or no attempt is left. */
  wrongQuestions?: number[];
}

/** The learner's view of a module's knowledge check. No answer key, ever. */
export interface KnowledgeCheckView extends LanguageNote {
  moduleCode: string;
  /** Raised when what the check scores changed after learners attempted it; attempts are counted per version. */
  version: number;
  /** Share of right answers needed to pass, 0..1. */
  passMark: number;
  /** Right answers needed with this many questions. */
  questionsToPass: number;
  maxAttempts: number;
  attemptsUsed: number;
  attemptsLeft: number;
  passed: boolean;
  best: AttemptView | null;
  attempts: AttemptView[];
  /** `wrongQuestions` are shown (the check is passed or every attempt is used). */
  reviewAvailable: boolean;
  questions: QuestionView[];
}

export interface AttemptResult extends AttemptView {
  moduleCode: string;
  /** The check is passed (by this attempt or an earlier one). */
  checkPassed: boolean;
  attemptsUsed: number;
  attemptsLeft: number;
  /** Per question, why the right answer is right (in the reader's language): only once passed or out of attempts. */
  feedback?: (string | null)[];
}

/** The view of those who may change the check, with the answer key. */
export interface KnowledgeCheckDefinition {
  moduleCode: string;
  /** `shared`: the coalition's check; `city`: a city's own (of its own module, or its variant of a shared one). */
  scope: 'shared' | 'city';
  passMark: number;
  maxAttempts: number;
  questions: QuestionInput[];
  attempts: number;
  updatedAt: string;
}

interface CheckRow {
  id: string;
  pass_mark: string;
  max_attempts: number;
  version: number;
}

interface QuestionRow {
  prompt: string;
  prompts: Record<string, string>;
  options: string[];
  option_texts: Record<string, string[]>;
  feedbacks: Record<string, string>;
}

/** A question's prompt, options and feedback, all in the language of its prompt. */
function questionIn(q: QuestionRow, reader: ReaderLanguage) {
  const prompt = localised(q.prompts, reader, q.prompt);
  const options = (prompt.language && q.option_texts[prompt.language]) || q.options;
  const feedback = prompt.language ? (q.feedbacks[prompt.language] ?? null) : null;
  return { prompt: prompt.text, options, feedback, language: prompt.language };
}

/**
 * Knowledge checks of self-paced modules: one multiple-choice check per module, passed with a
 * share of right answers (`passMark`, 0..1) within `maxAttempts` attempts. The answer key
 * (`correct_index`) stays in the database: learners get the score and the number right, and
 * which questions were wrong only once that can no longer help them pass.
 */
@Injectable()
export class KnowledgeChecksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly progress: SelfPacedProgressService,
  ) {}

  /**
   * Creates or replaces the module's check. Once learners have attempted it, its questions
   * and pass mark are fixed (409): scores already given must keep their meaning. The attempt
   * limit may still change.
   *
   * Without `variant`: the module's own check (the shared catalogue's, by the platform role; a
   * city's own module's, by its administrators). With `variant`: the caller's city's own check
   * for a shared module, which only that city's learners take from then on.
   */
  async define(actor: Actor, moduleCode: string, input: unknown, variant = false): Promise<KnowledgeCheckDefinition> {
    if (actor.role !== 'admin' && actor.role !== 'platform') throw forbidden('only administrators change knowledge checks');
    const checked = validateKnowledgeCheck(input);
    if (!checked.ok) throw invalidInput(checked.problems);
    const next = checked.value;
    const { mod, owner } = await this.ds.transaction(async (m) => {
      const mod = await moduleByCode(m, actor, moduleCode, true);
      const owner = editableOwner(actor, mod, 'knowledge check', variant);
      const [current]: (CheckRow & { attempts: number })[] = await m.query(
        `SELECT c.id, c.pass_mark, c.max_attempts,
                (SELECT count(*)::int FROM check_attempts a WHERE a.check_id = c.id) AS attempts
           FROM knowledge_checks c WHERE c.module_id = $1 AND c.city_id IS NOT DISTINCT FROM $2 FOR UPDATE`,
        [mod.id, owner],
      );
      const before = current ? await this.definitionOf(m, mod, current.id) : null;
      if (current && current.attempts > 0) {
        const same = Number(current.pass_mark) === next.passMark && isDeepStrictEqual(before!.questions, next.questions);
        if (!same) {
          throw conflict(
            `the knowledge check of ${mod.code} already has ${current.attempts} attempt(s): ` +
              'its questions and pass mark can no longer change (maxAttempts can)',
          );
        }
        if (current.max_attempts === next.maxAttempts) return { mod, owner };
        await m.query(`UPDATE knowledge_checks SET max_attempts = $2, seeded = false, updated_at = now() WHERE id = $1`, [
          current.id,
          next.maxAttempts,
        ]);
      } else {
        let checkId = current?.id;
        if (checkId) {
          await m.query(
            `UPDATE knowledge_checks SET pass_mark = $2, max_attempts = $3, seeded = false, updated_at = now() WHERE id = $1`,
            [checkId, next.passMark, next.maxAttempts],
          );
          await m.query(`DELETE FROM check_questions WHERE check_id = $1`, [checkId]);
        } else {
          [{ id: checkId }] = await m.query(
            `INSERT INTO knowledge_checks (module_id, city_id, pass_mark, max_attempts) VALUES ($1, $2, $3, $4) RETURNING id`,
            [mod.id, owner, next.passMark, next.maxAttempts],
          );
        }
        await m.query(
          `INSERT INTO check_questions (check_id, position, prompt, options, correct_index)
           SELECT $1, q.position, q.prompt, ARRAY(SELECT json_array_elements_text(q.options)), q.correct_index
             FROM json_to_recordset($2::json) AS q(position int, prompt text, options json, correct_index int)`,
          [checkId, JSON.stringify(next.questions.map((q, i) => ({
            position: i + 1, prompt: q.prompt, options: q.options, correct_index: q.correctIndex,
          })))],
        );
      }
      // Filed under the city whose check changed; the shared catalogue's under the coalition (the platform's row).
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: current ? 'knowledge-check.replaced' : 'knowledge-check.created',
        entity: 'module', entityId: mod.code,
        before: before ? { passMark: before.passMark, maxAttempts: before.maxAttempts, questions: before.questions.length } : null,
        after: { passMark: next.passMark, maxAttempts: next.maxAttempts, questions: next.questions.length, shared: owner === null },
      });
      return { mod, owner };
    });
    const [row] = await this.ds.query(
      `SELECT id FROM knowledge_checks WHERE module_id = $1 AND city_id IS NOT DISTINCT FROM $2`, [mod.id, owner],
    );
    return (await this.definitionOf(this.ds, mod, row.id))!;
  }

  /**
   * The check with its answer key, for those who may change it: the platform role for the
   * shared catalogue's check, a city's administrators for their city's own check (of their
   * own module, or their variant of a shared one). Anyone else gets 403.
   */
  async definition(actor: Actor, moduleCode: string): Promise<KnowledgeCheckDefinition> {
    if (actor.role !== 'admin' && actor.role !== 'platform') throw forbidden('only administrators see the answer key');
    const mod = await moduleByCode(this.ds, actor, moduleCode);
    const owner = actor.role === 'platform' ? null : actor.cityId;
    if (actor.role === 'platform' && mod.cityId !== null) {
      throw forbidden(`the answer key of a city's own module is for that city's administrators`);
    }
    const [row] = await this.ds.query(
      `SELECT id FROM knowledge_checks WHERE module_id = $1 AND city_id IS NOT DISTINCT FROM $2`, [mod.id, owner],
    );
    if (!row && owner !== null && mod.cityId === null) {
      throw forbidden(
        `the answer key of the shared check of ${mod.code} is for the coalition's academy team; ` +
          `your city can define its own at /api/modules/${mod.code}/variant/knowledge-check`,
      );
    }
    const found = row ? await this.definitionOf(this.ds, mod, row.id) : null;
    if (!found) throw notFound('knowledge check of module', mod.code);
    return found;
  }

  /**
   * The check as the caller may see it, in the language asked for (`lang`, else their own, else
   * their city's default): the check the caller's city follows (its own, else the shared one),
   * questions and options, their attempts at its current version, no answer key; the feedback
   * only once it can no longer help to pass.
   */
  async forLearner(actor: Actor, moduleCode: string, lang?: string): Promise<KnowledgeCheckView> {
    const mod = await moduleByCode(this.ds, actor, moduleCode);
    if (!canBrowse(actor)) await requireEnrolment(this.ds, actor, mod);
    const check = await this.checkOf(this.ds, actor, mod);
    const reader = await readerLanguage(this.ds, actor, lang);
    const questions = (
      await this.ds.query(
        // Never select correct_index here.
        `SELECT prompt, prompts, options, option_texts, feedbacks FROM check_questions WHERE check_id = $1 ORDER BY position`,
        [check.id],
      )
    ).map((q: QuestionRow) => questionIn(q, reader));
    const all = await this.ds.query(
      `SELECT attempt_no, correct, score, passed, submitted_at, answers, check_version FROM check_attempts
        WHERE user_id = $1 AND check_id = $2 ORDER BY attempt_no`,
      [actor.id, check.id],
    );
    // A pass at an earlier version stays a pass; attempts are counted at the current one.
    const rows = all.filter((r: any) => r.check_version === check.version);
    const passMark = Number(check.pass_mark);
    const passed = all.some((r: any) => r.passed);
    const left = attemptsLeft(check.max_attempts, rows.length);
    const review = reviewAvailable({ passed, attemptsLeft: left });
    const key = review ? await this.keyOf(this.ds, check.id) : null;
    const attempts: AttemptView[] = rows.map((r: any) => ({
      number: r.attempt_no, correct: r.correct, total: questions.length, score: Number(r.score), passed: r.passed,
      submittedAt: r.submitted_at.toISOString(),
      ...(key ? { wrongQuestions: scoreAttempt(key, r.answers, passMark).wrongQuestions } : {}),
    }));
    return {
      moduleCode: mod.code,
      version: check.version,
      ...languageNote(questions[0]?.language ?? null, reader),
      passMark,
      questionsToPass: requiredCorrect(passMark, questions.length),
      maxAttempts: check.max_attempts,
      attemptsUsed: rows.length,
      attemptsLeft: left,
      passed,
      best: bestAttempt(attempts),
      attempts,
      reviewAvailable: review,
      questions: questions.map((q: ReturnType<typeof questionIn>, index: number) => ({
        index, prompt: q.prompt, options: q.options, ...(review ? { feedback: q.feedback } : {}),
      })),
    };
  }

  /**
   * Scores an attempt. 409 when no attempt is left; 400 when the answers are not one valid
   * option index per question (such a request does not use an attempt).
   */
  async submit(actor: Actor, moduleCode: string, answers: unknown, lang?: string): Promise<AttemptResult> {
    const mod = await moduleByCode(this.ds, actor, moduleCode);
    await requireEnrolment(this.ds, actor, mod);
    const reader = await readerLanguage(this.ds, actor, lang);
    return this.ds.transaction(async (m) => {
      await this.progress.lockLearner(m, actor.id);
      // FOR SHARE: an administrator cannot replace the check while an attempt is scored.
      // The check the learner's city follows: its own, else the shared one.
      const [check]: CheckRow[] = await m.query(
        `SELECT k.id, k.pass_mark, k.max_attempts, k.version FROM knowledge_checks k
           JOIN module_definitions d ON d.check_id = k.id AND d.module_id = $1 AND d.city_id = $2
            FOR SHARE OF k`,
        [mod.id, actor.cityId],
      );
      if (!check) throw notFound('knowledge check of module', mod.code);
      const [done] = await m.query(
        `SELECT count(*) FILTER (WHERE check_version = $3)::int AS used, COALESCE(max(attempt_no), 0) AS last,
                COALESCE(bool_or(passed), false) AS passed
           FROM check_attempts WHERE user_id = $1 AND check_id = $2`,
        [actor.id, check.id, check.version],
      );
      if (attemptsLeft(check.max_attempts, done.used) === 0) {
        throw conflict(
          `no attempt left: all ${check.max_attempts} attempt(s) at the knowledge check of ${mod.code} are used`,
        );
      }
      const questions: (QuestionRow & { correct_index: number })[] = await m.query(
        `SELECT prompt, prompts, options, option_texts, feedbacks, correct_index FROM check_questions
          WHERE check_id = $1 ORDER BY position`,
        [check.id],
      );
      const problems = validateAnswers(answers, questions.map((q) => q.options.length));
      if (problems.length) throw invalidInput(problems);
      const given = answers as number[];
      const passMark = Number(check.pass_mark);
      const scored = scoreAttempt(questions.map((q) => q.correct_index), given, passMark);
      const used = done.used + 1;
      const number = done.last + 1;
      const [row] = await m.query(
        `INSERT INTO check_attempts (user_id, check_id, attempt_no, answers, correct, score, passed, check_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING submitted_at`,
        [actor.id, check.id, number, given, scored.correct, scored.score, scored.passed, check.version],
      );
      // The facts the rule sets read change only when the check becomes passed.
      if (scored.passed && !done.passed) await this.progress.recordChange(m, actor, mod);
      const checkPassed = done.passed || scored.passed;
      const left = attemptsLeft(check.max_attempts, used);
      const result: AttemptResult = {
        moduleCode: mod.code,
        number,
        correct: scored.correct,
        total: scored.total,
        score: scored.score,
        passed: scored.passed,
        submittedAt: row.submitted_at.toISOString(),
        checkPassed,
        attemptsUsed: used,
        attemptsLeft: left,
        ...(reviewAvailable({ passed: checkPassed, attemptsLeft: left })
          ? { wrongQuestions: scored.wrongQuestions, feedback: questions.map((q) => questionIn(q, reader).feedback) }
          : {}),
      };
      return result;
    });
  }

  private async checkOf(q: Queryable, actor: Actor, mod: ModuleRef): Promise<CheckRow> {
    const { checkId } = await definitionFor(q, actor, mod);
    const [check] = checkId
      ? await q.query(`SELECT id, pass_mark, max_attempts, version FROM knowledge_checks WHERE id = $1`, [checkId])
      : [];
    if (!check) throw notFound('knowledge check of module', mod.code);
    return check;
  }

  private async keyOf(q: Queryable, checkId: string): Promise<number[]> {
    const rows = await q.query(`SELECT correct_index FROM check_questions WHERE check_id = $1 ORDER BY position`, [checkId]);
    return rows.map((r: { correct_index: number }) => r.correct_index);
  }

  private async definitionOf(q: Queryable, mod: ModuleRef, checkId: string): Promise<KnowledgeCheckDefinition | null> {
    const [row] = await q.query(
      `SELECT c.pass_mark, c.max_attempts, c.updated_at, c.city_id,
              (SELECT count(*)::int FROM check_attempts a WHERE a.check_id = c.id) AS attempts,
              (SELECT COALESCE(json_agg(json_build_object('prompt', x.prompt, 'options', x.options,
                        'correctIndex', x.correct_index) ORDER BY x.position), '[]')
                 FROM check_questions x WHERE x.check_id = c.id) AS questions
         FROM knowledge_checks c WHERE c.id = $1`,
      [checkId],
    );
    if (!row) return null;
    return {
      moduleCode: mod.code, scope: row.city_id === null ? 'shared' : 'city', passMark: Number(row.pass_mark), maxAttempts: row.max_attempts, questions: row.questions,
      attempts: row.attempts, updatedAt: row.updated_at.toISOString(),
    };
  }
}


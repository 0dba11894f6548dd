/**
 * Validation of what administrators and learners send for self-paced modules, as pure
 * functions. Every problem names the field the way a JSON path would:
 * `questions[2].correctIndex must be less than the number of options (3)`.
 */

export interface Problem {
  field: string;
  message: string;
}

export const LESSON_KINDS = ['text', 'video', 'reading'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

export const LIMITS = {
  lessons: 100,
  lessonTitle: 200,
  lessonBody: 100_000,
  url: 2000,
  questions: 100,
  prompt: 2000,
  minOptions: 2,
  maxOptions: 8,
  option: 500,
  maxAttempts: 100,
} as const;

export interface LessonInput {
  /** An existing lesson of the module to keep (with the learners' progress); omit for a new one. */
  id?: string;
  kind: LessonKind;
  title: string;
  body: string | null;
  url: string | null;
}

export interface QuestionInput {
  prompt: string;
  options: string[];
  correctIndex: number;
}

export interface KnowledgeCheckInput {
  /** Share of right answers needed, 0..1. */
  passMark: number;
  maxAttempts: number;
  questions: QuestionInput[];
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(problems: Problem[], path: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (!known.includes(key)) problems.push({ field, message: `${field} is not a known field` });
  }
}

function text(
  problems: Problem[],
  field: string,
  value: unknown,
  max: number,
  { required }: { required: boolean },
): string | null {
  if (value === undefined || value === null) {
    if (required) problems.push({ field, message: `${field} is required` });
    return null;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    problems.push({ field, message: `${field} must be a text of 1 to ${max} characters` });
    return null;
  }
  return value;
}

function httpUrl(problems: Problem[], field: string, value: unknown): string | null {
  const s = text(problems, field, value, LIMITS.url, { required: false });
  if (s === null) return null;
  let ok = false;
  try {
    const u = new URL(s);
    ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0;
  } catch {
    ok = false;
  }
  if (!ok) problems.push({ field, message: `${field} must be an http or https address` });
  return ok ? s : null;
}

/**
 * The ordered lesson list of a module. A text lesson needs a body, a video lesson a url,
 * a reading a body or a url (or both). An empty list makes the module live-only again.
 */
export function validateLessons(input: unknown, path = 'lessons'): Validated<LessonInput[]> {
  const problems: Problem[] = [];
  if (!Array.isArray(input)) {
    return { ok: false, problems: [{ field: path, message: `${path} must be a list of lessons` }] };
  }
  if (input.length > LIMITS.lessons) {
    return { ok: false, problems: [{ field: path, message: `${path} must have at most ${LIMITS.lessons} lessons` }] };
  }
  const lessons: LessonInput[] = [];
  const seenIds = new Map<string, number>();
  input.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(raw)) {
      problems.push({ field: at, message: `${at} must be an object with kind, title and body or url` });
      return;
    }
    const before = problems.length;
    unknownKeys(problems, at, raw, ['id', 'kind', 'title', 'body', 'url']);
    let id: string | undefined;
    if (raw.id !== undefined) {
      if (typeof raw.id !== 'string' || !UUID.test(raw.id)) {
        problems.push({ field: `${at}.id`, message: `${at}.id must be the UUID of a lesson of this module` });
      } else {
        id = raw.id.toLowerCase();
        const first = seenIds.get(id);
        if (first !== undefined) {
          problems.push({ field: `${at}.id`, message: `${at}.id repeats ${path}[${first}].id` });
        } else seenIds.set(id, i);
      }
    }
    const kind = raw.kind as LessonKind;
    if (!LESSON_KINDS.includes(kind)) {
      problems.push({ field: `${at}.kind`, message: `${at}.kind must be one of ${LESSON_KINDS.join(', ')}` });
    }
    const title = text(problems, `${at}.title`, raw.title, LIMITS.lessonTitle, { required: true });
    const body = text(problems, `${at}.body`, raw.body, LIMITS.lessonBody, { required: false });
    const url = httpUrl(problems, `${at}.url`, raw.url);
    if (problems.length === before) {
      if (kind === 'text' && body === null) {
        problems.push({ field: `${at}.body`, message: `${at}.body is required for a text lesson` });
      } else if (kind === 'video' && url === null) {
        problems.push({ field: `${at}.url`, message: `${at}.url is required for a video lesson` });
      } else if (kind === 'reading' && body === null && url === null) {
        problems.push({ field: `${at}.body`, message: `${at}.body or ${at}.url is required for a reading` });
      }
    }
    if (problems.length === before) lessons.push({ ...(id ? { id } : {}), kind, title: title!, body, url });
  });
  return problems.length ? { ok: false, problems } : { ok: true, value: lessons };
}

/** A module's knowledge check: pass mark (share 0..1), attempt limit and 1..100 questions. */
export function validateKnowledgeCheck(input: unknown): Validated<KnowledgeCheckInput> {
  const problems: Problem[] = [];
  if (!isObject(input)) {
    return { ok: false, problems: [{ field: '$', message: 'the body must be an object with passMark, maxAttempts and questions' }] };
  }
  unknownKeys(problems, '', input, ['passMark', 'maxAttempts', 'questions']);

  const { passMark, maxAttempts, questions } = input;
  if (passMark === undefined) problems.push({ field: 'passMark', message: 'passMark is required' });
  else if (typeof passMark !== 'number' || !Number.isFinite(passMark) || passMark < 0 || passMark > 1) {
    problems.push({
      field: 'passMark',
      message: 'passMark must be a share from 0 to 1 of the questions answered right (0.75 for 75%)',
    });
  } else if (Math.round(passMark * 10_000) / 10_000 !== passMark) {
    problems.push({ field: 'passMark', message: 'passMark must have at most 4 decimals (0.6667 for two thirds)' });
  }
  if (maxAttempts === undefined) problems.push({ field: 'maxAttempts', message: 'maxAttempts is required' });
  else if (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1 || (maxAttempts as number) > LIMITS.maxAttempts) {
    problems.push({ field: 'maxAttempts', message: `maxAttempts must be a whole number from 1 to ${LIMITS.maxAttempts}` });
  }

  const parsed: QuestionInput[] = [];
  if (questions === undefined) problems.push({ field: 'questions', message: 'questions is required' });
  else if (!Array.isArray(questions) || questions.length < 1 || questions.length > LIMITS.questions) {
    problems.push({ field: 'questions', message: `questions must be a list of 1 to ${LIMITS.questions} questions` });
  } else {
    questions.forEach((raw, i) => {
      const at = `questions[${i}]`;
      if (!isObject(raw)) {
        problems.push({ field: at, message: `${at} must be an object with prompt, options and correctIndex` });
        return;
      }
      const before = problems.length;
      unknownKeys(problems, at, raw, ['prompt', 'options', 'correctIndex']);
      const prompt = text(problems, `${at}.prompt`, raw.prompt, LIMITS.prompt, { required: true });
      const options = raw.options;
      let optionCount: number | null = null;
      if (options === undefined) problems.push({ field: `${at}.options`, message: `${at}.options is required` });
      else if (!Array.isArray(options) || options.length < LIMITS.minOptions || options.length > LIMITS.maxOptions) {
        problems.push({
          field: `${at}.options`,
          message: `${at}.options must be a list of ${LIMITS.minOptions} to ${LIMITS.maxOptions} answers`,
        });
      } else {
        optionCount = options.length;
        const seen = new Map<string, number>();
        options.forEach((o, j) => {
          const value = text(problems, `${at}.options[${j}]`, o, LIMITS.option, { required: true });
          if (value === null) return;
          const norm = value.trim().toLowerCase();
          const first = seen.get(norm);
          if (first !== undefined) {
            problems.push({ field: `${at}.options[${j}]`, message: `${at}.options[${j}] repeats ${at}.options[${first}]` });
          } else seen.set(norm, j);
        });
      }
      const ci = raw.correctIndex;
      if (ci === undefined) problems.push({ field: `${at}.correctIndex`, message: `${at}.correctIndex is required` });
      else if (!Number.isInteger(ci) || (ci as number) < 0) {
        problems.push({ field: `${at}.correctIndex`, message: `${at}.correctIndex must be a whole number from 0` });
      } else if (optionCount !== null && (ci as number) >= optionCount) {
        problems.push({
          field: `${at}.correctIndex`,
          message: `${at}.correctIndex must be less than the number of options (${optionCount})`,
        });
      }
      if (problems.length === before) {
        parsed.push({ prompt: prompt!, options: options as string[], correctIndex: ci as number });
      }
    });
  }
  return problems.length
    ? { ok: false, problems }
    : { ok: true, value: { passMark: passMark as number, maxAttempts: maxAttempts as number, questions: parsed } };
}

/** A learner's answers: exactly one option index per question, in question order. */
export function validateAnswers(answers: unknown, optionCounts: readonly number[]): Problem[] {
  if (!Array.isArray(answers)) return [{ field: 'answers', message: 'answers must be a list of option indexes' }];
  if (answers.length !== optionCounts.length) {
    return [{
      field: 'answers',
      message: `answers must have ${optionCounts.length} entries, one per question (got ${answers.length})`,
    }];
  }
  const problems: Problem[] = [];
  answers.forEach((a, i) => {
    const n = optionCounts[i];
    if (!Number.isInteger(a) || a < 0 || a >= n) {
      problems.push({ field: `answers[${i}]`, message: `answers[${i}] must be an option index from 0 to ${n - 1}` });
    }
  });
  return problems;
}

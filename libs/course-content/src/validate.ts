import { basename } from 'node:path';
import { LESSON_KINDS, MATERIAL_AUDIENCES, MATERIAL_FORMATS, type Problem } from './types.js';

/** Languages every localised text must have. */
export const REQUIRED_LANGUAGES = ['en', 'sq'] as const;

/** Limits of the format; the self-paced module API accepts the same sizes. */
export const LIMITS = {
  title: 200,
  description: 2000,
  body: 100_000,
  prompt: 2000,
  option: 500,
  feedback: 2000,
  url: 2000,
  lessons: 100,
  materials: 100,
  questions: 100,
  minOptions: 2,
  maxOptions: 8,
  minMinutes: 1,
  maxMinutes: 600,
  maxAttempts: 100,
} as const;

const MODULE_CODE = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

/**
 * What a Markdown body must not contain: the pages render a small subset (see the README),
 * so raw HTML, a level-1 heading, headings below level 3, images and links that are not https
 * are reported rather than rendered in some surprising way.
 */
export function markdownProblems(text: string): string[] {
  const found: string[] = [];
  const html = /<!--|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/.exec(text);
  if (html) found.push(`contains raw HTML (${JSON.stringify(html[0].slice(0, 40))}); write Markdown instead`);
  if (/^ {0,3}#(?!#)\s/m.test(text)) found.push('has a level-1 heading (#); the page shows the title, use ## or ###');
  if (/^ {0,3}#{4,}\s/m.test(text)) found.push('has a heading below level 3 (####); use ## or ###');
  if (/!\[[^\]]*\]\(/.test(text)) found.push('has an image; images are not part of the Markdown subset');
  for (const m of text.matchAll(/(?<!!)\[[^\]]*\]\(\s*([^)\s]*)[^)]*\)/g)) {
    if (!isHttpsUrl(m[1])) found.push(`links to ${JSON.stringify(m[1])}; links must be absolute https addresses`);
  }
  return found;
}

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname.length > 0;
  } catch {
    return false;
  }
}

interface TextRules {
  max: number;
  markdown?: boolean;
}

/** Collects the problems of one document and the languages each localised field has. */
class Checker {
  readonly problems: Problem[] = [];
  /** Path of every well-formed localised field → its language codes. */
  private readonly languagesByField = new Map<string, Set<string>>();

  constructor(private readonly file: string) {}

  add(path: string, message: string): void {
    this.problems.push({ file: this.file, path, message });
  }

  /** The value as an object with only the known keys, or null (reported) when it is not one. */
  object(path: string, value: unknown, known: readonly string[], what: string): Record<string, unknown> | null {
    if (!isObject(value)) {
      this.add(path, `must be ${what}, not ${describe(value)}`);
      return null;
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.add(join(path, key), `is not a field of the format (known: ${known.join(', ')})`);
    }
    return value;
  }

  list(path: string, value: unknown, min: number, max: number, what: string): unknown[] | null {
    if (value === undefined) {
      this.add(path, 'is required');
      return null;
    }
    if (!Array.isArray(value)) {
      this.add(path, `must be a list of ${what}, not ${describe(value)}`);
      return null;
    }
    if (value.length < min || value.length > max) {
      this.add(path, `must have ${min} to ${max} ${what} (has ${value.length})`);
    }
    return value;
  }

  /** A `{ en, sq, ... }` object of non-empty strings. */
  localised(path: string, value: unknown, rules: TextRules): Record<string, string> | null {
    if (value === undefined) {
      this.add(path, 'is required');
      return null;
    }
    if (!isObject(value)) {
      this.add(path, `must be an object of texts by language (${REQUIRED_LANGUAGES.join(', ')}, …), not ${describe(value)}`);
      return null;
    }
    const languages = new Set<string>();
    for (const [language, text] of Object.entries(value)) {
      const at = join(path, language);
      if (!LANGUAGE.test(language)) {
        this.add(at, `"${language}" is not a language code (e.g. en, sq, de, pt-BR)`);
        continue;
      }
      languages.add(language);
      if (typeof text !== 'string') {
        this.add(at, `must be a text, not ${describe(text)}`);
      } else if (text.trim() === '') {
        this.add(at, 'is empty');
      } else if (text.length > rules.max) {
        this.add(at, `must be at most ${rules.max} characters (has ${text.length})`);
      } else if (rules.markdown) {
        for (const message of markdownProblems(text)) this.add(at, message);
      }
    }
    for (const language of REQUIRED_LANGUAGES) {
      if (!(language in value)) this.add(join(path, language), 'is required');
    }
    this.languagesByField.set(path, languages);
    return value as Record<string, string>;
  }

  slug(path: string, value: unknown, seen: Map<string, string>): void {
    if (value === undefined) return this.add(path, 'is required');
    if (typeof value !== 'string' || !SLUG.test(value)) {
      return this.add(path, `must be kebab-case (lower-case letters, digits and single hyphens), not ${JSON.stringify(value)}`);
    }
    const first = seen.get(value);
    if (first !== undefined) this.add(path, `"${value}" repeats ${first}`);
    else seen.set(value, path);
  }

  oneOf(path: string, value: unknown, allowed: readonly string[]): void {
    if (value === undefined) this.add(path, 'is required');
    else if (typeof value !== 'string' || !allowed.includes(value)) {
      this.add(path, `must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
    }
  }

  integer(path: string, value: unknown, min: number, max: number): void {
    if (value === undefined) this.add(path, 'is required');
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(path, `must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
    }
  }

  url(path: string, value: unknown): void {
    if (value === undefined) this.add(path, 'is required (null when there is none)');
    else if (value === null) return;
    else if (typeof value !== 'string' || value.length > LIMITS.url || !isHttpsUrl(value)) {
      this.add(path, `must be null or an https address, not ${JSON.stringify(value)}`);
    }
  }

  /**
   * Every localised field of a module has the same languages: a language present anywhere
   * must be present everywhere (the required ones are already reported field by field).
   */
  sameLanguagesEverywhere(): void {
    const all = new Set<string>();
    for (const languages of this.languagesByField.values()) for (const l of languages) all.add(l);
    const optional = [...all].filter((l) => !(REQUIRED_LANGUAGES as readonly string[]).includes(l)).sort();
    for (const [path, languages] of this.languagesByField) {
      for (const language of optional) {
        if (!languages.has(language)) {
          this.add(join(path, language), `is missing: other texts of this module are written in "${language}"`);
        }
      }
    }
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '$' ? key : `${path}.${key}`;
}

const MODULE_KEYS = ['code', 'title', 'description', 'lessons', 'knowledgeCheck', 'materials'] as const;
const LESSON_KEYS = ['slug', 'kind', 'minutes', 'title', 'body', 'url'] as const;
const CHECK_KEYS = ['passMark', 'maxAttempts', 'questions'] as const;
const QUESTION_KEYS = ['prompt', 'options', 'correctIndex', 'feedback'] as const;
const MATERIAL_KEYS = ['slug', 'audience', 'format', 'title', 'body', 'url'] as const;

/**
 * Every problem of one parsed module document, each with its JSON path; an empty list means
 * the value is a valid {@link ModuleContent}. `file` names the document in the problems and,
 * when it ends in `.json`, must be `<code>.json`. Pure: no file is read.
 */
export function validateModuleContent(value: unknown, file: string): Problem[] {
  const c = new Checker(file);
  const doc = c.object('$', value, MODULE_KEYS, 'an object with code, title, description, lessons, knowledgeCheck and materials');
  if (!doc) return c.problems;

  if (doc.code === undefined) c.add('code', 'is required');
  else if (typeof doc.code !== 'string' || !MODULE_CODE.test(doc.code)) {
    c.add('code', `must be an upper-case module code such as DHR-INTRO, not ${JSON.stringify(doc.code)}`);
  } else {
    const name = basename(file);
    if (name.endsWith('.json') && name !== `${doc.code}.json`) c.add('code', `is ${doc.code}, so the file must be named ${doc.code}.json`);
  }
  c.localised('title', doc.title, { max: LIMITS.title });
  c.localised('description', doc.description, { max: LIMITS.description });

  const lessons = c.list('lessons', doc.lessons, 0, LIMITS.lessons, 'lessons');
  const lessonSlugs = new Map<string, string>();
  lessons?.forEach((raw, i) => {
    const at = join('lessons', i);
    const lesson = c.object(at, raw, LESSON_KEYS, 'a lesson object');
    if (!lesson) return;
    c.slug(join(at, 'slug'), lesson.slug, lessonSlugs);
    c.oneOf(join(at, 'kind'), lesson.kind, LESSON_KINDS);
    c.integer(join(at, 'minutes'), lesson.minutes, LIMITS.minMinutes, LIMITS.maxMinutes);
    c.localised(join(at, 'title'), lesson.title, { max: LIMITS.title });
    c.localised(join(at, 'body'), lesson.body, { max: LIMITS.body, markdown: true });
    c.url(join(at, 'url'), lesson.url);
  });

  if (doc.knowledgeCheck === undefined) c.add('knowledgeCheck', 'is required (null for a module without lessons)');
  else if (doc.knowledgeCheck === null) {
    if (lessons && lessons.length > 0) c.add('knowledgeCheck', 'is required when the module has lessons');
  } else {
    const check = c.object('knowledgeCheck', doc.knowledgeCheck, CHECK_KEYS, 'an object with passMark, maxAttempts and questions');
    if (check) validateCheck(c, check);
  }

  const materials = c.list('materials', doc.materials, 0, LIMITS.materials, 'materials');
  const materialSlugs = new Map<string, string>();
  materials?.forEach((raw, i) => {
    const at = join('materials', i);
    const material = c.object(at, raw, MATERIAL_KEYS, 'a material object');
    if (!material) return;
    c.slug(join(at, 'slug'), material.slug, materialSlugs);
    c.oneOf(join(at, 'audience'), material.audience, MATERIAL_AUDIENCES);
    c.oneOf(join(at, 'format'), material.format, MATERIAL_FORMATS);
    c.localised(join(at, 'title'), material.title, { max: LIMITS.title });
    c.localised(join(at, 'body'), material.body, { max: LIMITS.body, markdown: true });
    c.url(join(at, 'url'), material.url);
  });

  c.sameLanguagesEverywhere();
  return c.problems;
}

function validateCheck(c: Checker, check: Record<string, unknown>): void {
  const { passMark } = check;
  if (passMark === undefined) c.add('knowledgeCheck.passMark', 'is required');
  else if (typeof passMark !== 'number' || !Number.isFinite(passMark) || passMark < 0 || passMark > 1) {
    c.add('knowledgeCheck.passMark', `must be a share from 0 to 1 (0.8 for 80%), not ${JSON.stringify(passMark)}`);
  }
  c.integer('knowledgeCheck.maxAttempts', check.maxAttempts, 1, LIMITS.maxAttempts);

  const questions = c.list('knowledgeCheck.questions', check.questions, 1, LIMITS.questions, 'questions');
  questions?.forEach((raw, i) => {
    const at = join('knowledgeCheck.questions', i);
    const q = c.object(at, raw, QUESTION_KEYS, 'a question object');
    if (!q) return;
    c.localised(join(at, 'prompt'), q.prompt, { max: LIMITS.prompt });
    const options = c.list(join(at, 'options'), q.options, LIMITS.minOptions, LIMITS.maxOptions, 'options');
    const seen = new Map<string, string>();
    options?.forEach((o, j) => {
      const texts = c.localised(join(join(at, 'options'), j), o, { max: LIMITS.option });
      if (!texts) return;
      // Two answers that read the same in some language cannot be told apart by a learner.
      for (const [language, text] of Object.entries(texts)) {
        if (typeof text !== 'string' || text.trim() === '') continue;
        const key = `${language}\u0000${text.trim().toLowerCase()}`;
        const first = seen.get(key);
        if (first !== undefined) c.add(join(join(join(at, 'options'), j), language), `repeats ${first}`);
        else seen.set(key, join(join(join(at, 'options'), j), language));
      }
    });
    const ci = q.correctIndex;
    if (ci === undefined) c.add(join(at, 'correctIndex'), 'is required');
    else if (typeof ci !== 'number' || !Number.isInteger(ci) || ci < 0) {
      c.add(join(at, 'correctIndex'), `must be a whole number from 0, not ${JSON.stringify(ci)}`);
    } else if (options && ci >= options.length) {
      c.add(join(at, 'correctIndex'), `is ${ci} but the question has ${options.length} options (0 to ${options.length - 1})`);
    }
    c.localised(join(at, 'feedback'), q.feedback, { max: LIMITS.feedback });
  });
}

/**
 * The shape of one module's course content, as kept in `content/<MODULE-CODE>.json`.
 * Every text a person reads is a {@link LocalisedText}; adding a language means adding
 * its key to every localised field of the module, with no change to code.
 */

/** Language code → text. English and Albanian are always present; other languages may be added. */
export type LocalisedText = Record<string, string> & { en: string; sq: string };

export const LESSON_KINDS = ['text', 'reading'] as const;
/** `text`: a lesson written here; `reading`: a text to read, optionally pointing to a public source (`url`). */
export type LessonKind = (typeof LESSON_KINDS)[number];

export const MATERIAL_AUDIENCES = ['learner', 'trainer'] as const;
/** `trainer` materials are never shown to learners. */
export type MaterialAudience = (typeof MATERIAL_AUDIENCES)[number];

export const MATERIAL_FORMATS = [
  'session-plan',
  'facilitator-guide',
  'slides',
  'reading',
  'case-study',
  'exercise',
  'debate-statements',
  'evaluation-form',
  'handout',
] as const;
export type MaterialFormat = (typeof MATERIAL_FORMATS)[number];

export interface LessonContent {
  /** kebab-case, unique among the module's lessons. */
  slug: string;
  kind: LessonKind;
  /** Estimated time to read or do the lesson. */
  minutes: number;
  /** At most 200 characters in every language. */
  title: LocalisedText;
  /** Markdown (see the README for the subset). */
  body: LocalisedText;
  /** A public https address, or null. */
  url: string | null;
}

export interface QuestionContent {
  prompt: LocalisedText;
  /** 2 to 8 answers. */
  options: LocalisedText[];
  /** 0-based index into options. */
  correctIndex: number;
  /** Why the right answer is right, shown after grading. */
  feedback: LocalisedText;
}

export interface KnowledgeCheckContent {
  /** Share of right answers needed to pass, 0..1. */
  passMark: number;
  /** 1 to 100. */
  maxAttempts: number;
  questions: QuestionContent[];
}

export interface MaterialContent {
  /** kebab-case, unique among the module's materials. */
  slug: string;
  audience: MaterialAudience;
  format: MaterialFormat;
  title: LocalisedText;
  /** Markdown (see the README for the subset). */
  body: LocalisedText;
  url: string | null;
}

export interface ModuleContent {
  /** The module code used across the platform, e.g. `DHR-INTRO`; also the file name. */
  code: string;
  title: LocalisedText;
  description: LocalisedText;
  /** In the order a learner takes them; empty for a module delivered only in sessions. */
  lessons: LessonContent[];
  /** Required when the module has lessons; null otherwise. */
  knowledgeCheck: KnowledgeCheckContent | null;
  materials: MaterialContent[];
}

/** One thing wrong with a content file: the file, the JSON path inside it, and what is wrong. */
export interface Problem {
  file: string;
  /** e.g. `lessons[2].body.sq`; `$` for the whole document. */
  path: string;
  message: string;
}

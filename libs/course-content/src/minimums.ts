import type { ModuleContent, Problem } from './types.js';

/**
 * The bar a course module of the catalogue must meet, beyond a valid file: the introduction and
 * every deep dive are real self-paced courses with a check and a trainer session plan a
 * facilitator can run, complete in English and Albanian, built on the pilots' facts.
 */
export const COURSE_MINIMUMS = {
  lessons: 3,
  /** Words of a lesson's body in each required language: a lesson, not a stub. */
  lessonWords: 300,
  questions: 5,
  /** Timed agenda entries (`10–25 min`) in a session plan. */
  timedSteps: 4,
  /** Words of a session plan in each language. */
  planWords: 700,
} as const;

/** The languages every course is complete in. */
export const COURSE_LANGUAGES = ['en', 'sq'] as const;

/** The introduction and one deep dive per thematic area. */
export const COURSE_MODULES = [
  'DHR-INTRO', 'DHR-INCLUSION', 'DHR-AUTONOMY', 'DHR-TRANSPARENCY', 'DHR-PARTICIPATION', 'DHR-PRIVACY', 'DHR-PUBLIC-GOODS',
] as const;

/** What the introduction must teach (PROGRAMMES.md §2–§4): the six areas, the two pilots, what a city can do. */
const INTRO_FACTS: { what: string; en: RegExp; sq: RegExp }[] = [
  { what: 'the area of digital inclusion, equality and equity', en: /inclusion/i, sq: /përfshirj/i },
  { what: 'the area of freedom, autonomy, control and self-determination', en: /autonomy/i, sq: /autonomi/i },
  { what: 'the area of transparency and accountability', en: /transparency/i, sq: /transparenc/i },
  { what: 'the area of public engagement and community participation', en: /participation/i, sq: /pjesëmarrj/i },
  { what: 'the area of privacy, safety, security and protection', en: /privacy/i, sq: /privatësi/i },
  { what: 'the area of public goods and open infrastructure', en: /public goods/i, sq: /të mirat publike|të mira publike/i },
  { what: 'the Tirana pilot', en: /Tirana/, sq: /Tiran/ },
  { what: 'the Dublin pilot', en: /Dublin/, sq: /Dublin/ },
  { what: 'what a city can do', en: /what a city can do/i, sq: /çfarë mund të bëjë/i },
];

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const timedSteps = (text: string) => (text.match(/\d+\s*[–-]\s*\d+\s*min/g) ?? []).length;

/**
 * Whatever keeps a course module below the bar, as problems naming the field (empty when it
 * meets it). Run on a module the validator already accepted.
 */
export function courseProblems(m: ModuleContent, file = `${m.code}.json`): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ file, path, message });

  if (m.lessons.length < COURSE_MINIMUMS.lessons) {
    add('lessons', `has ${m.lessons.length} lesson(s); a course has at least ${COURSE_MINIMUMS.lessons}`);
  }
  m.lessons.forEach((l, i) => {
    for (const lang of COURSE_LANGUAGES) {
      if (!l.title[lang]?.trim()) add(`lessons[${i}].title.${lang}`, 'is missing');
      const n = words(l.body[lang] ?? '');
      if (n < COURSE_MINIMUMS.lessonWords) {
        add(`lessons[${i}].body.${lang}`, `has ${n} words; a lesson has at least ${COURSE_MINIMUMS.lessonWords}`);
      }
    }
  });

  const check = m.knowledgeCheck;
  if (!check) add('knowledgeCheck', 'is missing; a course ends with a knowledge check');
  else {
    if (check.questions.length < COURSE_MINIMUMS.questions) {
      add('knowledgeCheck.questions', `has ${check.questions.length} question(s); a check has at least ${COURSE_MINIMUMS.questions}`);
    }
    check.questions.forEach((q, i) => {
      for (const lang of COURSE_LANGUAGES) {
        if (!q.prompt[lang]?.trim()) add(`knowledgeCheck.questions[${i}].prompt.${lang}`, 'is missing');
        if (!q.feedback[lang]?.trim()) add(`knowledgeCheck.questions[${i}].feedback.${lang}`, 'is missing: every question explains its answer');
        q.options.forEach((o, j) => {
          if (!o[lang]?.trim()) add(`knowledgeCheck.questions[${i}].options[${j}].${lang}`, 'is missing');
        });
      }
    });
  }

  if (!m.materials.some((x) => x.audience === 'learner')) add('materials', 'has no learner material (a reading or handout)');
  const plans = m.materials.map((x, i) => ({ x, i })).filter(({ x }) => x.audience === 'trainer' && x.format === 'session-plan');
  if (!plans.length) add('materials', 'has no trainer session plan');
  for (const { x, i } of plans) {
    for (const lang of COURSE_LANGUAGES) {
      const body = x.body[lang] ?? '';
      const at = `materials[${i}].body.${lang}`;
      if (words(body) < COURSE_MINIMUMS.planWords) add(at, `has ${words(body)} words; a session plan has at least ${COURSE_MINIMUMS.planWords}`);
      if (timedSteps(body) < COURSE_MINIMUMS.timedSteps) {
        add(at, `has ${timedSteps(body)} timed steps (e.g. "10–25 min"); a session plan has at least ${COURSE_MINIMUMS.timedSteps}`);
      }
      if ((body.match(/^##+ /gm) ?? []).length < 5) add(at, 'needs its sections as headings: objectives, preparation, agenda, activities, evaluation');
    }
    const en = x.body.en;
    for (const [what, pattern] of [
      ['preparation', /preparation/i],
      ['an agenda', /agenda/i],
      ['an evaluation', /evaluation/i],
      ['facilitator notes (what to ask, what to expect)', /ask|expect/i],
      ['an online or in-person variant', /online|in-person|in person/i],
    ] as const) {
      if (!pattern.test(en)) add(`materials[${i}].body.en`, `lacks ${what}`);
    }
  }

  if (m.code === 'DHR-INTRO') {
    const all = (lang: 'en' | 'sq') => m.lessons.map((l) => `${l.title[lang]}\n${l.body[lang]}`).join('\n');
    for (const fact of INTRO_FACTS) {
      for (const lang of COURSE_LANGUAGES) {
        if (!fact[lang].test(all(lang))) add(`lessons.${lang}`, `do not teach ${fact.what}`);
      }
    }
  } else if (m.code.startsWith('DHR-') && m.code !== 'DHR-TOT') {
    // A deep dive grounds its area in one of the pilots.
    const all = m.lessons.map((l) => l.body.en).join('\n');
    if (!/Tirana|Dublin/.test(all)) add('lessons.en', 'do not draw on the Tirana or Dublin pilot');
  }
  return problems;
}

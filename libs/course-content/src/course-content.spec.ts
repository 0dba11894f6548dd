import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOGUE } from '@academy/database';
import {
  COURSE_MODULES,
  courseProblems,
  CourseContentError,
  contentDir,
  loadCourseContent,
  localise,
  validateModuleContent,
  type ModuleContent,
  type Problem,
} from './index.js';

/** The modules every catalogue needs as self-paced courses: the introduction and the six deep dives. */
const REQUIRED_MODULES = [
  'DHR-INTRO',
  'DHR-INCLUSION',
  'DHR-AUTONOMY',
  'DHR-TRANSPARENCY',
  'DHR-PARTICIPATION',
  'DHR-PRIVACY',
  'DHR-PUBLIC-GOODS',
];

describe('the course content in the repository', () => {
  let modules: ModuleContent[];

  beforeAll(() => {
    modules = loadCourseContent();
  });

  it('is found from the sources by walking up to the project root', () => {
    expect(contentDir()).toBe(join(import.meta.dirname, '..', 'content'));
  });

  it('loads every file without a problem', () => {
    expect(() => loadCourseContent()).not.toThrow();
    expect(modules.length).toBeGreaterThan(0);
  });

  it('keeps the English module titles the catalogue seeds', () => {
    const seeded = new Map(CATALOGUE.map((m) => [m.code, m.title]));
    for (const m of modules) {
      if (seeded.has(m.code)) expect({ code: m.code, title: m.title.en }).toEqual({ code: m.code, title: seeded.get(m.code) });
    }
  });

  describe.each(REQUIRED_MODULES)('%s', (code) => {
    const find = () => {
      const m = modules.find((x) => x.code === code);
      if (!m) throw new Error(`${code}.json is missing from ${contentDir()}`);
      return m;
    };

    it('is a self-paced course of at least three lessons in English and Albanian', () => {
      const m = find();
      expect(m.lessons.length).toBeGreaterThanOrEqual(3);
      for (const lesson of m.lessons) {
        for (const language of ['en', 'sq']) {
          expect(lesson.title[language]?.trim()).toBeTruthy();
          expect(lesson.body[language]?.trim()).toBeTruthy();
        }
      }
    });

    it('has a knowledge check of at least five questions, each with feedback in both languages', () => {
      const check = find().knowledgeCheck;
      expect(check).not.toBeNull();
      expect(check!.questions.length).toBeGreaterThanOrEqual(5);
      for (const q of check!.questions) {
        expect(q.feedback.en.trim()).toBeTruthy();
        expect(q.feedback.sq.trim()).toBeTruthy();
      }
    });

    it('has a learner material and a trainer session plan', () => {
      const { materials } = find();
      expect(materials.filter((x) => x.audience === 'learner').length).toBeGreaterThanOrEqual(1);
      const plans = materials.filter((x) => x.audience === 'trainer' && x.format === 'session-plan');
      expect(plans.length).toBeGreaterThanOrEqual(1);
      for (const plan of plans) {
        expect(plan.body.en.trim()).toBeTruthy();
        expect(plan.body.sq.trim()).toBeTruthy();
      }
    });
  });
});

describe('the bar every course module meets (courseProblems)', () => {
  const modules = loadCourseContent();

  it.each(COURSE_MODULES)('%s meets it', (code) => {
    const m = modules.find((x) => x.code === code);
    expect(m).toBeDefined();
    expect(courseProblems(m!)).toEqual([]);
  });

  it('names what keeps a stub below it', () => {
    const stub = validModule();
    stub.code = 'DHR-INTRO';
    const paths = courseProblems(stub, 'DHR-INTRO.json').map((p) => `${p.path}: ${p.message}`);
    expect(paths).toEqual(expect.arrayContaining([
      'lessons: has 2 lesson(s); a course has at least 3',
      expect.stringMatching(/^lessons\[0\]\.body\.en: has \d+ words; a lesson has at least 300$/),
      'knowledgeCheck.questions: has 1 question(s); a check has at least 5',
      'materials: has no learner material (a reading or handout)',
      expect.stringMatching(/^materials\[0\]\.body\.sq: has 2 timed steps|^materials\[0\]\.body\.sq: has 0 timed steps/),
      'materials[0].body.en: lacks an agenda',
      'lessons.en: do not teach the Dublin pilot',
      'lessons.sq: do not teach the area of public goods and open infrastructure',
    ]));
  });

  it('asks a deep dive to draw on a pilot, and a module with a check to give feedback in both languages', () => {
    const intro = modules.find((x) => x.code === 'DHR-PRIVACY')!;
    const copy = structuredClone(intro);
    copy.lessons.forEach((l) => { l.body.en = l.body.en.replace(/Tirana|Dublin/g, 'the city'); });
    copy.knowledgeCheck!.questions[2].feedback.sq = ' ';
    expect(courseProblems(copy).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'knowledgeCheck.questions[2].feedback.sq: is missing: every question explains its answer',
      'lessons.en: do not draw on the Tirana or Dublin pilot',
    ]);
  });
});

/** A small valid module; each case below breaks one thing in a copy of it. */
function validModule(): any {
  const t = (en: string, sq: string) => ({ en, sq });
  return {
    code: 'DHR-TEST',
    title: t('Test module', 'Moduli provë'),
    description: t('A module for the validator.', 'Një modul për kontrolluesin.'),
    lessons: [
      {
        slug: 'first-lesson',
        kind: 'text',
        minutes: 10,
        title: t('First lesson', 'Mësimi i parë'),
        body: t('## Heading\n\nSome **bold** text and a [link](https://www.w3.org/WAI/).', '## Titull\n\nPak tekst.'),
        url: null,
      },
      {
        slug: 'second-lesson',
        kind: 'reading',
        minutes: 5,
        title: t('Second lesson', 'Mësimi i dytë'),
        body: t('Read this.', 'Lexoni këtë.'),
        url: 'https://www.w3.org/WAI/standards-guidelines/wcag/',
      },
    ],
    knowledgeCheck: {
      passMark: 0.8,
      maxAttempts: 3,
      questions: [
        {
          prompt: t('Which one?', 'Cila?'),
          options: [t('This', 'Kjo'), t('That', 'Ajo'), t('Neither', 'Asnjëra')],
          correctIndex: 1,
          feedback: t('Because.', 'Sepse.'),
        },
      ],
    },
    materials: [
      {
        slug: 'session-plan',
        audience: 'trainer',
        format: 'session-plan',
        title: t('Plan', 'Plani'),
        body: t('1. Start\n2. Finish', '1. Fillimi\n2. Mbarimi'),
        url: null,
      },
    ],
  };
}

const FILE = 'DHR-TEST.json';

describe('validateModuleContent', () => {
  it('finds nothing wrong with a valid module', () => {
    expect(validateModuleContent(validModule(), FILE)).toEqual([]);
  });

  it('accepts a module without lessons and without a check', () => {
    const m = validModule();
    m.lessons = [];
    m.knowledgeCheck = null;
    expect(validateModuleContent(m, FILE)).toEqual([]);
  });

  it('accepts a third language present in every field', () => {
    const m = validModule();
    const addDe = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(addDe);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.en === 'string' && typeof o.sq === 'string') o.de = `${o.en} (de)`;
        else Object.values(o).forEach(addDe);
      }
    };
    addDe(m);
    expect(validateModuleContent(m, FILE)).toEqual([]);
  });

  const cases: Array<[string, (m: any) => unknown, string, string]> = [
    ['a document that is not an object', () => [], '$', 'must be an object'],
    ['a missing code', (m) => void delete m.code, 'code', 'is required'],
    ['a lower-case code', (m) => void (m.code = 'dhr-test'), 'code', 'upper-case module code'],
    ['a code that is not the file name', (m) => void (m.code = 'DHR-OTHER'), 'code', 'DHR-OTHER.json'],
    ['an unknown top-level field', (m) => void (m.summary = 'x'), 'summary', 'is not a field of the format'],
    ['a title without Albanian', (m) => void delete m.title.sq, 'title.sq', 'is required'],
    ['a description without English', (m) => void delete m.description.en, 'description.en', 'is required'],
    ['an empty Albanian title', (m) => void (m.title.sq = '  '), 'title.sq', 'is empty'],
    ['a title that is a string', (m) => void (m.title = 'Test'), 'title', 'object of texts by language'],
    ['a language key that is not a code', (m) => void (m.title.English = 'x'), 'title.English', 'not a language code'],
    ['a language missing from one field', (m) => void (m.title.de = 'Testmodul'), 'description.de', 'written in "de"'],
    ['lessons that are not a list', (m) => void (m.lessons = {}), 'lessons', 'must be a list'],
    ['a lesson slug that is not kebab-case', (m) => void (m.lessons[0].slug = 'First_Lesson'), 'lessons[0].slug', 'kebab-case'],
    ['a repeated lesson slug', (m) => void (m.lessons[1].slug = 'first-lesson'), 'lessons[1].slug', 'repeats lessons[0].slug'],
    ['an unknown lesson kind', (m) => void (m.lessons[0].kind = 'video'), 'lessons[0].kind', 'one of text, reading'],
    ['a lesson without minutes', (m) => void delete m.lessons[0].minutes, 'lessons[0].minutes', 'is required'],
    ['zero minutes', (m) => void (m.lessons[0].minutes = 0), 'lessons[0].minutes', 'whole number from 1'],
    ['a misspelt lesson field', (m) => void (m.lessons[0].titel = m.lessons[0].title), 'lessons[0].titel', 'not a field'],
    ['a 201-character title', (m) => void (m.lessons[0].title.en = 'x'.repeat(201)), 'lessons[0].title.en', 'at most 200'],
    ['a lesson without a body', (m) => void delete m.lessons[1].body, 'lessons[1].body', 'is required'],
    ['raw HTML in a body', (m) => void (m.lessons[0].body.sq = 'Tekst<br>tjetër'), 'lessons[0].body.sq', 'raw HTML'],
    ['an HTML comment in a body', (m) => void (m.materials[0].body.en = 'a <!-- b -->'), 'materials[0].body.en', 'raw HTML'],
    ['a level-1 heading', (m) => void (m.lessons[0].body.en = '# Title\n\nText'), 'lessons[0].body.en', 'level-1 heading'],
    ['a level-4 heading', (m) => void (m.lessons[0].body.en = '#### Deep\n\nText'), 'lessons[0].body.en', 'below level 3'],
    ['an image', (m) => void (m.lessons[0].body.en = '![x](https://example.org/a.png)'), 'lessons[0].body.en', 'image'],
    ['a plain-http link', (m) => void (m.materials[0].body.en = '[site](http://example.org)'), 'materials[0].body.en', 'https'],
    ['a relative link', (m) => void (m.materials[0].body.sq = '[faqja](/docs)'), 'materials[0].body.sq', 'https'],
    ['a missing url', (m) => void delete m.lessons[0].url, 'lessons[0].url', 'null when there is none'],
    ['an http url', (m) => void (m.lessons[1].url = 'http://www.w3.org/'), 'lessons[1].url', 'null or an https address'],
    ['a url that is not an address', (m) => void (m.materials[0].url = 'w3.org'), 'materials[0].url', 'https address'],
    ['a missing knowledge check', (m) => void delete m.knowledgeCheck, 'knowledgeCheck', 'is required'],
    ['lessons without a check', (m) => void (m.knowledgeCheck = null), 'knowledgeCheck', 'required when the module has lessons'],
    ['a pass mark above 1', (m) => void (m.knowledgeCheck.passMark = 1.5), 'knowledgeCheck.passMark', 'from 0 to 1'],
    ['a pass mark given as a percentage string', (m) => void (m.knowledgeCheck.passMark = '80%'), 'knowledgeCheck.passMark', 'from 0 to 1'],
    ['no attempts', (m) => void (m.knowledgeCheck.maxAttempts = 0), 'knowledgeCheck.maxAttempts', 'from 1 to 100'],
    ['too many attempts', (m) => void (m.knowledgeCheck.maxAttempts = 101), 'knowledgeCheck.maxAttempts', 'from 1 to 100'],
    ['fractional attempts', (m) => void (m.knowledgeCheck.maxAttempts = 2.5), 'knowledgeCheck.maxAttempts', 'whole number'],
    ['an empty question list', (m) => void (m.knowledgeCheck.questions = []), 'knowledgeCheck.questions', '1 to 100 questions'],
    [
      'a correct index past the options',
      (m) => void (m.knowledgeCheck.questions[0].correctIndex = 3),
      'knowledgeCheck.questions[0].correctIndex',
      'has 3 options',
    ],
    [
      'a negative correct index',
      (m) => void (m.knowledgeCheck.questions[0].correctIndex = -1),
      'knowledgeCheck.questions[0].correctIndex',
      'whole number from 0',
    ],
    [
      'a single option',
      (m) => void m.knowledgeCheck.questions[0].options.splice(1),
      'knowledgeCheck.questions[0].options',
      '2 to 8 options',
    ],
    [
      'nine options',
      (m) => void (m.knowledgeCheck.questions[0].options = Array.from({ length: 9 }, (_, i) => ({ en: `o${i}`, sq: `a${i}` }))),
      'knowledgeCheck.questions[0].options',
      '2 to 8 options (has 9)',
    ],
    [
      'an option without Albanian',
      (m) => void delete m.knowledgeCheck.questions[0].options[2].sq,
      'knowledgeCheck.questions[0].options[2].sq',
      'is required',
    ],
    [
      'two options that read the same',
      (m) => void (m.knowledgeCheck.questions[0].options[2].sq = 'kjo'),
      'knowledgeCheck.questions[0].options[2].sq',
      'repeats knowledgeCheck.questions[0].options[0].sq',
    ],
    [
      'a question without feedback',
      (m) => void delete m.knowledgeCheck.questions[0].feedback,
      'knowledgeCheck.questions[0].feedback',
      'is required',
    ],
    ['an unknown audience', (m) => void (m.materials[0].audience = 'public'), 'materials[0].audience', 'one of learner, trainer'],
    ['an unknown format', (m) => void (m.materials[0].format = 'poster'), 'materials[0].format', 'one of session-plan'],
    ['a repeated material slug', (m) => void m.materials.push({ ...m.materials[0] }), 'materials[1].slug', 'repeats materials[0].slug'],
    ['a material that is not an object', (m) => void (m.materials[0] = 'plan'), 'materials[0]', 'must be a material object'],
  ];

  it.each(cases)('reports %s at its path', (_name, breakIt, path, message) => {
    const m = validModule();
    const replaced = breakIt(m);
    const problems: Problem[] = validateModuleContent(replaced === undefined ? m : replaced, FILE);
    expect(problems).toContainEqual({ file: FILE, path, message: expect.stringContaining(message) });
  });

  it('reports every problem of a document at once', () => {
    const m = validModule();
    delete m.title.sq;
    m.lessons[0].kind = 'video';
    m.knowledgeCheck.passMark = 2;
    m.materials[0].url = 'ftp://example.org/plan';
    expect(validateModuleContent(m, FILE).map((p) => p.path)).toEqual([
      'title.sq',
      'lessons[0].kind',
      'knowledgeCheck.passMark',
      'materials[0].url',
    ]);
  });
});

describe('loadCourseContent', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'course-content-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the valid modules of a folder in file-name order', () => {
    const a = { ...validModule(), code: 'DHR-A' };
    const b = { ...validModule(), code: 'DHR-B' };
    writeFileSync(join(dir, 'DHR-B.json'), JSON.stringify(b, null, 2));
    writeFileSync(join(dir, 'DHR-A.json'), JSON.stringify(a, null, 2));
    writeFileSync(join(dir, 'notes.txt'), 'not content');
    expect(loadCourseContent(dir).map((m) => m.code)).toEqual(['DHR-A', 'DHR-B']);
  });

  it('throws one error naming every problem of every file', () => {
    const bad = validModule();
    bad.code = 'DHR-BAD';
    bad.lessons[0].body.sq = '<p>HTML</p>';
    writeFileSync(join(dir, 'DHR-BAD.json'), JSON.stringify(bad));
    writeFileSync(join(dir, 'DHR-BROKEN.json'), '{ "code": "DHR-BROKEN", ');
    writeFileSync(join(dir, 'DHR-BOM.json'), '\uFEFF' + JSON.stringify({ ...validModule(), code: 'DHR-BOM' }));
    let error: unknown;
    try {
      loadCourseContent(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CourseContentError);
    const { problems, message } = error as CourseContentError;
    expect(problems.map((p) => [p.file, p.path])).toEqual([
      ['DHR-BAD.json', 'lessons[0].body.sq'],
      ['DHR-BOM.json', '$'],
      ['DHR-BROKEN.json', '$'],
    ]);
    expect(message).toContain('DHR-BAD.json: lessons[0].body.sq: contains raw HTML');
    expect(message).toContain('DHR-BOM.json: $: starts with a byte order mark');
    expect(message).toContain('DHR-BROKEN.json: $: is not valid JSON');
  });
});

describe('localise', () => {
  const text = { en: 'Lesson', sq: 'Mësimi', de: '' };

  it('gives the asked language when it has the text', () => {
    expect(localise(text, 'sq')).toEqual({ text: 'Mësimi', language: 'sq' });
  });

  it('finds a regional tag through its primary language', () => {
    expect(localise(text, 'sq-AL')).toEqual({ text: 'Mësimi', language: 'sq' });
  });

  it('falls back to English, and says so, for a missing or empty language', () => {
    expect(localise(text, 'fr')).toEqual({ text: 'Lesson', language: 'en' });
    expect(localise(text, 'de')).toEqual({ text: 'Lesson', language: 'en' });
    expect(localise(text, undefined)).toEqual({ text: 'Lesson', language: 'en' });
  });

  it('uses the fallback it is given', () => {
    expect(localise(text, 'fr', 'sq')).toEqual({ text: 'Mësimi', language: 'sq' });
  });

  it('takes any language present when neither the asked one nor the fallback is', () => {
    expect(localise({ it: 'Lezione' }, 'fr')).toEqual({ text: 'Lezione', language: 'it' });
    expect(() => localise({}, 'fr')).toThrow(TypeError);
  });
});

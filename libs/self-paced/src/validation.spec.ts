import { validateAnswers, validateKnowledgeCheck, validateLessons } from './validation.js';

const question = (extra: Record<string, unknown> = {}) => ({
  prompt: 'Which right protects personal data?',
  options: ['Privacy', 'Property'],
  correctIndex: 0,
  ...extra,
});
const check = (extra: Record<string, unknown> = {}) => ({
  passMark: 0.75,
  maxAttempts: 3,
  questions: [question(), question(), question()],
  ...extra,
});
const messages = (r: { ok: boolean; problems?: { message: string }[] }) => (r.ok ? [] : r.problems!.map((p) => p.message));

describe('self-paced input validation', () => {
  describe('validateKnowledgeCheck', () => {
    it('accepts a valid check', () => {
      expect(validateKnowledgeCheck(check())).toEqual({ ok: true, value: check() });
    });

    it.each([
      ['pass mark above 1', check({ passMark: 75 }), 'passMark must be a share from 0 to 1 of the questions answered right (0.75 for 75%)'],
      ['negative pass mark', check({ passMark: -0.1 }), 'passMark must be a share from 0 to 1 of the questions answered right (0.75 for 75%)'],
      ['pass mark as text', check({ passMark: '0.75' }), 'passMark must be a share from 0 to 1 of the questions answered right (0.75 for 75%)'],
      ['no pass mark', check({ passMark: undefined }), 'passMark is required'],
      ['pass mark with 5 decimals', check({ passMark: 2 / 3 }), 'passMark must have at most 4 decimals (0.6667 for two thirds)'],
      ['zero attempts', check({ maxAttempts: 0 }), 'maxAttempts must be a whole number from 1 to 100'],
      ['fractional attempts', check({ maxAttempts: 1.5 }), 'maxAttempts must be a whole number from 1 to 100'],
      ['no questions', check({ questions: [] }), 'questions must be a list of 1 to 100 questions'],
      ['questions not a list', check({ questions: {} }), 'questions must be a list of 1 to 100 questions'],
      ['unknown top-level key', check({ shuffle: true }), 'shuffle is not a known field'],
      [
        'correct index out of range',
        check({ questions: [question(), question(), question({ correctIndex: 2 })] }),
        'questions[2].correctIndex must be less than the number of options (2)',
      ],
      ['negative correct index', check({ questions: [question({ correctIndex: -1 })] }), 'questions[0].correctIndex must be a whole number from 0'],
      ['missing correct index', check({ questions: [question({ correctIndex: undefined })] }), 'questions[0].correctIndex is required'],
      ['one option', check({ questions: [question({ options: ['Only'] })] }), 'questions[0].options must be a list of 2 to 8 answers'],
      [
        'nine options',
        check({ questions: [question({ options: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] })] }),
        'questions[0].options must be a list of 2 to 8 answers',
      ],
      ['blank option', check({ questions: [question({ options: ['Privacy', '  '] })] }), 'questions[0].options[1] must be a text of 1 to 500 characters'],
      ['repeated option', check({ questions: [question({ options: ['Privacy', 'privacy '] })] }), 'questions[0].options[1] repeats questions[0].options[0]'],
      ['empty prompt', check({ questions: [question({ prompt: '' })] }), 'questions[0].prompt must be a text of 1 to 2000 characters'],
      ['unknown question key', check({ questions: [question({ explanation: 'x' })] }), 'questions[0].explanation is not a known field'],
      ['question not an object', check({ questions: ['Why?'] }), 'questions[0] must be an object with prompt, options and correctIndex'],
    ])('%s', (_name, input, message) => {
      expect(messages(validateKnowledgeCheck(input))).toContain(message);
    });

    it('reports every problem, each naming its field', () => {
      const r = validateKnowledgeCheck({ passMark: 2, maxAttempts: 0, questions: [question({ correctIndex: 5 })] });
      expect(r.ok).toBe(false);
      expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['passMark', 'maxAttempts', 'questions[0].correctIndex']);
    });
  });

  describe('validateLessons', () => {
    it('accepts text, video and reading lessons and keeps ids', () => {
      const id = '0b7f2a7e-6f7c-4d1e-9a55-3c8e8f1e2d10';
      expect(
        validateLessons([
          { kind: 'text', title: 'Why it matters', body: 'Rights apply online.' },
          { id: id.toUpperCase(), kind: 'video', title: 'A talk', url: 'https://video.example/talk' },
          { kind: 'reading', title: 'Charter', url: 'https://example.org/charter.pdf' },
        ]),
      ).toEqual({
        ok: true,
        value: [
          { kind: 'text', title: 'Why it matters', body: 'Rights apply online.', url: null },
          { id, kind: 'video', title: 'A talk', body: null, url: 'https://video.example/talk' },
          { kind: 'reading', title: 'Charter', body: null, url: 'https://example.org/charter.pdf' },
        ],
      });
    });

    it('accepts an empty list (the module is no longer self-paced)', () => {
      expect(validateLessons([])).toEqual({ ok: true, value: [] });
    });

    it.each([
      ['not a list', { kind: 'text' }, 'lessons must be a list of lessons'],
      ['unknown kind', [{ kind: 'podcast', title: 'T', body: 'b' }], 'lessons[0].kind must be one of text, video, reading'],
      ['no title', [{ kind: 'text', body: 'b' }], 'lessons[0].title is required'],
      ['text without body', [{ kind: 'text', title: 'T' }], 'lessons[0].body is required for a text lesson'],
      ['video without url', [{ kind: 'video', title: 'T', body: 'b' }], 'lessons[0].url is required for a video lesson'],
      ['reading without content', [{ kind: 'reading', title: 'T' }], 'lessons[0].body or lessons[0].url is required for a reading'],
      ['javascript url', [{ kind: 'video', title: 'T', url: 'javascript:alert(1)' }], 'lessons[0].url must be an http or https address'],
      ['bad id', [{ id: '42', kind: 'text', title: 'T', body: 'b' }], 'lessons[0].id must be the UUID of a lesson of this module'],
      [
        'repeated id',
        [
          { id: '0b7f2a7e-6f7c-4d1e-9a55-3c8e8f1e2d10', kind: 'text', title: 'T', body: 'b' },
          { id: '0b7f2a7e-6f7c-4d1e-9a55-3c8e8f1e2d10', kind: 'text', title: 'U', body: 'c' },
        ],
        'lessons[1].id repeats lessons[0].id',
      ],
      ['unknown key', [{ kind: 'text', title: 'T', body: 'b', position: 3 }], 'lessons[0].position is not a known field'],
    ])('%s', (_name, input, message) => {
      expect(messages(validateLessons(input))).toContain(message);
    });
  });

  describe('validateAnswers', () => {
    it.each([
      ['one per question', [0, 2, 1], [2, 3, 2], []],
      ['too few', [0, 1], [2, 3, 2], ['answers must have 3 entries, one per question (got 2)']],
      ['too many', [0, 1, 1, 1], [2, 3, 2], ['answers must have 3 entries, one per question (got 4)']],
      ['out of range', [0, 3, 1], [2, 3, 2], ['answers[1] must be an option index from 0 to 2']],
      ['negative', [-1, 0, 0], [2, 3, 2], ['answers[0] must be an option index from 0 to 1']],
      ['not whole', [0, 1.5, 0], [2, 3, 2], ['answers[1] must be an option index from 0 to 2']],
      ['not a list', 'abc', [2], ['answers must be a list of option indexes']],
    ])('%s', (_name, answers, counts, expected) => {
      expect(validateAnswers(answers, counts).map((p) => p.message)).toEqual(expected);
    });
  });
});

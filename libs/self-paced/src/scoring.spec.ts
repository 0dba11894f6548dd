import {
  attemptsLeft, bestAttempt, passes, requiredCorrect, reviewAvailable, scoreAttempt, selfPacedAttended,
} from './scoring.js';

describe('knowledge check scoring', () => {
  describe('requiredCorrect: right answers needed for a pass mark given as a share', () => {
    it.each([
      // passMark, questions, needed
      [0.75, 4, 3],
      [0.75, 5, 4], // 3.75 rounds up: 3 of 5 is only 60 %
      [0.75, 8, 6],
      [0.7, 10, 7], // 0.7 * 10 is 7.000000000000001 in floating point
      [0.6, 5, 3], // 0.6 * 5 is 3.0000000000000004
      [0.3, 10, 3], // 0.3 * 10 is 3.0000000000000004
      [1 / 3, 3, 1],
      [2 / 3, 3, 2],
      [0.3333, 3, 1],
      [0.6667, 3, 2], // 2 of 3 scores 0.6667: equal to the pass mark, so it passes
      [0.6668, 3, 3],
      [0.8, 7, 6], // 5 of 7 is 0.7143, 6 of 7 is 0.8571
      [0.5, 3, 2],
      [0.5, 4, 2],
      [1, 4, 4],
      [1, 1, 1],
      [0, 4, 0],
      [0.01, 4, 1],
      [0.99, 100, 99],
      [0.999, 100, 100],
      [0.5, 0, 0],
    ])('pass mark %p of %p questions needs %p', (passMark, total, needed) => {
      expect(requiredCorrect(passMark, total)).toBe(needed);
    });

    it.each([
      [-0.1, 4],
      [1.5, 4],
      [75, 4],
      [Number.NaN, 4],
      [0.5, -1],
      [0.5, 2.5],
    ])('refuses pass mark %p with %p questions', (passMark, total) => {
      expect(() => requiredCorrect(passMark, total)).toThrow(RangeError);
    });
  });

  describe('scoreAttempt', () => {
    const key = [0, 2, 1, 3];
    it.each([
      // name, answers, passMark, correct, score, passed, wrong
      ['all right', [0, 2, 1, 3], 0.75, 4, 1, true, []],
      ['3 of 4 at 75 %', [0, 2, 1, 0], 0.75, 3, 0.75, true, [3]],
      ['2 of 4 at 75 %', [1, 2, 1, 0], 0.75, 2, 0.5, false, [0, 3]],
      ['none right', [1, 1, 0, 0], 0.75, 0, 0, false, [0, 1, 2, 3]],
      ['2 of 4 at 50 %', [1, 2, 1, 0], 0.5, 2, 0.5, true, [0, 3]],
      ['3 of 4 at 100 %', [0, 2, 1, 0], 1, 3, 0.75, false, [3]],
      ['none right at 0 %', [1, 1, 0, 0], 0, 0, 0, true, [0, 1, 2, 3]],
    ] as const)('%s', (_name, answers, passMark, correct, score, passed, wrong) => {
      expect(scoreAttempt(key, answers, passMark)).toEqual({
        correct, total: 4, score, passed, wrongQuestions: wrong,
      });
    });

    it.each([
      // three questions, key [0, 1, 2], pass mark two thirds
      [[0, 0, 0], 1, 0.3333, false],
      [[0, 1, 0], 2, 0.6667, true],
      [[0, 1, 2], 3, 1, true],
    ])('rounds the score to four decimals: %p → %p right, score %p', (answers, correct, score, passed) => {
      expect(scoreAttempt([0, 1, 2], answers, 2 / 3)).toMatchObject({ correct, score, passed });
    });

    it.each([
      [[0, 2, 1]],
      [[0, 2, 1, 3, 0]],
      [[]],
    ])('refuses %p: not one answer per question', (answers) => {
      expect(() => scoreAttempt(key, answers, 0.75)).toThrow(/expected 4 answers/);
    });
  });

  describe('passes', () => {
    it.each([
      [3, 4, 0.75, true],
      [2, 4, 0.75, false],
      [7, 10, 0.7, true],
      [6, 10, 0.7, false],
      [0, 0, 0.75, true],
    ])('%p of %p at %p → %p', (correct, total, passMark, expected) => {
      expect(passes(correct, total, passMark)).toBe(expected);
    });

    it('refuses more right answers than questions', () => {
      expect(() => passes(5, 4, 0.5)).toThrow(RangeError);
    });
  });

  describe('attemptsLeft', () => {
    it.each([
      [3, 0, 3],
      [3, 1, 2],
      [3, 2, 1],
      [3, 3, 0],
      [3, 5, 0], // the administrator lowered the limit after attempts were made
      [1, 0, 1],
    ])('max %p, used %p → %p left', (max, used, left) => {
      expect(attemptsLeft(max, used)).toBe(left);
    });

    it.each([[-1, 0], [3, -1], [2.5, 1]])('refuses max %p, used %p', (max, used) => {
      expect(() => attemptsLeft(max, used)).toThrow(RangeError);
    });
  });

  describe('reviewAvailable: which questions were wrong is shown only when it can no longer help to pass', () => {
    it.each([
      [false, 2, false],
      [false, 1, false],
      [false, 0, true],
      [true, 2, true],
      [true, 0, true],
    ])('passed %p, %p attempts left → %p', (passed, left, expected) => {
      expect(reviewAvailable({ passed, attemptsLeft: left })).toBe(expected);
    });
  });

  describe('bestAttempt', () => {
    it.each([
      [[], null],
      [[{ number: 1, score: 0.5 }], 1],
      [[{ number: 1, score: 0.5 }, { number: 2, score: 0.75 }, { number: 3, score: 0.25 }], 2],
      [[{ number: 1, score: 0.75 }, { number: 2, score: 0.75 }], 1],
      [[{ number: 2, score: 0.75 }, { number: 1, score: 0.75 }], 1],
    ])('%j → attempt %p', (attempts, number) => {
      expect(bestAttempt(attempts)?.number ?? null).toBe(number);
    });
  });

  describe('selfPacedAttended', () => {
    it.each([
      [3, 3, true, true],
      [3, 2, true, false],
      [3, 3, false, false],
      [0, 0, true, false], // no lessons: not a self-paced module
      [3, 4, true, true], // a lesson removed after it was done
    ])('%p lessons, %p done, check passed %p → %p', (lessonsTotal, lessonsDone, checkPassed, expected) => {
      expect(selfPacedAttended({ lessonsTotal, lessonsDone, checkPassed })).toBe(expected);
    });
  });
});

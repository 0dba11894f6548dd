import { mooc2024 } from './mooc-2024.rule-set.js';
import type { LearnerFacts, SelfPacedRecord } from './types.js';

const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION'];
const done: SelfPacedRecord = { lessonsTotal: 4, lessonsDone: 4, checkPassed: true };
const lessonsOnly: SelfPacedRecord = { lessonsTotal: 4, lessonsDone: 4, checkPassed: false };
const checkOnly: SelfPacedRecord = { lessonsTotal: 4, lessonsDone: 3, checkPassed: true };

/** One self-paced record per module (null: not started). */
function facts(...perModule: (SelfPacedRecord | null)[]): LearnerFacts {
  return { modules: CODES.map((code, i) => ({ code, sessions: [], selfPaced: perModule[i] ?? { ...done, lessonsDone: 0, checkPassed: false } })) };
}

describe('mooc-2024 rule set', () => {
  it.each([
    ['nothing started', facts(), null, 0],
    ['one module finished', facts(done), 'attendance', 1],
    ['two modules finished', facts(done, done), 'attendance', 2],
    ['all three finished', facts(done, done, done), 'completion', 3],
    ['lessons read but a check not passed', facts(done, done, lessonsOnly), 'attendance', 2],
    ['a check passed with a lesson left', facts(done, checkOnly, done), 'attendance', 2],
  ])('%s', (_case, input, kind, count) => {
    const decision = mooc2024.decide(input);
    expect(decision.attendedModules).toHaveLength(count);
    expect(decision.awards).toEqual(kind ? [{ kind, scope: 'programme' }] : []);
  });

  it('counts a live session of a module too', () => {
    const input = facts(done, done);
    input.modules[2] = { code: 'DHR-INCLUSION', sessions: [{ status: 'present', minutes: null }], selfPaced: null };
    expect(mooc2024.decide(input).awards).toEqual([{ kind: 'completion', scope: 'programme' }]);
  });

  it('says in words what is still missing', () => {
    const explanation = mooc2024.decide(facts(done, lessonsOnly)).explanation.join(' ');
    expect(explanation).toMatch(/knowledge check not passed/);
  });
});

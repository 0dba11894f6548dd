import { tirana2023 } from './tirana-2023.rule-set.js';
import type { AttendanceStatus, LearnerFacts } from './types.js';

const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];

/** Builds facts from one status list per module (each entry one session). */
function facts(...perModule: AttendanceStatus[][]): LearnerFacts {
  return {
    modules: CODES.map((code, i) => ({
      code,
      sessions: (perModule[i] ?? []).map((status) => ({ status, minutes: null })),
    })),
  };
}

describe('tirana-2023 rule set', () => {
  it.each([
    // [case, facts, expected kind, attended count]
    ['nothing recorded', facts(), null, 0],
    ['one module present', facts(['present']), null, 1],
    ['two modules present', facts(['present'], ['present']), 'attendance', 2],
    ['two modules, one late', facts(['late'], [], ['present']), 'attendance', 2],
    ['three modules', facts(['present'], ['late'], ['present']), 'completion', 3],
    ['all four modules', facts(['present'], ['present'], ['present'], ['present']), 'completion', 4],
    ['excused does not count', facts(['present'], ['excused'], ['absent']), null, 1],
    ['absent then present at a make-up session', facts(['absent', 'present'], ['present']), 'attendance', 2],
    ['only absences everywhere', facts(['absent'], ['absent'], ['absent'], ['absent']), null, 0],
    ['excused in two, present in two', facts(['excused'], ['present'], ['excused'], ['present']), 'attendance', 2],
    ['three via late arrivals', facts(['late'], ['late'], ['late']), 'completion', 3],
  ])('%s', (_case, input, kind, count) => {
    const decision = tirana2023.decide(input);
    expect(decision.attendedModules).toHaveLength(count);
    expect(decision.awards).toEqual(kind ? [{ kind, scope: 'programme' }] : []);
    expect(decision.missingModules).toHaveLength(4 - count);
  });

  it('explains what counted and what was missing', () => {
    const decision = tirana2023.decide(facts(['present'], [], ['late']));
    expect(decision.explanation).toEqual([
      'Attended 2 modules: DHR-INTRO, DHR-INCLUSION.',
      'Not attended: DHR-PRIVACY, DHR-TRANSPARENCY.',
      'Attendance: exactly 2 modules attended; 1 more for Completion.',
    ]);
  });

  it('explains why a single module earns nothing', () => {
    const decision = tirana2023.decide(facts([], ['present']));
    expect(decision.explanation.at(-1)).toBe('No certificate: 1 more module for Attendance, 2 more for Completion.');
  });

  it('reproduces the 2023 cohort: 6×4, 7×3, 10×2, 24×1 → 13 completion, 10 attendance', () => {
    const cohort = [
      ...Array(6).fill(4),
      ...Array(7).fill(3),
      ...Array(10).fill(2),
      ...Array(24).fill(1),
    ].map((n: number) => facts(...Array.from({ length: n }, () => ['present' as const])));
    const kinds = cohort.map((f) => tirana2023.decide(f).awards.at(0)?.kind ?? 'none');
    expect(kinds.filter((k) => k === 'completion')).toHaveLength(13);
    expect(kinds.filter((k) => k === 'attendance')).toHaveLength(10);
    expect(kinds.filter((k) => k === 'none')).toHaveLength(24);
  });
});

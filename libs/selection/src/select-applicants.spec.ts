import { promoteFromWaitingList, selectApplicants } from './select-applicants.js';
import type { Applicant, Criterion, SelectionResult } from './types.js';

const GIRLS: Criterion = { attribute: 'gender', value: 'female', minShare: 0.5, label: 'girls' };
const DEIS: Criterion = { attribute: 'deis', value: true, minShare: 0.5, label: 'DEIS schools' };
const CRITERIA = [GIRLS, DEIS];

/**
 * 60 applicants: app-01..25 girls, app-26..55 boys, app-56..58 non-binary,
 * app-59..60 gender not declared; every third (app-01, app-04, …, app-58) from
 * a DEIS school, i.e. 20 DEIS students of whom 9 are girls.
 */
function dublinPool(size = 60, deis: (i: number) => boolean | null = (i) => i % 3 === 0): Applicant[] {
  return Array.from({ length: size }, (_, i) => ({
    id: `app-${String(i + 1).padStart(2, '0')}`,
    attributes: {
      gender: i < 25 ? 'female' : i < 55 ? 'male' : i < 58 ? 'non-binary' : null,
      deis: deis(i),
    },
    appliedAt: new Date(Date.UTC(2023, 0, 1 + (i % 20))),
  }));
}

const byId = (pool: Applicant[]) => new Map(pool.map((a) => [a.id, a]));
const countWhere = (ids: string[], pool: Applicant[], c: Criterion) =>
  ids.filter((id) => byId(pool).get(id)!.attributes[c.attribute] === c.value).length;

/** A fixed reordering of the input, different from sorted and reversed. */
function interleave<T>(items: T[]): T[] {
  const out: T[] = [];
  for (let k = 0; k < 7; k++) for (let i = k; i < items.length; i += 7) out.push(items[i]);
  return out;
}

function expectConsistent(result: SelectionResult, pool: Applicant[]): void {
  const all = [...result.selected, ...result.waitingList];
  expect(new Set(all).size).toBe(all.length);
  expect(new Set(all)).toEqual(new Set(pool.map((a) => a.id).filter((id) => !result.withdrawn.includes(id))));
  expect(Object.keys(result.matches).sort()).toEqual([...all].sort());
}

describe('selectApplicants — Dublin youth pool (60 applicants, 22 places)', () => {
  const pool = dublinPool();

  it('meets both criteria with exactly 22 selected', () => {
    const result = selectApplicants(pool, 22, CRITERIA, 'dublin-youth-2023');
    expect(result.selected).toHaveLength(22);
    expect(result.waitingList).toHaveLength(38);
    expectConsistent(result, pool);
    expect(countWhere(result.selected, pool, GIRLS)).toBeGreaterThanOrEqual(11);
    expect(countWhere(result.selected, pool, DEIS)).toBeGreaterThanOrEqual(11);
    expect(result.report).toMatchObject({
      places: 22,
      applicants: 60,
      criteria: [
        { label: 'girls', target: 11, met: true, achievedCount: countWhere(result.selected, pool, GIRLS) },
        { label: 'DEIS schools', target: 11, met: true, achievedCount: countWhere(result.selected, pool, DEIS) },
      ],
    });
    expect(result.report.criteria[0].achievedShare).toBeCloseTo(result.report.criteria[0].achievedCount / 22);
  });

  it('keeps to a pinned outcome, so that a change of algorithm is noticed', () => {
    expect(selectApplicants(pool, 22, CRITERIA, 'dublin-youth-2023').selected).toEqual([
      // the 9 DEIS girls (both criteria), in lottery order
      'app-04', 'app-07', 'app-22', 'app-25', 'app-13', 'app-16', 'app-01', 'app-10', 'app-19',
      // two more DEIS students and two more girls, whichever come first in the lottery
      'app-46', 'app-49', 'app-12', 'app-15',
      // the rest in lottery order
      'app-34', 'app-54', 'app-57', 'app-30', 'app-53', 'app-06', 'app-33', 'app-56', 'app-60',
    ]);
  });

  it.each(Array.from({ length: 25 }, (_, n) => `seed-${n}`))('meets both criteria with seed %s', (seed) => {
    const { selected, report } = selectApplicants(pool, 22, CRITERIA, seed);
    expect(selected).toHaveLength(22);
    expect(report.criteria.every((c) => c.met)).toBe(true);
  });

  it('gives the same 22 for the same seed and a different set for another seed', () => {
    const a = selectApplicants(pool, 22, CRITERIA, 'dublin-youth-2023');
    const again = selectApplicants(dublinPool(), 22, CRITERIA, 'dublin-youth-2023');
    const other = selectApplicants(pool, 22, CRITERIA, 'dublin-youth-2023-b');
    expect(again).toEqual(a);
    expect(new Set(other.selected)).not.toEqual(new Set(a.selected));
  });

  it.each([
    ['reversed', (p: Applicant[]) => [...p].reverse()],
    ['interleaved', interleave],
    ['rotated', (p: Applicant[]) => [...p.slice(17), ...p.slice(0, 17)]],
  ])('gives the same result for %s input', (_label, reorder) => {
    const expected = selectApplicants(pool, 22, CRITERIA, 'dublin-youth-2023');
    expect(selectApplicants(reorder(pool), 22, CRITERIA, 'dublin-youth-2023')).toEqual(expected);
  });

  it('ranks the waiting list with candidates who count towards a criterion first', () => {
    const { waitingList, matches } = selectApplicants(pool, 22, CRITERIA, 'dublin-youth-2023');
    const ranks = waitingList.map((id) => matches[id].length);
    expect(ranks).toEqual([...ranks].sort((x, y) => y - x));
    expect(ranks[0]).toBeGreaterThan(0);
    expect(ranks.at(-1)).toBe(0);
  });

  it('carries criteria matches, not raw attributes', () => {
    const result = selectApplicants(pool, 22, CRITERIA, 'dublin-youth-2023');
    expect(result.matches['app-01']).toEqual([0, 1]);
    expect(result.matches['app-02']).toEqual([0]);
    expect(result.matches['app-59']).toEqual([]);
    expect(Object.values(result.matches).flat().every((c) => c === 0 || c === 1)).toBe(true);
    expect(JSON.stringify(result)).not.toContain('appliedAt');
    expect(JSON.stringify(result)).not.toContain('non-binary');
  });
});

describe('selectApplicants — edge cases', () => {
  it.each<[string, Applicant[], number, Criterion[], { selected: number; waiting: number; met: boolean[]; targets: number[] }]>([
    [
      'too few DEIS applicants: all of them selected, not met',
      dublinPool(40, (i) => i % 8 === 0), // 5 DEIS students
      22,
      CRITERIA,
      { selected: 22, waiting: 18, met: [true, false], targets: [11, 11] },
    ],
    [
      'fewer applicants than places: all selected, targets on those present',
      dublinPool(15), // 15 girls, 5 of them from DEIS schools
      22,
      CRITERIA,
      { selected: 15, waiting: 0, met: [true, false], targets: [8, 8] },
    ],
    [
      'no criteria: a plain lottery',
      dublinPool(),
      22,
      [],
      { selected: 22, waiting: 38, met: [], targets: [] },
    ],
    [
      'no places: everyone waits',
      dublinPool(10),
      0,
      CRITERIA,
      { selected: 0, waiting: 10, met: [true, true], targets: [0, 0] },
    ],
    [
      'Dublin shares 55% / 50%',
      dublinPool(),
      20,
      [{ ...GIRLS, minShare: 0.55 }, DEIS],
      { selected: 20, waiting: 40, met: [true, true], targets: [11, 10] },
    ],
  ])('%s', (_label, pool, places, criteria, expected) => {
    const result = selectApplicants(pool, places, criteria, 'edge');
    expectConsistent(result, pool);
    expect(result.selected).toHaveLength(expected.selected);
    expect(result.waitingList).toHaveLength(expected.waiting);
    expect(result.report.criteria.map((c) => c.met)).toEqual(expected.met);
    expect(result.report.criteria.map((c) => c.target)).toEqual(expected.targets);
  });

  it('selects every DEIS applicant when there are too few', () => {
    const pool = dublinPool(40, (i) => i % 8 === 0);
    const result = selectApplicants(pool, 22, CRITERIA, 'edge');
    const deisIds = pool.filter((a) => a.attributes.deis === true).map((a) => a.id);
    expect(deisIds).toHaveLength(5);
    expect(result.selected).toEqual(expect.arrayContaining(deisIds));
    expect(result.report.criteria[1]).toMatchObject({ achievedCount: 5, target: 11, met: false });
  });

  it('never counts a missing or undeclared attribute', () => {
    const pool: Applicant[] = [
      ...Array.from({ length: 6 }, (_, i) => ({ id: `nul-${i}`, attributes: { gender: null, deis: null }, appliedAt: new Date(0) })),
      ...Array.from({ length: 6 }, (_, i) => ({ id: `none-${i}`, attributes: {}, appliedAt: new Date(0) })),
      { id: 'str-true', attributes: { deis: 'true' }, appliedAt: new Date(0) },
      { id: 'girl', attributes: { gender: 'female', deis: true }, appliedAt: new Date(0) },
    ];
    const result = selectApplicants(pool, 4, CRITERIA, 'nulls');
    expect(result.selected[0]).toBe('girl');
    expect(result.report.criteria.map((c) => c.achievedCount)).toEqual([1, 1]);
    expect(result.report.criteria.map((c) => c.met)).toEqual([false, false]);
  });

  it('is not fooled by an id named like an object property', () => {
    const pool: Applicant[] = ['__proto__', 'constructor', 'b'].map((id) => ({ id, attributes: { deis: true }, appliedAt: new Date(0) }));
    const result = selectApplicants(pool, 2, [DEIS], 'proto');
    expect(Object.hasOwn(result.matches, '__proto__')).toBe(true);
    expect(result.selected).toHaveLength(2);
    expect(promoteFromWaitingList(result, [result.selected[0]]).selected).toHaveLength(2);
  });

  it.each<[string, () => unknown]>([
    ['empty seed', () => selectApplicants(dublinPool(5), 2, CRITERIA, '')],
    ['negative places', () => selectApplicants(dublinPool(5), -1, CRITERIA, 's')],
    ['fractional places', () => selectApplicants(dublinPool(5), 2.5, CRITERIA, 's')],
    ['duplicate id', () => selectApplicants([...dublinPool(5), dublinPool(1)[0]], 2, CRITERIA, 's')],
    ['share above 1', () => selectApplicants(dublinPool(5), 2, [{ ...GIRLS, minShare: 1.5 }], 's')],
  ])('refuses %s', (_label, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('promoteFromWaitingList', () => {
  const pool = dublinPool();
  // With this seed exactly 11 girls are selected and the top of the waiting
  // list is a DEIS boy, so a withdrawn girl shows whether promotion restores
  // the criterion instead of just taking the top of the list.
  const SEED = 'dublin-youth-2023-25';
  const initial = selectApplicants(pool, 22, CRITERIA, SEED);
  const isGirl = (id: string) => initial.matches[id].includes(0);
  const isDeis = (id: string) => initial.matches[id].includes(1);

  it('starts from the situation the tests rely on', () => {
    expect(initial.report.criteria.map((c) => c.achievedCount)).toEqual([11, 13]);
    expect(isGirl(initial.waitingList[0])).toBe(false);
  });

  it('prefers a waiting-list candidate who restores a criterion', () => {
    const leaving = initial.selected.find((id) => isGirl(id) && !isDeis(id))!;
    const firstGirlWaiting = initial.waitingList.find(isGirl)!;
    const result = promoteFromWaitingList(initial, [leaving]);
    expect(result.selected).toHaveLength(22);
    expect(result.selected).not.toContain(leaving);
    expect(result.selected.at(-1)).toBe(firstGirlWaiting);
    expect(result.selected).not.toContain(initial.waitingList[0]);
    expect(result.report.criteria.map((c) => [c.achievedCount, c.met])).toEqual([[11, true], [13, true]]);
    expect(result.withdrawn).toEqual([leaving]);
    expect(result.seed).toBe(SEED);
    expectConsistent(result, pool);
  });

  it('takes the top of the waiting list when no criterion is at risk', () => {
    const leaving = initial.selected.find((id) => !isGirl(id) && !isDeis(id))!;
    const result = promoteFromWaitingList(initial, [leaving]);
    expect(result.selected).toEqual([...initial.selected.filter((id) => id !== leaving), initial.waitingList[0]]);
    expect(result.waitingList).toEqual(initial.waitingList.slice(1));
  });

  it('keeps 22 after several withdrawals and restores both criteria', () => {
    const leaving = [
      ...initial.selected.filter((id) => isDeis(id) && !isGirl(id)).slice(0, 3),
      initial.selected.find((id) => isGirl(id) && !isDeis(id))!,
    ];
    const left = initial.selected.filter((id) => !leaving.includes(id));
    expect([countWhere(left, pool, GIRLS), countWhere(left, pool, DEIS)]).toEqual([10, 10]);
    const result = promoteFromWaitingList(initial, leaving);
    expect(result.selected).toHaveLength(22);
    expect(result.report.criteria.every((c) => c.met)).toBe(true);
    expect(countWhere(result.selected, pool, GIRLS)).toBeGreaterThanOrEqual(11);
    expect(countWhere(result.selected, pool, DEIS)).toBeGreaterThanOrEqual(11);
    expectConsistent(result, pool);
  });

  it('does its best when the waiting list cannot restore every criterion', () => {
    // The nine DEIS girls are all selected; nobody waiting counts twice.
    const leaving = initial.selected.filter((id) => isGirl(id) && isDeis(id)).slice(0, 6);
    const result = promoteFromWaitingList(initial, leaving);
    const promoted = result.selected.slice(-6);
    expect(result.selected).toHaveLength(22);
    expect(promoted.every((id) => isGirl(id) || isDeis(id))).toBe(true);
    expect(result.report.criteria.some((c) => !c.met)).toBe(true);
  });

  it('drops withdrawn waiting-list candidates, ignores unknown ids and is idempotent', () => {
    const leaving = [initial.waitingList[0], 'nobody'];
    const once = promoteFromWaitingList(initial, leaving);
    expect(once.selected).toEqual(initial.selected);
    expect(once.waitingList).toEqual(initial.waitingList.slice(1));
    expect(once.withdrawn).toEqual([initial.waitingList[0]]);
    expect(promoteFromWaitingList(once, leaving)).toEqual(once);
  });

  it('survives a JSON round trip, as when stored and loaded', () => {
    const stored = JSON.parse(JSON.stringify(initial)) as SelectionResult;
    const leaving = [initial.selected[3]];
    expect(promoteFromWaitingList(stored, leaving)).toEqual(promoteFromWaitingList(initial, leaving));
  });

  it('leaves places empty when the waiting list runs out', () => {
    const small = dublinPool(24);
    const result = selectApplicants(small, 22, CRITERIA, SEED);
    const after = promoteFromWaitingList(result, result.selected.slice(0, 5));
    expect(after.selected).toHaveLength(19);
    expect(after.waitingList).toEqual([]);
    expect(after.report.criteria.map((c) => c.target)).toEqual([10, 10]);
  });

  it('refuses a result without criteria matches', () => {
    const broken = { ...initial, matches: {} };
    expect(() => promoteFromWaitingList(broken, [])).toThrow(RangeError);
  });
});

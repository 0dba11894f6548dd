import { SeededRandom } from './prng.js';
import type { Applicant, Criterion, CriterionReport, SelectionResult } from './types.js';

/**
 * Picks `places` applicants, reproducibly, following the priority criteria.
 *
 * 1. Lottery: applicants sorted by id (plain code-unit order, so the input
 *    order does not matter), then shuffled with a generator seeded from `seed`.
 * 2. Priority: while some criterion is below its target and places remain,
 *    take the applicant who counts towards the most unmet criteria, the
 *    earliest in lottery order on ties. Stops early when nobody left helps.
 * 3. The remaining places go in lottery order.
 * 4. Waiting list: everyone else, those counting towards more criteria first,
 *    lottery order within the same number.
 *
 * The greedy step is not guaranteed to find the fewest places that meet every
 * target in contrived pools, but it never lowers a count and handles the
 * usual case (overlapping groups, e.g. girls from DEIS schools, first).
 */
export function selectApplicants(applicants: Applicant[], places: number, criteria: Criterion[], seed: string): SelectionResult {
  validateInputs(applicants, places, criteria, seed);

  const byId = [...applicants].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lottery = new SeededRandom(seed).shuffle(byId);
  const matches = Object.fromEntries(lottery.map((a): [string, number[]] => [a.id, matchingCriteria(a, criteria)]));
  const lotteryIds = lottery.map((a) => a.id);

  const seats = Math.min(places, lottery.length);
  const targets = criteria.map((c) => targetFor(c.minShare, seats));
  const selected = fillPlaces(lotteryIds, [], seats, targets, matches);
  const chosen = new Set(selected);
  const waitingList = rankWaitingList(lotteryIds.filter((id) => !chosen.has(id)), matches);

  return {
    selected,
    waitingList,
    seed,
    report: {
      places,
      applicants: applicants.length,
      criteria: reportCriteria(criteria, targets, selected, matches),
    },
    matches,
    withdrawn: [],
  };
}

/**
 * Removes the withdrawn applicants (selected or waiting) and fills the freed
 * places from the waiting list: first, while a criterion is below its target,
 * the best-ranked candidate who restores the most unmet criteria; then in
 * rank order. Ids that are not in the result (or already withdrawn) are
 * ignored, so applying the same withdrawal twice changes nothing.
 */
export function promoteFromWaitingList(result: SelectionResult, withdrawnIds: string[]): SelectionResult {
  const known = new Set([...result.selected, ...result.waitingList]);
  for (const id of known) {
    if (!Object.hasOwn(result.matches, id)) throw new RangeError(`selection result has no criteria matches for ${JSON.stringify(id)}`);
  }
  const leaving = new Set(withdrawnIds.filter((id) => known.has(id)));
  const stayingSelected = result.selected.filter((id) => !leaving.has(id));
  const stayingWaiting = result.waitingList.filter((id) => !leaving.has(id));

  const seats = Math.min(result.report.places, stayingSelected.length + stayingWaiting.length);
  const targets = result.report.criteria.map((c) => targetFor(c.minShare, seats));
  const selected = fillPlaces(stayingWaiting, stayingSelected, seats, targets, result.matches);
  const chosen = new Set(selected);
  const matches = Object.fromEntries(
    [...known].filter((id) => !leaving.has(id)).map((id): [string, number[]] => [id, [...result.matches[id]]]),
  );

  return {
    selected,
    waitingList: stayingWaiting.filter((id) => !chosen.has(id)),
    seed: result.seed,
    report: {
      places: result.report.places,
      applicants: result.report.applicants,
      criteria: reportCriteria(result.report.criteria, targets, selected, matches),
    },
    matches,
    withdrawn: [...result.withdrawn, ...[...leaving]],
  };
}

/** Places needed for a share of `seats`, tolerant of floating-point noise (0.55 × 20 is 11, not 12). */
function targetFor(minShare: number, seats: number): number {
  return Math.max(0, Math.ceil(minShare * seats - 1e-9));
}

function matchingCriteria(applicant: Applicant, criteria: Criterion[]): number[] {
  const out: number[] = [];
  criteria.forEach((c, index) => {
    const value = Object.hasOwn(applicant.attributes, c.attribute) ? applicant.attributes[c.attribute] : undefined;
    if (value !== null && value !== undefined && value === c.value) out.push(index);
  });
  return out;
}

/**
 * Adds candidates (taken from `pool`, which is in priority order) to `already`
 * until `seats` are taken: first to reach the targets, then in pool order.
 */
function fillPlaces(
  pool: string[],
  already: string[],
  seats: number,
  targets: number[],
  matches: Record<string, number[]>,
): string[] {
  const selected = [...already];
  const counts = targets.map(() => 0);
  for (const id of selected) for (const c of matches[id]) counts[c]++;
  const remaining = [...pool];

  while (selected.length < seats) {
    const unmet = new Set(targets.flatMap((target, c) => (counts[c] < target ? [c] : [])));
    if (unmet.size === 0) break;
    let best = -1;
    let bestScore = 0;
    remaining.forEach((id, position) => {
      const score = matches[id].filter((c) => unmet.has(c)).length;
      if (score > bestScore) {
        best = position;
        bestScore = score;
      }
    });
    if (best < 0) break; // nobody left counts towards an unmet criterion
    const [id] = remaining.splice(best, 1);
    selected.push(id);
    for (const c of matches[id]) counts[c]++;
  }

  for (const id of remaining) {
    if (selected.length >= seats) break;
    selected.push(id);
  }
  return selected;
}

function rankWaitingList(ids: string[], matches: Record<string, number[]>): string[] {
  // Array.prototype.sort is stable, so lottery order is kept within a rank.
  return [...ids].sort((a, b) => matches[b].length - matches[a].length);
}

function reportCriteria(
  criteria: readonly Pick<Criterion, 'label' | 'attribute' | 'value' | 'minShare'>[],
  targets: number[],
  selected: string[],
  matches: Record<string, number[]>,
): CriterionReport[] {
  return criteria.map((c, index) => {
    const achievedCount = selected.filter((id) => matches[id].includes(index)).length;
    return {
      label: c.label,
      attribute: c.attribute,
      value: c.value,
      minShare: c.minShare,
      target: targets[index],
      achievedShare: selected.length === 0 ? 0 : achievedCount / selected.length,
      achievedCount,
      met: achievedCount >= targets[index],
    };
  });
}

function validateInputs(applicants: Applicant[], places: number, criteria: Criterion[], seed: string): void {
  if (typeof seed !== 'string' || seed.length === 0) throw new RangeError('selection: the seed must be a non-empty string');
  if (!Number.isInteger(places) || places < 0) throw new RangeError(`selection: places must be a whole number, 0 or more (got ${places})`);
  const seen = new Set<string>();
  for (const a of applicants) {
    if (typeof a.id !== 'string' || a.id.length === 0) throw new RangeError('selection: every applicant needs a non-empty id');
    if (seen.has(a.id)) throw new RangeError(`selection: applicant id ${JSON.stringify(a.id)} appears twice`);
    seen.add(a.id);
  }
  for (const c of criteria) {
    if (typeof c.attribute !== 'string' || c.attribute.length === 0) throw new RangeError(`selection: criterion ${JSON.stringify(c.label)} needs an attribute`);
    if (typeof c.value !== 'string' && typeof c.value !== 'boolean') throw new RangeError(`selection: criterion ${JSON.stringify(c.label)} needs a string or boolean value`);
    if (typeof c.minShare !== 'number' || !(c.minShare >= 0 && c.minShare <= 1)) {
      throw new RangeError(`selection: criterion ${JSON.stringify(c.label)} needs a minShare from 0 to 1 (got ${c.minShare})`);
    }
  }
}

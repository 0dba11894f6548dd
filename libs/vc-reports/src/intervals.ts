import type { Interval } from './types.js';

/**
 * Sorts intervals and unites those that overlap or touch, so that time spent in two
 * windows at once, or a rejoin in the same second, is counted once.
 */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((x, y) => x.join.getTime() - y.join.getTime() || x.leave.getTime() - y.leave.getTime());
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.join.getTime() <= last.leave.getTime()) {
      if (next.leave.getTime() > last.leave.getTime()) last.leave = next.leave;
    } else {
      merged.push({ join: next.join, leave: next.leave });
    }
  }
  return merged;
}

/** Milliseconds covered by intervals that do not overlap. */
export function totalMilliseconds(intervals: readonly Interval[]): number {
  let total = 0;
  for (const { join, leave } of intervals) total += leave.getTime() - join.getTime();
  return total;
}

/** Minutes rounded to the nearest whole minute (half a minute rounds up). */
export function toMinutes(milliseconds: number): number {
  return Math.round(milliseconds / 60_000);
}

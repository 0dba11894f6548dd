import type { AttendanceStatus } from '@academy/rules';

/**
 * The one policy of every attendance import (CSV files and Zoom/Teams reports) towards
 * records made by hand: **an import never overwrites a manual record.** A record is manual
 * when someone set it explicitly — a correction (PUT …/attendance/:userId) or a status chosen
 * on the review list. Where a file agrees with it, nothing happens (`unchanged`); where it
 * disagrees, the manual record is kept, counted in `keptManual` and listed in
 * `manualConflicts` (and, for a CSV, in `warnings` by line), so whoever imports sees every
 * row the file would have changed. To apply the file's value, correct the record by hand.
 */
export const MANUAL_SOURCES: readonly string[] = ['manual'];

export const isManual = (source: string | null | undefined): boolean => !!source && MANUAL_SOURCES.includes(source);

/** A row of an import that disagrees with a manual record, which was kept. */
export interface ManualConflict {
  /** The lines of the file (CSV) or report (Zoom/Teams) that gave this person's attendance. */
  lines: number[];
  sessionId: string;
  moduleCode: string;
  userId: string;
  email: string;
  /** What the file says. */
  file: { status: AttendanceStatus; minutes: number | null };
  /** The manual record, kept as it is. */
  kept: { status: AttendanceStatus; minutes: number | null; recordedAt: string; recordedBy: string | null };
}

const figures = (x: { status: string; minutes: number | null }) => `${x.status}${x.minutes === null ? '' : ` (${x.minutes} minutes)`}`;

/** "kept the manual record late (45 minutes), made by admin@… on 2024-03-05; the file says absent" */
export function conflictWords(c: Pick<ManualConflict, 'file' | 'kept' | 'moduleCode' | 'email'>, what = 'the file'): string {
  const by = c.kept.recordedBy ? ` by ${c.kept.recordedBy}` : '';
  return (
    `${c.email}, ${c.moduleCode}: kept the manual record ${figures(c.kept)}, made${by} on ${c.kept.recordedAt.slice(0, 10)}; ` +
    `${what} says ${figures(c.file)}`
  );
}

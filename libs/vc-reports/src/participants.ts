import { chooseDateOrder, LocalTimeReader } from './dates.js';
import type { Meaning } from './headers.js';
import { mergeIntervals, toMinutes, totalMilliseconds } from './intervals.js';
import type { Column, Row } from './table.js';
import type { Interval, ParseReportOptions, ReportParticipant, ReportWarning } from './types.js';

/** What one parse collects besides the participants. */
export interface Collected {
  warnings: ReportWarning[];
  columns: Record<string, string>;
}

/** A participant while rows are still being gathered. */
export interface Draft {
  name: string;
  originalName?: string;
  email: string | null;
  organiser: boolean;
  intervals: Interval[];
  lines: number[];
}

export function cellOf(row: Row, column: Column | undefined): string {
  return column ? (row.cells[column.index] ?? '') : '';
}

/** Keys in `columns` of meeting-level fields whose meaning has a long or ambiguous name. */
export const MEETING_KEYS: Partial<Record<Meaning, string>> = {
  email: 'organiserEmail',
  hostEmail: 'organiserEmail',
  hostName: 'organiserName',
  meetingId: 'id',
  participantCount: 'participants',
  meetingDuration: 'duration',
};

/** Records which header was read for which meaning, under `prefix` + meaning. */
export function noteColumns(
  out: Collected,
  columns: Map<Meaning, Column>,
  prefix = '',
  rename: Partial<Record<Meaning, string>> = {},
): void {
  for (const [meaning, column] of columns) out.columns[prefix + (rename[meaning] ?? meaning)] = column.header;
}

export function cleanName(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lower-cased address, or null when the cell is empty or holds no address. */
export function cleanEmail(text: string): string | null {
  if (!text.includes('@')) return null;
  let value = text.trim().toLowerCase();
  if (value.startsWith('mailto:')) value = value.slice(7);
  if (value.startsWith('<') && value.endsWith('>')) value = value.slice(1, -1);
  return /\s/.test(value) ? null : value;
}

/** "Blerina Shehu (Blerina S.)" → name "Blerina Shehu", original name "Blerina S.". */
export function splitOriginalName(text: string): { name: string; originalName?: string } {
  const m = /^(.*?\S)\s*\(([^()]*\S[^()]*)\)$/.exec(text);
  return m ? { name: m[1]!, originalName: m[2]!.trim() } : { name: text };
}

const GUEST_MARKER =
  /\s*\((?:external|guest|unverified|externe?|invit[ée]e?|non vérifié|gast|nicht überprüft|i jasht[ëe]m|i ftuar|i paverifikuar|externo|invitado|esterno|ospite)\)$/i;

/** Teams appends "(External)", "(Guest)" or "(Unverified)" to people from outside the organisation. */
export function stripGuestMarker(name: string): string {
  const stripped = name.replace(GUEST_MARKER, '');
  return stripped === '' ? name : stripped;
}

/** Picks the day/month order from the file's dates and returns a reader for them. */
export function timeReader(values: string[], options: ParseReportOptions, out: Collected): LocalTimeReader {
  const { order, note } = chooseDateOrder(values, options.dateOrder);
  if (note) out.warnings.push({ line: null, message: note });
  return new LocalTimeReader(options.timeZone, order);
}

/**
 * Reads the instant in `column` of `row`. On failure a "row skipped" warning naming the
 * column is added and undefined returned.
 */
export function instantOf(
  reader: LocalTimeReader,
  row: Row,
  column: Column | undefined,
  out: Collected,
  consequence = 'row skipped',
): Date | undefined {
  if (!column) return undefined;
  const reading = reader.read(cellOf(row, column));
  if ('error' in reading) {
    const problem = reading.error === 'no date' ? `"${column.header}" is empty` : `"${column.header}": ${reading.error}`;
    out.warnings.push({ line: row.line, message: `${consequence}: ${problem}` });
    return undefined;
  }
  if (reading.note) out.warnings.push({ line: row.line, message: `"${column.header}": ${reading.note}` });
  return reading.date;
}

/** Whether an interval runs forwards; warns about the row otherwise. */
export function checkInterval(join: Date, leave: Date, line: number, out: Collected): boolean {
  if (leave.getTime() >= join.getTime()) return true;
  out.warnings.push({ line, message: 'row skipped: it leaves before it joins' });
  return false;
}

/**
 * The final participant: intervals merged and minutes summed from them, unless
 * `minutesOverride` gives them. Null when no interval survived.
 */
export function finishParticipant(draft: Draft, minutesOverride?: number): ReportParticipant | null {
  if (draft.intervals.length === 0) return null;
  const intervals = mergeIntervals(draft.intervals);
  const participant: ReportParticipant = {
    name: draft.name,
    email: draft.email,
    organiser: draft.organiser,
    intervals,
    minutes: minutesOverride ?? toMinutes(totalMilliseconds(intervals)),
    firstJoin: intervals[0]!.join,
    lastLeave: intervals.reduce((last, i) => (i.leave > last ? i.leave : last), intervals[0]!.leave),
    sourceLines: [...draft.lines].sort((a, b) => a - b),
  };
  if (draft.originalName !== undefined) participant.originalName = draft.originalName;
  return participant;
}

/** Participants in the order of the first line each was read from. */
export function byFirstLine(participants: (ReportParticipant | null)[]): ReportParticipant[] {
  return participants
    .filter((p): p is ReportParticipant => p !== null)
    .sort((a, b) => a.sourceLines[0]! - b.sourceLines[0]!);
}

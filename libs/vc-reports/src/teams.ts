import type { LocalTimeReader } from './dates.js';
import { parseDuration } from './durations.js';
import { normaliseLabel } from './headers.js';
import {
  byFirstLine,
  cellOf,
  checkInterval,
  cleanEmail,
  cleanName,
  finishParticipant,
  instantOf,
  MEETING_KEYS,
  noteColumns,
  stripGuestMarker,
  timeReader,
  type Collected,
  type Draft,
} from './participants.js';
import type { ReportDocument, Row, Table } from './table.js';
import type { Interval, ParseReportOptions, ParsedReport, ReportParticipant } from './types.js';

const ORGANISER_ROLES = new Set(['organizer', 'organiser', 'organisateur', 'organisator', 'organizator', 'organizatori', 'organizador', 'organizzatore']);

/** A person of the Participants section, with the per-join rows found for them. */
interface TeamsDraft extends Draft {
  /** First join → last leave from the Participants section. */
  span: Interval | null;
  /** The listed in-meeting duration in seconds. */
  listedSeconds: number | null;
  listedText: string;
  /** Line of the Participants row, null for people only in the activities. */
  participantLine: number | null;
  activities: Interval[];
}

/**
 * A Teams attendance report: Summary (meeting title, start and end), Participants (one row
 * per person: first join, last leave, in-meeting duration, role) and, when present,
 * In-Meeting Activities (one row per join), which then gives the intervals and minutes.
 */
export function parseTeams(doc: ReportDocument, found: Table, options: ParseReportOptions, out: Collected): ParsedReport {
  const table = doc.tables.find((t) => t.section === 'participants' && t.columns.has('join')) ?? found;
  const activities =
    doc.tables.find((t) => t !== table && t.section === 'activities' && t.columns.has('join') && t.columns.has('leave')) ??
    doc.tables.find(
      (t) => t.headerLine > table.headerLine && t.columns.has('join') && t.columns.has('leave') && t.columns.has('name'),
    );
  const summary = new Map<string, { line: number; label: string; value: string; row: Row }>();
  for (const item of doc.labelled) {
    if (!summary.has(item.meaning)) {
      summary.set(item.meaning, { ...item, row: { line: item.line, cells: [item.value] } });
      out.columns[`meeting.${MEETING_KEYS[item.meaning] ?? item.meaning}`] = item.label;
    }
  }
  noteColumns(out, table.columns);
  if (activities) noteColumns(out, activities.columns, 'activity.');

  const dateCells: string[] = [];
  for (const key of ['start', 'end']) if (summary.has(key)) dateCells.push(summary.get(key)!.value);
  for (const t of activities ? [table, activities] : [table]) {
    for (const row of t.rows) dateCells.push(cellOf(row, t.columns.get('join')), cellOf(row, t.columns.get('leave')));
  }
  const reader = timeReader(dateCells, options, out);

  const meeting: ParsedReport['meeting'] = { title: cleanName(summary.get('title')?.value ?? '') || null, start: null, end: null };
  for (const key of ['start', 'end'] as const) {
    const item = summary.get(key);
    if (!item) continue;
    const column = { index: 0, header: item.label };
    meeting[key] = instantOf(reader, item.row, column, out, `meeting ${key} not read`) ?? null;
  }

  const drafts = new Map<string, TeamsDraft>();
  for (const row of table.rows) readParticipant(row, table, reader, drafts, out);
  if (activities) {
    for (const row of activities.rows) readActivity(row, activities, reader, drafts, out);
    out.warnings.push({
      line: activities.headerLine,
      message: 'intervals and minutes come from the per-join rows of the In-Meeting Activities section',
    });
  } else {
    out.warnings.push({
      line: null,
      message:
        'no In-Meeting Activities section: each interval is first join → last leave and minutes are the listed in-meeting duration',
    });
  }

  const participants: (ReportParticipant | null)[] = [];
  for (const draft of drafts.values()) participants.push(finishTeams(draft, activities !== undefined, out));
  if (!participants.some((p) => p?.organiser)) {
    out.warnings.push({ line: null, message: 'no participant has the role Organizer' });
  }
  return { format: 'teams', meeting, participants: byFirstLine(participants), warnings: out.warnings, columns: out.columns };
}

interface Person {
  key: string;
  name: string;
  email: string | null;
  organiser: boolean;
}

function personOf(row: Row, table: Table): Person | null {
  const cols = table.columns;
  const name = stripGuestMarker(cleanName(cellOf(row, cols.get('name'))));
  const upn = cleanEmail(cellOf(row, cols.get('upn')));
  const email = cleanEmail(cellOf(row, cols.get('email'))) ?? upn;
  if (name === '' && email === null) return null;
  const role = cellOf(row, cols.get('role')).toLowerCase();
  const organiser = role !== '' && (ORGANISER_ROLES.has(role) || ORGANISER_ROLES.has(normaliseLabel(role)));
  return { key: email ?? `name:${name.toLowerCase()}`, name: name || email!, email, organiser };
}

function readParticipant(row: Row, table: Table, reader: LocalTimeReader, drafts: Map<string, TeamsDraft>, out: Collected): void {
  const person = personOf(row, table);
  if (!person) {
    out.warnings.push({ line: row.line, message: 'row skipped: it has neither a name nor an e-mail' });
    return;
  }
  const cols = table.columns;
  const join = instantOf(reader, row, cols.get('join'), out, 'first join → last leave not read');
  const leave = join && instantOf(reader, row, cols.get('leave'), out, 'first join → last leave not read');
  const span = join && leave && checkInterval(join, leave, row.line, out) ? { join, leave } : null;
  const listedText = cellOf(row, cols.get('duration'));
  const listedSeconds = parseDuration(listedText);
  if (listedText !== '' && listedSeconds === null) {
    out.warnings.push({ line: row.line, message: `"${cols.get('duration')!.header}" "${listedText}" is not a duration` });
  }

  const existing = drafts.get(person.key);
  if (existing) {
    out.warnings.push({ line: row.line, message: `${person.name} is listed twice; the rows are combined` });
    existing.lines.push(row.line);
    existing.organiser ||= person.organiser;
    if (span) existing.span = existing.span ? { join: min(existing.span.join, join!), leave: max(existing.span.leave, leave!) } : span;
    if (listedSeconds !== null) existing.listedSeconds = (existing.listedSeconds ?? 0) + listedSeconds;
    return;
  }
  drafts.set(person.key, {
    name: person.name,
    email: person.email,
    organiser: person.organiser,
    intervals: [],
    lines: [row.line],
    span,
    listedSeconds,
    listedText,
    participantLine: row.line,
    activities: [],
  });
}

function readActivity(row: Row, table: Table, reader: LocalTimeReader, drafts: Map<string, TeamsDraft>, out: Collected): void {
  const person = personOf(row, table);
  if (!person) {
    out.warnings.push({ line: row.line, message: 'row skipped: it has neither a name nor an e-mail' });
    return;
  }
  const join = instantOf(reader, row, table.columns.get('join'), out);
  const leave = join && instantOf(reader, row, table.columns.get('leave'), out);
  if (!join || !leave || !checkInterval(join, leave, row.line, out)) return;

  let draft = drafts.get(person.key);
  if (!draft) {
    out.warnings.push({ line: row.line, message: `${person.name} appears only in the In-Meeting Activities section` });
    draft = { ...person, intervals: [], lines: [], span: null, listedSeconds: null, listedText: '', participantLine: null, activities: [] };
    drafts.set(person.key, draft);
  }
  draft.organiser ||= person.organiser;
  draft.lines.push(row.line);
  draft.activities.push({ join, leave });
}

function finishTeams(draft: TeamsDraft, haveActivities: boolean, out: Collected): ReportParticipant | null {
  if (draft.activities.length > 0) {
    const participant = finishParticipant({ ...draft, intervals: draft.activities });
    if (participant && draft.listedSeconds !== null && Math.abs(draft.listedSeconds / 60 - participant.minutes) > 1) {
      out.warnings.push({
        line: draft.participantLine,
        message: `${draft.name}: the listed duration "${draft.listedText}" differs from the ${participant.minutes} minutes of the activity rows; the activity rows are used`,
      });
    }
    return participant;
  }
  if (!draft.span) {
    out.warnings.push({ line: draft.participantLine, message: `${draft.name} is left out: no join and leave times could be read` });
    return null;
  }
  if (haveActivities) {
    out.warnings.push({
      line: draft.participantLine,
      message: `${draft.name} has no In-Meeting Activities rows; first join → last leave and the listed duration are used`,
    });
  }
  const minutes = draft.listedSeconds !== null ? Math.round(draft.listedSeconds / 60) : undefined;
  return finishParticipant({ ...draft, intervals: [draft.span] }, minutes);
}

function min(a: Date, b: Date): Date {
  return a < b ? a : b;
}

function max(a: Date, b: Date): Date {
  return a > b ? a : b;
}

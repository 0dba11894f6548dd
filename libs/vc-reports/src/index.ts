import { LocalTimeReader } from './dates.js';
import { decodeReport } from './decode.js';
import { exampleHeaders, type Meaning } from './headers.js';
import type { Collected } from './participants.js';
import { readDocument, type ReportDocument, type Table } from './table.js';
import { parseTeamsLegacy } from './teams-legacy.js';
import { parseTeams } from './teams.js';
import { ReportFormatError, type ParseReportOptions, type ParsedReport, type ReportFormat } from './types.js';
import { parseZoom } from './zoom.js';

export { parseDuration } from './durations.js';
export { mergeIntervals } from './intervals.js';
export {
  ReportFormatError,
  type DateOrder,
  type Interval,
  type ParseReportOptions,
  type ParsedReport,
  type ReportFormat,
  type ReportParticipant,
  type ReportWarning,
} from './types.js';

const EXPECTED =
  'expected a Zoom participants export (columns such as "Name (Original Name)", "User Email", "Join Time", "Leave Time"), ' +
  'a Teams attendance report (sections "1. Summary" and "2. Participants" with "Name", "First Join", "Last Leave", "Role") ' +
  'or a legacy Teams attendance list ("Full Name", "User Action", "Timestamp")';

/**
 * Reads a Zoom or Teams attendance export into one shape. The format is recognised from the
 * content; columns are matched by meaning. Rows that cannot be used are skipped and listed
 * in `warnings`. Throws `ReportFormatError` when the input is not such a report and a
 * `RangeError` for an unknown time zone.
 *
 * Pure: no I/O, no clock.
 */
export function parseVideoConferenceReport(input: Buffer | Uint8Array, options: ParseReportOptions): ParsedReport {
  // Fails early on a bad zone, before any row is read.
  new LocalTimeReader(options.timeZone, options.dateOrder ?? 'MDY');
  const doc = readDocument(decodeReport(input));
  const { format, table } = detectFormat(doc);

  const out: Collected = { warnings: [...doc.warnings], columns: {} };
  for (const line of doc.strays) out.warnings.push({ line, message: 'line not understood; ignored' });
  const report =
    format === 'zoom'
      ? parseZoom(doc, table, options, out)
      : format === 'teams'
        ? parseTeams(doc, table, options, out)
        : parseTeamsLegacy(table, options, out);
  // File-wide notes first, then by line; the sort is stable.
  report.warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return report;
}

/** Which tool wrote the report, and its participants table. */
function detectFormat(doc: ReportDocument): { format: ReportFormat; table: Table } {
  const has = (t: Table, ...meanings: Meaning[]) => meanings.every((m) => t.columns.has(m));
  const perPerson = doc.tables.find((t) => (has(t, 'name') || has(t, 'email')) && has(t, 'join', 'leave'));
  if (perPerson) {
    const teams =
      doc.sections.length > 0 || doc.labelled.length > 0 || has(perPerson, 'role') || has(perPerson, 'upn');
    return { format: teams ? 'teams' : 'zoom', table: perPerson };
  }
  const events = doc.tables.find((t) => has(t, 'name', 'action', 'timestamp'));
  if (events) return { format: 'teams-legacy', table: events };
  throw new ReportFormatError(explain(doc));
}

function explain(doc: ReportDocument): string {
  const near = doc.tables.find((t) => t.columns.has('name') || t.columns.has('email')) ?? doc.tables[0];
  if (!near) return `Not a recognised attendance report: no header row was found; ${EXPECTED}.`;
  const found = [...near.columns.values()].map((c) => `"${c.header}"`).join(', ');
  const wanted: Meaning[] = near.columns.has('action') || near.columns.has('timestamp')
    ? ['name', 'action', 'timestamp']
    : ['name', 'join', 'leave'];
  const missing = wanted.filter((m) => !near.columns.has(m) && !(m === 'name' && near.columns.has('email')));
  const lacking = missing.map((m) => `${m} (such as ${exampleHeaders(m)})`).join(' and ');
  return (
    `Not a recognised attendance report: the header on line ${near.headerLine} has ${found} ` +
    `but no column for ${lacking}; ${EXPECTED}.`
  );
}

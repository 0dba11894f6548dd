import { mentionsOriginalName } from './headers.js';
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
  splitOriginalName,
  timeReader,
  type Collected,
  type Draft,
} from './participants.js';
import type { ReportDocument, Row, Table } from './table.js';
import type { ParseReportOptions, ParsedReport } from './types.js';

interface ZoomRow {
  row: Row;
  name: string;
  originalName?: string;
  email: string | null;
  join: Date;
  leave: Date;
}

/**
 * A Zoom participants export: an optional meeting block (Topic, Start Time, End Time and
 * the host's User Email), then one row per join. Rows are grouped by e-mail, or by name for
 * people without one; a row without e-mail joins the one e-mail group of the same name.
 */
export function parseZoom(doc: ReportDocument, table: Table, options: ParseReportOptions, out: Collected): ParsedReport {
  const cols = table.columns;
  const meetingTable = doc.tables.find(
    (t) => t.headerLine < table.headerLine && !t.columns.has('join') && (t.columns.has('start') || t.columns.has('title')),
  );
  const meetingRow = meetingTable?.rows[0];
  if (meetingTable) {
    noteColumns(out, meetingTable.columns, 'meeting.', MEETING_KEYS);
    if (meetingTable.rows.length > 1) {
      out.warnings.push({ line: meetingTable.rows[1]!.line, message: 'only the first row of the meeting block is read' });
    }
  }
  noteColumns(out, cols);

  const dateCells: string[] = [];
  if (meetingRow) {
    dateCells.push(cellOf(meetingRow, meetingTable!.columns.get('start')), cellOf(meetingRow, meetingTable!.columns.get('end')));
  }
  for (const row of table.rows) dateCells.push(cellOf(row, cols.get('join')), cellOf(row, cols.get('leave')));
  const reader = timeReader(dateCells, options, out);

  const meeting: ParsedReport['meeting'] = { title: null, start: null, end: null };
  let hostEmail: string | null = null;
  if (meetingRow) {
    const mc = meetingTable!.columns;
    meeting.title = cleanName(cellOf(meetingRow, mc.get('title'))) || null;
    meeting.start = instantOf(reader, meetingRow, mc.get('start'), out, 'meeting start not read') ?? null;
    meeting.end = instantOf(reader, meetingRow, mc.get('end'), out, 'meeting end not read') ?? null;
    hostEmail = cleanEmail(cellOf(meetingRow, mc.get('hostEmail') ?? mc.get('email')));
  }

  const splitNames = cols.has('name') && mentionsOriginalName(cols.get('name')!.header);
  const rows: ZoomRow[] = [];
  for (const row of table.rows) {
    const fullName = cleanName(cellOf(row, cols.get('name')));
    const email = cleanEmail(cellOf(row, cols.get('email')));
    if (fullName === '' && email === null) {
      out.warnings.push({ line: row.line, message: 'row skipped: it has neither a name nor an e-mail' });
      continue;
    }
    const join = instantOf(reader, row, cols.get('join'), out);
    const leave = join && instantOf(reader, row, cols.get('leave'), out);
    if (!join || !leave || !checkInterval(join, leave, row.line, out)) continue;
    const { name, originalName } = splitNames ? splitOriginalName(fullName) : { name: fullName, originalName: undefined };
    rows.push({ row, name: name || email!, originalName, email, join, leave });
  }

  const drafts = groupRows(rows);
  const organiser = hostEmail ? drafts.find((d) => d.email === hostEmail) : undefined;
  if (organiser) organiser.organiser = true;
  else if (hostEmail) {
    out.warnings.push({ line: meetingRow!.line, message: `the organiser ${hostEmail} is not among the participants` });
  } else {
    out.warnings.push({ line: null, message: 'the report does not name the organiser (no meeting block with the host\'s e-mail)' });
  }

  return {
    format: 'zoom',
    meeting,
    participants: byFirstLine(drafts.map((d) => finishParticipant(d))),
    warnings: out.warnings,
    columns: out.columns,
  };
}

function groupRows(rows: ZoomRow[]): Draft[] {
  const byEmail = new Map<string, Draft>();
  const byName = new Map<string, Draft>();
  const add = (draft: Draft, r: ZoomRow) => {
    draft.intervals.push({ join: r.join, leave: r.leave });
    draft.lines.push(r.row.line);
  };
  const create = (r: ZoomRow): Draft => {
    const draft: Draft = { name: r.name, email: r.email, organiser: false, intervals: [], lines: [] };
    if (r.originalName !== undefined) draft.originalName = r.originalName;
    return draft;
  };

  // E-mail groups first, so that a row without e-mail can find its person's group.
  const emailGroupsByName = new Map<string, Draft[]>();
  for (const r of rows) {
    if (r.email === null) continue;
    let draft = byEmail.get(r.email);
    if (!draft) {
      draft = create(r);
      byEmail.set(r.email, draft);
      const key = r.name.toLowerCase();
      emailGroupsByName.set(key, [...(emailGroupsByName.get(key) ?? []), draft]);
    }
    add(draft, r);
  }
  for (const r of rows) {
    if (r.email !== null) continue;
    const key = r.name.toLowerCase();
    const sameName = emailGroupsByName.get(key);
    let draft = sameName?.length === 1 ? sameName[0] : byName.get(key);
    if (!draft) {
      draft = create(r);
      byName.set(key, draft);
    }
    add(draft, r);
  }
  return [...byEmail.values(), ...byName.values()];
}

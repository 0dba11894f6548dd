import { normaliseLabel } from './headers.js';
import {
  byFirstLine,
  cellOf,
  cleanEmail,
  cleanName,
  finishParticipant,
  instantOf,
  noteColumns,
  stripGuestMarker,
  timeReader,
  type Collected,
  type Draft,
} from './participants.js';
import type { Table } from './table.js';
import type { ParseReportOptions, ParsedReport } from './types.js';

const JOINED = /^(?:joined|join|rejoint|a rejoint|u bashkua|u lidh|hyri|beigetreten|se unio|unito|entrato)\b/;
const LEFT = /^(?:left|leave|quitte|a quitte|parti|u largua|u shkeput|doli|verlassen|hat verlassen|salio|uscito)\b/;

interface LegacyEvent {
  line: number;
  at: Date;
  joined: boolean;
}

interface Person {
  name: string;
  email: string | null;
  events: LegacyEvent[];
}

/**
 * The older Teams attendance list: one "Joined" or "Left" event per row. Events are paired
 * per person in time order; a person with several windows open at once is present from the
 * first join until the last of them is left. An unmatched "Joined" closes at the meeting end
 * (the last timestamp of the file), an unmatched "Left" opens at the meeting start.
 */
export function parseTeamsLegacy(table: Table, options: ParseReportOptions, out: Collected): ParsedReport {
  const cols = table.columns;
  noteColumns(out, cols);
  const reader = timeReader(
    table.rows.map((row) => cellOf(row, cols.get('timestamp'))),
    options,
    out,
  );

  const people = new Map<string, Person>();
  let start: Date | null = null;
  let end: Date | null = null;
  for (const row of table.rows) {
    const name = stripGuestMarker(cleanName(cellOf(row, cols.get('name'))));
    const email = cleanEmail(cellOf(row, cols.get('email')));
    if (name === '' && email === null) {
      out.warnings.push({ line: row.line, message: 'row skipped: it has no name' });
      continue;
    }
    const actionText = cellOf(row, cols.get('action'));
    const action = normaliseLabel(actionText);
    const joined = JOINED.test(action);
    if (!joined && !LEFT.test(action)) {
      out.warnings.push({ line: row.line, message: `row skipped: action "${actionText}" is neither Joined nor Left` });
      continue;
    }
    const at = instantOf(reader, row, cols.get('timestamp'), out);
    if (!at) continue;
    if (!start || at < start) start = at;
    if (!end || at > end) end = at;

    const key = email ?? `name:${name.toLowerCase()}`;
    let person = people.get(key);
    if (!person) {
      person = { name: name || email!, email, events: [] };
      people.set(key, person);
    }
    person.events.push({ line: row.line, at, joined });
  }

  const participants = [...people.values()].map((person) => finishParticipant(pair(person, start!, end!, out)));
  if (participants.length > 0) {
    out.warnings.push({ line: null, message: 'the legacy attendance list does not say who organised the meeting; nobody is flagged as organiser' });
  }
  return {
    format: 'teams-legacy',
    meeting: { title: null, start, end },
    participants: byFirstLine(participants),
    warnings: out.warnings,
    columns: out.columns,
  };
}

function pair(person: Person, meetingStart: Date, meetingEnd: Date, out: Collected): Draft {
  const draft: Draft = { name: person.name, email: person.email, organiser: false, intervals: [], lines: [] };
  const events = person.events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.line - b.line);
  let open = 0;
  let since: LegacyEvent | null = null;
  for (const event of events) {
    draft.lines.push(event.line);
    if (event.joined) {
      if (open++ === 0) since = event;
    } else if (open === 0) {
      out.warnings.push({ line: event.line, message: `${person.name} left without having joined; counted from the meeting start` });
      draft.intervals.push({ join: meetingStart, leave: event.at });
    } else if (--open === 0) {
      draft.intervals.push({ join: since!.at, leave: event.at });
    }
  }
  if (open > 0) {
    out.warnings.push({ line: since!.line, message: `${person.name} never left; counted until the meeting end` });
    draft.intervals.push({ join: since!.at, leave: meetingEnd });
  }
  return draft;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

import {
  parseVideoConferenceReport,
  ReportFormatError,
  type ParseReportOptions,
  type ParsedReport,
  type ReportFormat,
} from './index.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');
const TIRANE: ParseReportOptions = { timeZone: 'Europe/Tirane' };

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

function utf8(lines: string[]): Buffer {
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

function utf16le(text: string, bom = true): Buffer {
  return Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
}

function formatError(run: () => unknown): ReportFormatError {
  try {
    run();
  } catch (err) {
    if (err instanceof ReportFormatError) return err;
    throw err;
  }
  throw new Error('expected a ReportFormatError');
}

/** What a test states about one participant; times are UTC. */
interface Expected {
  name: string;
  originalName?: string;
  email: string | null;
  organiser: boolean;
  minutes: number;
  intervals: [string, string][];
  lines: number[];
}

/** The participants in a form that compares against `Expected`. */
function summary(report: ParsedReport): Expected[] {
  return report.participants.map((p) => ({
    name: p.name,
    ...(p.originalName === undefined ? {} : { originalName: p.originalName }),
    email: p.email,
    organiser: p.organiser,
    minutes: p.minutes,
    intervals: p.intervals.map((i): [string, string] => [i.join.toISOString(), i.leave.toISOString()]),
    lines: p.sourceLines,
  }));
}

/** `day` + 'T' + time + 'Z' for each pair. */
function utc(day: string, ...pairs: [string, string][]): [string, string][] {
  return pairs.map(([from, to]) => [`${day}T${from}.000Z`, `${day}T${to}.000Z`]);
}

interface SampleCase {
  file: string;
  format: ReportFormat;
  meeting: { title: string | null; start: string; end: string };
  participants: Expected[];
  columns: Record<string, string>;
  warnings: { line: number | null; message: RegExp }[];
}

// Expected values worked out by hand from the files. Tirana is UTC+1 on all three dates
// (summer time starts on 26 March), so every local time is one hour ahead of the UTC below.
const SAMPLES: SampleCase[] = [
  {
    file: 'vc/zoom-participants.csv',
    format: 'zoom',
    meeting: {
      title: 'Deep dive 1: Data control, safety, security and protection',
      start: '2023-01-24T09:00:12.000Z',
      end: '2023-01-24T10:32:40.000Z',
    },
    participants: [
      // 09:55:03–11:32:40 local = 97 min 37 s; the header's User Email makes them the organiser.
      { name: 'Programme Office', email: 'programme.office@tirana.example', organiser: true, minutes: 98,
        intervals: utc('2023-01-24', ['08:55:03', '10:32:40']), lines: [5] },
      // 92 min 22 s + 1 min 20 s = 93 min 42 s; the 18 s gap keeps two intervals.
      { name: 'Arta Hoxha', email: 'arta.hoxha@tirana.example', organiser: false, minutes: 94,
        intervals: utc('2023-01-24', ['08:58:40', '10:31:02'], ['10:31:20', '10:32:40']), lines: [6, 11] },
      // 39 min 26 s + 46 min 7 s = 85 min 33 s.
      { name: 'Erion Krasniqi', email: 'erion.krasniqi@tirana.example', organiser: false, minutes: 86,
        intervals: utc('2023-01-24', ['09:02:11', '09:41:37'], ['09:44:05', '10:30:12']), lines: [7, 8] },
      { name: 'Blerina Shehu', originalName: 'Blerina S.', email: 'blerina.shehu@tirana.example', organiser: false,
        minutes: 15, intervals: utc('2023-01-24', ['09:05:00', '09:20:00']), lines: [9] },
      // A guest without e-mail: 89 min 29 s.
      { name: 'Dritan Çela', email: null, organiser: false, minutes: 89,
        intervals: utc('2023-01-24', ['09:00:30', '10:29:59']), lines: [10] },
    ],
    columns: {
      'meeting.id': 'Meeting ID',
      'meeting.title': 'Topic',
      'meeting.start': 'Start Time',
      'meeting.end': 'End Time',
      'meeting.organiserEmail': 'User Email',
      'meeting.duration': 'Duration (Minutes)',
      'meeting.participants': 'Participants',
      name: 'Name (Original Name)',
      email: 'User Email',
      join: 'Join Time',
      leave: 'Leave Time',
      duration: 'Duration (Minutes)',
      guest: 'Guest',
    },
    warnings: [],
  },
  {
    file: 'vc/teams-attendance-report.csv',
    format: 'teams',
    meeting: {
      title: 'Deep dive 3: Transparency and accountability',
      start: '2023-03-07T09:00:05.000Z',
      end: '2023-03-07T10:31:55.000Z',
    },
    participants: [
      // Role Organizer; 95 min 43 s. Lines: the Participants row and the activity rows.
      { name: 'Programme Office', email: 'programme.office@tirana.example', organiser: true, minutes: 96,
        intervals: utc('2023-03-07', ['08:56:12', '10:31:55']), lines: [11, 19] },
      // 30 min 58 s + 57 min 3 s = 88 min 1 s (the listed "1h 28m 1s").
      { name: 'Arta Hoxha', email: 'arta.hoxha@tirana.example', organiser: false, minutes: 88,
        intervals: utc('2023-03-07', ['08:59:02', '09:30:00'], ['09:33:37', '10:30:40']), lines: [12, 20, 21] },
      // 36 min 50 s + 33 min 25 s = 70 min 15 s; first join → last leave would be 87 min 50 s.
      { name: 'Erion Krasniqi', email: 'erion.krasniqi@tirana.example', organiser: false, minutes: 70,
        intervals: utc('2023-03-07', ['09:03:10', '09:40:00'], ['09:57:35', '10:31:00']), lines: [13, 22, 23] },
      // 12 min 30 s: half a minute rounds up.
      { name: 'Ilir Gashi', email: 'ilir.gashi@tirana.example', organiser: false, minutes: 13,
        intervals: utc('2023-03-07', ['09:40:00', '09:52:30']), lines: [14, 24] },
      // "Dritan Çela (External)": the guest marker is dropped; no e-mail, no UPN.
      { name: 'Dritan Çela', email: null, organiser: false, minutes: 79,
        intervals: utc('2023-03-07', ['09:01:00', '10:20:00']), lines: [15, 25] },
    ],
    columns: {
      'meeting.title': 'Meeting title',
      'meeting.participants': 'Attended participants',
      'meeting.start': 'Start time',
      'meeting.end': 'End time',
      'meeting.duration': 'Meeting duration',
      'meeting.averageDuration': 'Average attendance time',
      name: 'Name',
      join: 'First Join',
      leave: 'Last Leave',
      duration: 'In-Meeting Duration',
      email: 'Email',
      upn: 'Participant ID (UPN)',
      role: 'Role',
      'activity.name': 'Name',
      'activity.join': 'Join Time',
      'activity.leave': 'Leave Time',
      'activity.duration': 'Duration',
      'activity.email': 'Email',
      'activity.role': 'Role',
    },
    warnings: [{ line: 18, message: /intervals and minutes come from the per-join rows of the In-Meeting Activities/ }],
  },
  {
    file: 'vc/teams-attendance-legacy.csv',
    format: 'teams-legacy',
    // No title in this format; start and end are the first and last timestamps.
    meeting: { title: null, start: '2023-02-14T08:57:10.000Z', end: '2023-02-14T10:31:00.000Z' },
    participants: [
      // 09:57:10–11:31:00 local = 93 min 50 s. The list does not say who organised.
      { name: 'Programme Office', email: null, organiser: false, minutes: 94,
        intervals: utc('2023-02-14', ['08:57:10', '10:31:00']), lines: [2, 9] },
      // 89 min 56 s.
      { name: 'Arta Hoxha', email: null, organiser: false, minutes: 90,
        intervals: utc('2023-02-14', ['09:00:02', '10:29:58']), lines: [3, 7] },
      // 33 min 27 s + 51 min 23 s = 84 min 50 s.
      { name: 'Blerina Shehu', email: null, organiser: false, minutes: 85,
        intervals: utc('2023-02-14', ['09:01:45', '09:35:12'], ['09:38:40', '10:30:03']), lines: [4, 5, 6, 8] },
    ],
    columns: { name: 'Full Name', action: 'User Action', timestamp: 'Timestamp' },
    warnings: [{ line: null, message: /does not say who organised the meeting/ }],
  },
];

describe('parseVideoConferenceReport on the samples', () => {
  describe.each(SAMPLES)('$file', (sample) => {
    const report = parseVideoConferenceReport(fixture(sample.file), TIRANE);

    it(`is recognised as ${sample.format}`, () => {
      expect(report.format).toBe(sample.format);
    });

    it('reads the meeting', () => {
      expect({
        title: report.meeting.title,
        start: report.meeting.start?.toISOString(),
        end: report.meeting.end?.toISOString(),
      }).toEqual(sample.meeting);
    });

    it('reads every participant exactly', () => {
      expect(summary(report)).toEqual(sample.participants);
    });

    it('keeps first join and last leave in line with the intervals', () => {
      for (const p of report.participants) {
        expect(p.firstJoin).toEqual(p.intervals[0]!.join);
        expect(p.lastLeave).toEqual(p.intervals[p.intervals.length - 1]!.leave);
      }
    });

    it('says which header was read for which meaning', () => {
      expect(report.columns).toEqual(sample.columns);
    });

    it('warns about exactly what it should', () => {
      expect(report.warnings).toEqual(
        sample.warnings.map((w) => ({ line: w.line, message: expect.stringMatching(w.message) })),
      );
    });
  });
});

describe('encodings and separators', () => {
  const zoom = fixture('vc/zoom-participants.csv');
  const text = zoom.toString('utf8');
  const records = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  const withTabs = records.map((r) => r.join('\t')).join('\r\n') + '\r\n';
  const withSemicolons = records.map((r) => r.join(';')).join('\n') + '\n';
  const expected = parseVideoConferenceReport(zoom, TIRANE);

  it.each([
    ['UTF-16LE with BOM, tab-separated, CRLF', utf16le(withTabs)],
    ['UTF-16LE without BOM, tab-separated', utf16le(withTabs, false)],
    ['UTF-16BE with BOM, tab-separated', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(withTabs, 'utf16le').swap16()])],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), zoom])],
    ['UTF-8, semicolon-separated', Buffer.from(withSemicolons, 'utf8')],
    ['UTF-8 with CR line breaks only', Buffer.from(text.replace(/\n/g, '\r'), 'utf8')],
    ['Windows-1252', Buffer.from(text.replace('Dritan Çela', 'Dritan \u00c7ela'), 'latin1')],
  ])('the Zoom sample as %s parses identically', (_label, bytes) => {
    expect(parseVideoConferenceReport(bytes, TIRANE)).toEqual(expected);
  });

  it('reads the Teams sample converted to UTF-8 with commas the same way', () => {
    const teams = fixture('vc/teams-attendance-report.csv');
    const rows = teams.subarray(2).toString('utf16le').split('\r\n').map((l) => l.split('\t'));
    const csv = rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n');
    expect(parseVideoConferenceReport(Buffer.from(csv), TIRANE)).toEqual(parseVideoConferenceReport(teams, TIRANE));
  });
});

describe('dates', () => {
  const zoomRows = (join: string, leave: string) =>
    utf8(['Name (Original Name),User Email,Join Time,Leave Time', `Arta Hoxha,arta.hoxha@tirana.example,${join},${leave}`]);

  it.each<[string, string, string, ParseReportOptions['dateOrder'], [string, string]]>([
    // A day above 12 shows the order without being told.
    ['day first, decided by the data', '24/01/2023 10:00:12', '24/01/2023 11:30:00', undefined, ['2023-01-24T09:00:12.000Z', '2023-01-24T10:30:00.000Z']],
    ['month first, decided by the data', '01/24/2023 10:00:12', '01/24/2023 11:30:00', 'DMY', ['2023-01-24T09:00:12.000Z', '2023-01-24T10:30:00.000Z']],
    ['ambiguous, DMY requested', '07/03/2023 10:00:05', '07/03/2023 11:00:05', 'DMY', ['2023-03-07T09:00:05.000Z', '2023-03-07T10:00:05.000Z']],
    ['ambiguous, nothing requested: month first', '03/07/2023 10:00:05', '03/07/2023 11:00:05', undefined, ['2023-03-07T09:00:05.000Z', '2023-03-07T10:00:05.000Z']],
    ['dotted, nothing requested: day first', '7.3.2023 10:00:05', '7.3.2023 11:00:05', undefined, ['2023-03-07T09:00:05.000Z', '2023-03-07T10:00:05.000Z']],
    ['ISO dates whatever is requested', '2023-03-07 10:00:05', '2023-03-07 11:00:05', 'DMY', ['2023-03-07T09:00:05.000Z', '2023-03-07T10:00:05.000Z']],
    ['summer time (UTC+2)', '7/10/2023 10:00 AM', '7/10/2023 11:15 AM', undefined, ['2023-07-10T08:00:00.000Z', '2023-07-10T09:15:00.000Z']],
  ])('%s', (_label, join, leave, dateOrder, interval) => {
    const report = parseVideoConferenceReport(zoomRows(join, leave), { ...TIRANE, dateOrder });
    expect(report.participants[0]!.intervals.map((i) => [i.join.toISOString(), i.leave.toISOString()])).toEqual([interval]);
  });

  it('notes when the data contradicts the requested order', () => {
    const report = parseVideoConferenceReport(zoomRows('01/24/2023 10:00:12', '01/24/2023 11:30:00'), { ...TIRANE, dateOrder: 'DMY' });
    expect(report.warnings).toEqual([
      { line: null, message: 'dates are written MDY (a part above 12 shows it), not DMY' },
      { line: null, message: expect.stringMatching(/does not name the organiser/) },
    ]);
  });

  it('converts across the spring-forward change of 2023-03-26 in Europe/Tirane', () => {
    const report = parseVideoConferenceReport(
      utf8([
        'Topic,Start Time,End Time,User Email',
        'Night session,03/26/2023 01:30:00 AM,03/26/2023 03:30:00 AM,programme.office@tirana.example',
        '',
        'Name (Original Name),User Email,Join Time,Leave Time',
        'Programme Office,programme.office@tirana.example,03/26/2023 01:30:00 AM,03/26/2023 03:30:00 AM',
        'Arta Hoxha,arta.hoxha@tirana.example,03/26/2023 01:50:00 AM,03/26/2023 03:10:00 AM',
        // 02:30 does not exist that night: read as 03:30 summer time.
        'Erion Krasniqi,erion.krasniqi@tirana.example,03/26/2023 02:30:00 AM,03/26/2023 03:40:00 AM',
      ]),
      TIRANE,
    );
    // 01:30 winter time (UTC+1) → 00:30Z; 03:30 summer time (UTC+2) → 01:30Z: one hour.
    expect(report.meeting.start?.toISOString()).toBe('2023-03-26T00:30:00.000Z');
    expect(report.meeting.end?.toISOString()).toBe('2023-03-26T01:30:00.000Z');
    expect(summary(report).map((p) => [p.name, p.intervals, p.minutes])).toEqual([
      ['Programme Office', [['2023-03-26T00:30:00.000Z', '2023-03-26T01:30:00.000Z']], 60],
      ['Arta Hoxha', [['2023-03-26T00:50:00.000Z', '2023-03-26T01:10:00.000Z']], 20],
      ['Erion Krasniqi', [['2023-03-26T01:30:00.000Z', '2023-03-26T01:40:00.000Z']], 10],
    ]);
    expect(report.warnings).toEqual([{ line: 7, message: expect.stringMatching(/"Join Time": the local time does not exist in Europe\/Tirane/) }]);
  });

  it('skips a row with an unparseable date, names its line and keeps the other rows', () => {
    const text = fixture('vc/zoom-participants.csv')
      .toString('utf8')
      .replace('01/24/2023 10:44:05 AM', '01/24/2023 1O:44:05 AM')
      .replace('01/24/2023 10:20:00 AM', '01/24/2023 10:04:00 AM');
    const report = parseVideoConferenceReport(Buffer.from(text), TIRANE);
    expect(report.warnings).toEqual([
      { line: 8, message: 'row skipped: "Join Time": "01/24/2023 1O:44:05 AM" is not a date and time' },
      { line: 9, message: 'row skipped: it leaves before it joins' },
    ]);
    expect(summary(report).map((p) => [p.name, p.intervals.length, p.minutes, p.lines])).toEqual([
      ['Programme Office', 1, 98, [5]],
      ['Arta Hoxha', 2, 94, [6, 11]],
      ['Erion Krasniqi', 1, 39, [7]],
      ['Dritan Çela', 1, 89, [10]],
    ]);
  });
});

describe('intervals', () => {
  it('does not count twice the time of two windows open at once (Zoom)', () => {
    const report = parseVideoConferenceReport(
      utf8([
        'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
        'Arta Hoxha,arta.hoxha@tirana.example,01/24/2023 10:00:00 AM,01/24/2023 10:30:00 AM,30,No',
        // Joined from the phone while the laptop was still connected.
        'Arta Hoxha (phone),ARTA.HOXHA@tirana.example,01/24/2023 10:20:00 AM,01/24/2023 11:00:00 AM,40,No',
        'Arta Hoxha,arta.hoxha@tirana.example,01/24/2023 10:40:00 AM,01/24/2023 10:50:00 AM,10,No',
        // Rejoined the second the phone dropped.
        'Arta Hoxha,arta.hoxha@tirana.example,01/24/2023 11:00:00 AM,01/24/2023 11:10:00 AM,10,No',
      ]),
      TIRANE,
    );
    expect(summary(report)).toEqual([
      { name: 'Arta Hoxha', email: 'arta.hoxha@tirana.example', organiser: false, minutes: 70,
        intervals: utc('2023-01-24', ['09:00:00', '10:10:00']), lines: [2, 3, 4, 5] },
    ]);
  });

  it('does not count twice two windows open at once (legacy Teams) and closes an open one at the meeting end', () => {
    const report = parseVideoConferenceReport(
      utf16le(
        [
          'Full Name\tUser Action\tTimestamp',
          'Arta Hoxha\tJoined\t2/14/2023, 10:00:00 AM',
          'Arta Hoxha\tJoined\t2/14/2023, 10:05:00 AM',
          'Arta Hoxha\tLeft\t2/14/2023, 10:30:00 AM',
          'Erion Krasniqi\tJoined before\t2/14/2023, 10:10:00 AM',
          'Arta Hoxha\tLeft\t2/14/2023, 10:45:00 AM',
          'Programme Office\tLeft\t2/14/2023, 11:00:00 AM',
        ].join('\r\n'),
      ),
      TIRANE,
    );
    expect(summary(report).map((p) => [p.name, p.intervals, p.minutes])).toEqual([
      ['Arta Hoxha', utc('2023-02-14', ['09:00:00', '09:45:00']), 45],
      ['Erion Krasniqi', utc('2023-02-14', ['09:10:00', '10:00:00']), 50],
      ['Programme Office', utc('2023-02-14', ['09:00:00', '10:00:00']), 60],
    ]);
    expect(report.warnings).toEqual([
      { line: null, message: expect.stringMatching(/does not say who organised/) },
      { line: 5, message: 'Erion Krasniqi never left; counted until the meeting end' },
      { line: 7, message: 'Programme Office left without having joined; counted from the meeting start' },
    ]);
  });
});

describe('grouping Zoom rows', () => {
  it('puts a row without e-mail with the one person of the same name, and keeps namesakes with different e-mails apart', () => {
    const report = parseVideoConferenceReport(
      utf8([
        'Name (Original Name),User Email,Join Time,Leave Time',
        'Ilir Gashi,,01/24/2023 10:00:00 AM,01/24/2023 10:10:00 AM',
        'Ilir Gashi,ilir.gashi@tirana.example,01/24/2023 10:12:00 AM,01/24/2023 10:30:00 AM',
        'Arta Hoxha,arta.hoxha@tirana.example,01/24/2023 10:00:00 AM,01/24/2023 10:30:00 AM',
        'Arta Hoxha,arta.hoxha2@tirana.example,01/24/2023 10:00:00 AM,01/24/2023 10:20:00 AM',
        'Arta Hoxha,,01/24/2023 10:40:00 AM,01/24/2023 10:45:00 AM',
      ]),
      TIRANE,
    );
    expect(summary(report).map((p) => [p.name, p.email, p.minutes, p.lines])).toEqual([
      ['Ilir Gashi', 'ilir.gashi@tirana.example', 28, [2, 3]],
      ['Arta Hoxha', 'arta.hoxha@tirana.example', 30, [4]],
      ['Arta Hoxha', 'arta.hoxha2@tirana.example', 20, [5]],
      // Two people could be meant: kept as a person of their own.
      ['Arta Hoxha', null, 5, [6]],
    ]);
  });
});

describe('Teams without In-Meeting Activities', () => {
  const teams = fixture('vc/teams-attendance-report.csv').subarray(2).toString('utf16le');
  const report = parseVideoConferenceReport(utf16le(teams.slice(0, teams.indexOf('3. In-Meeting Activities'))), TIRANE);

  it('uses first join → last leave and trusts the listed duration', () => {
    expect(summary(report).map((p) => [p.name, p.intervals, p.minutes, p.lines])).toEqual([
      ['Programme Office', utc('2023-03-07', ['08:56:12', '10:31:55']), 96, [11]],
      ['Arta Hoxha', utc('2023-03-07', ['08:59:02', '10:30:40']), 88, [12]],
      // 87 min 50 s between first join and last leave, but "1h 10m 15s" in the meeting.
      ['Erion Krasniqi', utc('2023-03-07', ['09:03:10', '10:31:00']), 70, [13]],
      ['Ilir Gashi', utc('2023-03-07', ['09:40:00', '09:52:30']), 13, [14]],
      ['Dritan Çela', utc('2023-03-07', ['09:01:00', '10:20:00']), 79, [15]],
    ]);
  });

  it('says so in the warnings', () => {
    expect(report.warnings).toEqual([
      { line: null, message: expect.stringMatching(/no In-Meeting Activities section: .* listed in-meeting duration/) },
    ]);
  });
});

describe('headers matched by meaning', () => {
  it('reads French Zoom headers, semicolons and day-first dates', () => {
    const report = parseVideoConferenceReport(
      utf8([
        "Nom (nom d'origine);E-mail;Heure d'arrivée;Heure de départ;Durée (minutes);Invité;Consentement",
        'Arta Hoxha;Arta.Hoxha@tirana.example;24/01/2023 10:00:00;24/01/2023 11:00:00;60;Non;Oui',
      ]),
      TIRANE,
    );
    expect(report.format).toBe('zoom');
    expect(report.columns).toEqual({
      name: "Nom (nom d'origine)",
      email: 'E-mail',
      join: "Heure d'arrivée",
      leave: 'Heure de départ',
      duration: 'Durée (minutes)',
      guest: 'Invité',
    });
    expect(summary(report)).toEqual([
      { name: 'Arta Hoxha', email: 'arta.hoxha@tirana.example', organiser: false, minutes: 60,
        intervals: utc('2023-01-24', ['09:00:00', '10:00:00']), lines: [2] },
    ]);
    expect(report.warnings).toEqual([
      { line: null, message: expect.stringMatching(/does not name the organiser/) },
      { line: 1, message: 'column "Consentement" was not recognised and is ignored' },
    ]);
  });

  it('reads Albanian Teams headers, the organiser role and the UPN as e-mail', () => {
    const report = parseVideoConferenceReport(
      utf16le(
        [
          'Emri\tHyrja e parë\tDalja e fundit\tKohëzgjatja\tParticipant ID (UPN)\tRoli',
          'Programme Office\t7.3.2023 09:56:00\t7.3.2023 11:31:00\t1h 35m\tProgramme.Office@tirana.example\tOrganizator',
          'Arta Hoxha (I jashtëm)\t7.3.2023 10:00:00\t7.3.2023 11:00:00\t1 orë\t3f2c8a1e-5b7d-4c9a-8e21-0d6f4b3a9c17\tPjesëmarrës',
        ].join('\r\n'),
      ),
      TIRANE,
    );
    expect(report.format).toBe('teams');
    expect(summary(report)).toEqual([
      { name: 'Programme Office', email: 'programme.office@tirana.example', organiser: true, minutes: 95,
        intervals: utc('2023-03-07', ['08:56:00', '10:31:00']), lines: [2] },
      { name: 'Arta Hoxha', email: null, organiser: false, minutes: 60,
        intervals: utc('2023-03-07', ['09:00:00', '10:00:00']), lines: [3] },
    ]);
  });
});

describe('not a report', () => {
  it.each<[string, Buffer, RegExp]>([
    ['an empty file', Buffer.alloc(0), /empty/],
    ['binary data', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xee, 0x9d, 0x68]), /not text/],
    ['prose', Buffer.from('Dear trainer,\nthanks for the session yesterday!\n'), /no header row was found; expected a Zoom participants export .*"Join Time".* Teams attendance report .* legacy Teams attendance list/],
    ['the platform\'s own attendance import', fixture('attendance-import.csv'), /header on line 1 has "email", "name", "minutes" but no column for join \(such as "Join Time", "First Join", "Joined"\) and leave \(such as "Leave Time", "Last Leave", "Left"\); expected/],
    ['a table without leave times', utf8(['Name,Email,Join Time', 'Arta Hoxha,arta.hoxha@tirana.example,01/24/2023 10:00 AM']), /has "Name", "Email", "Join Time" but no column for leave \(such as "Leave Time"/],
  ])('%s throws ReportFormatError', (_label, bytes, message) => {
    expect(formatError(() => parseVideoConferenceReport(bytes, TIRANE)).message).toMatch(message);
  });

  it('rejects an unknown time zone', () => {
    expect(() => parseVideoConferenceReport(fixture('vc/zoom-participants.csv'), { timeZone: 'Europe/Tirana-Ish' })).toThrow(
      /Unknown time zone "Europe\/Tirana-Ish"/,
    );
  });
});

describe('speed', () => {
  /** A Teams report of `people` attendees, each with five rejoins (so 6 × people rows). */
  function teamsReport(people: number): Buffer {
    const participants = ['Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole'];
    const activities = ['Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole'];
    const at = (minute: number) => `3/7/23, ${Math.floor(minute / 60) + 9}:${String(minute % 60).padStart(2, '0')}:05 AM`;
    for (let p = 0; p < people; p++) {
      const email = `person.${p}@tirana.example`;
      participants.push(`Person ${p}\t${at(0)}\t${at(95)}\t1h 35m\t${email}\t${email}\t${p === 0 ? 'Organizer' : 'Attendee'}`);
      for (let j = 0; j < 5; j++) activities.push(`Person ${p}\t${at(j * 20)}\t${at(j * 20 + 19)}\t19m\t${email}\tAttendee`);
    }
    const text = ['1. Summary', 'Meeting title\tLarge', '', '2. Participants', ...participants, '', '3. In-Meeting Activities', ...activities].join('\r\n');
    return utf16le(text);
  }

  function fastestOf(runs: number, work: () => void): number {
    let fastest = Infinity;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      work();
      fastest = Math.min(fastest, performance.now() - started);
    }
    return fastest;
  }

  // Wall-clock limits fail on a loaded machine; the cost of ten times the rows, measured in
  // the same run, does not. Linear reading costs about 10×; a per-row scan of the report would
  // cost about 100×. The absolute figure is printed by `node dist/bench/teams-import.js`.
  it('reads a 5,000-row Teams report in time linear in its rows', () => {
    const small = teamsReport(100);
    const large = teamsReport(1000);
    let report: ParsedReport | undefined;
    fastestOf(3, () => parseVideoConferenceReport(small, TIRANE)); // warm up the code paths
    const smallMs = fastestOf(7, () => parseVideoConferenceReport(small, TIRANE));
    const largeMs = fastestOf(5, () => (report = parseVideoConferenceReport(large, TIRANE)));
    expect(report!.participants).toHaveLength(1000);
    expect(report!.participants[999]!.minutes).toBe(95);
    expect(largeMs / Math.max(smallMs, 0.05)).toBeLessThan(25);
  });
});

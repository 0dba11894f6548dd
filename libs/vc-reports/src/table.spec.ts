import { decodeReport, detectEncoding } from './decode.js';
import { meaningOf, sectionOf } from './headers.js';
import { detectSeparator, readDocument } from './table.js';
import { ReportFormatError } from './types.js';

const TEXT = 'Name,Email\nDritan Çela,\n';

describe('detectEncoding / decodeReport', () => {
  it.each<[string, Buffer, string, number]>([
    ['UTF-8', Buffer.from(TEXT), 'utf-8', 0],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8', 3],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le', 2],
    ['UTF-16LE without BOM', Buffer.from(TEXT, 'utf16le'), 'utf-16le', 0],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]), 'utf-16be', 2],
    ['UTF-16BE without BOM', Buffer.from(TEXT, 'utf16le').swap16(), 'utf-16be', 0],
  ])('%s', (_label, bytes, encoding, bomLength) => {
    expect(detectEncoding(bytes)).toEqual({ encoding, bomLength });
    expect(decodeReport(bytes)).toBe(TEXT);
  });

  it.each([
    ['CRLF', 'a,b\r\nc,d\r\n'],
    ['CR', 'a,b\rc,d\r'],
    ['mixed', 'a,b\r\nc,d\n'],
  ])('turns %s line breaks into LF', (_label, text) => {
    expect(decodeReport(Buffer.from(text))).toBe('a,b\nc,d\n');
  });

  it('reads bytes that are not UTF-8 as Windows-1252', () => {
    expect(decodeReport(Buffer.from([0x44, 0x72, 0x69, 0x74, 0x61, 0x6e, 0x20, 0xc7, 0x65, 0x6c, 0x61]))).toBe('Dritan Çela');
  });

  it.each([
    ['empty', Buffer.alloc(0), /empty/],
    ['blank', Buffer.from(' \r\n\r\n'), /empty/],
    ['binary', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x03, 0x04, 0xff, 0x00]), /not text/],
  ])('refuses an %s file', (_label, bytes, message) => {
    expect(() => decodeReport(bytes)).toThrow(ReportFormatError);
    expect(() => decodeReport(bytes)).toThrow(message);
  });
});

describe('detectSeparator', () => {
  it.each<[string, string, string]>([
    ['commas', 'Name (Original Name),User Email,Join Time,Leave Time\n', ','],
    ['tabs', 'Full Name\tUser Action\tTimestamp\n', '\t'],
    ['semicolons', 'Name;Email;Join Time;Leave Time\n', ';'],
    [
      'tabs under a title full of commas',
      '1. Summary\nMeeting title\tOne, two, three, four, five\n\n2. Participants\nName\tFirst Join\tLast Leave\tRole\n',
      '\t',
    ],
    ['semicolons with commas in the data', 'Name;Join Time;Leave Time\nShehu, Blerina;1,2;3,4\n', ';'],
    ['no header: the most frequent on the first line', 'a;b;c,d\n', ';'],
  ])('%s', (_label, text, separator) => {
    expect(detectSeparator(text)).toBe(separator);
  });
});

describe('header meanings', () => {
  it.each<[string, string | null]>([
    ['Name (Original Name)', 'name'],
    ['  full   NAME: ', 'name'],
    ['Emri', 'name'],
    ['Nom', 'name'],
    ['Participant', 'name'],
    ['Participants', 'participantCount'],
    ['User Email', 'email'],
    ['E-mail', 'email'],
    ['Participant ID (UPN)', 'upn'],
    ['First Join', 'join'],
    ["Heure d'arrivée", 'join'],
    ['Last Leave', 'leave'],
    ['In-Meeting Duration', 'duration'],
    ['Duration (Minutes)', 'duration'],
    ['Kohëzgjatja', 'duration'],
    ['Role', 'role'],
    ['Guest', 'guest'],
    ['User Action', 'action'],
    ['Timestamp', 'timestamp'],
    ['Topic', 'title'],
    ['Meeting title', 'title'],
    ['Start Time', 'start'],
    ['Programme Office', null],
    ['arta.hoxha@tirana.example', null],
    ['3/7/23, 10:00:05 AM', null],
  ])('%j means %p', (header, meaning) => {
    expect(meaningOf(header)).toBe(meaning);
  });

  it.each<[string, string | null]>([
    ['1. Summary', 'summary'],
    ['2. Participants', 'participants'],
    ['3. In-Meeting Activities', 'activities'],
    ['Meeting Summary', 'summary'],
    ['4. Breakout rooms', 'other'],
    ['Programme Office', null],
  ])('%j is section %p', (text, kind) => {
    expect(sectionOf(text)).toBe(kind);
  });
});

describe('readDocument', () => {
  it('finds sections, labelled values and tables with the lines they start on', () => {
    const doc = readDocument(
      [
        '1. Summary',
        'Meeting title\tA "quoted" title',
        'Start time\t3/7/23, 10:00:05 AM',
        '',
        '2. Participants',
        'Name\tFirst Join\tLast Leave\tNotes',
        'Arta Hoxha\t3/7/23, 9:59:02 AM\t3/7/23, 11:30:40 AM\t"two',
        'lines"',
        'Ilir Gashi\t3/7/23, 10:40:00 AM\t3/7/23, 10:52:30 AM',
        'stray',
      ].join('\n'),
    );
    expect(doc.separator).toBe('\t');
    expect(doc.sections).toEqual([
      { line: 1, title: '1. Summary', kind: 'summary' },
      { line: 5, title: '2. Participants', kind: 'participants' },
    ]);
    expect(doc.labelled).toEqual([
      { line: 2, section: 'summary', meaning: 'title', label: 'Meeting title', value: 'A "quoted" title' },
      { line: 3, section: 'summary', meaning: 'start', label: 'Start time', value: '3/7/23, 10:00:05 AM' },
    ]);
    expect(doc.tables).toHaveLength(1);
    const [table] = doc.tables;
    expect(table!.section).toBe('participants');
    expect(table!.headerLine).toBe(6);
    expect([...table!.columns]).toEqual([
      ['name', { index: 0, header: 'Name' }],
      ['join', { index: 1, header: 'First Join' }],
      ['leave', { index: 2, header: 'Last Leave' }],
    ]);
    expect(table!.rows.map((r) => [r.line, r.cells[0], r.cells.length])).toEqual([
      [7, 'Arta Hoxha', 4],
      [9, 'Ilir Gashi', 3],
      [10, 'stray', 1],
    ]);
    expect(doc.warnings).toEqual([{ line: 6, message: 'column "Notes" was not recognised and is ignored' }]);
  });

  it('keeps line numbers right when a quoted value spans lines across sections of different widths', () => {
    const doc = readDocument('Topic,Start Time,End Time\n"Two\nline title",01/24/2023 10:00 AM,01/24/2023 11:00 AM\n\nName,Join Time,Leave Time,Guest\nA,1,2,No\n');
    expect(doc.tables.map((t) => [t.headerLine, t.rows.map((r) => r.line)])).toEqual([
      [1, [2]],
      [5, [6]],
    ]);
    expect(doc.tables[0]!.rows[0]!.cells[0]).toBe('Two\nline title');
  });

  it('reports a quote that is never closed', () => {
    expect(() => readDocument('Name,Join Time,Leave Time\n"Arta,1,2\n')).toThrow(
      /could not be read as a comma-separated report.*Quote Not Closed/,
    );
  });
});

import { AttendanceCsvFormatError, parseAttendanceCsv, type AttendanceCsvRow, type ParseOptions } from './index.js';

const OPTIONS: ParseOptions = {
  moduleCodes: new Set(['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY']),
};

const HEADER = 'email,name,department,module,session,status,minutes';

/** Same content as the shared sample `attendance-import.csv`. */
const SAMPLE = [
  HEADER,
  'arta.hoxha@tirana.example,Arta Hoxha,Directorate of Information Technology,DHR-INTRO,2023-01-17,present,88',
  'erion.krasniqi@tirana.example,Erion Krasniqi,Urban Planning,DHR-INTRO,2023-01-17,late,71',
  'blerina.shehu@tirana.example,Blerina Shehu,Social Services,DHR-PRIVACY,2023-01-24,present,',
  'ilir.gashi@tirana.example,Ilir Gashi,Finance,DHR-PRIVACY,2023-01-24,absent,',
  '',
].join('\n');

const GOOD_ROW = 'arta.hoxha@tirana.example,Arta Hoxha,IT,DHR-INTRO,2023-01-17,present,88';
const SESSION_ID = '3f2c8a1e-5b7d-4c9a-8e21-0d6f4b3a9c17';

function row(partial: Partial<AttendanceCsvRow> & Pick<AttendanceCsvRow, 'line' | 'email'>): AttendanceCsvRow {
  return {
    name: null,
    department: null,
    moduleCode: 'DHR-INTRO',
    sessionDate: '2023-01-17',
    sessionId: null,
    status: 'present',
    minutes: null,
    ...partial,
  };
}

function formatError(run: () => unknown): AttendanceCsvFormatError {
  try {
    run();
  } catch (err) {
    if (err instanceof AttendanceCsvFormatError) return err;
    throw err;
  }
  throw new Error('expected an AttendanceCsvFormatError');
}

describe('parseAttendanceCsv', () => {
  it('reads the sample file into four rows', () => {
    expect(parseAttendanceCsv(SAMPLE, OPTIONS)).toEqual({
      rows: [
        row({
          line: 2,
          email: 'arta.hoxha@tirana.example',
          name: 'Arta Hoxha',
          department: 'Directorate of Information Technology',
          minutes: 88,
        }),
        row({
          line: 3,
          email: 'erion.krasniqi@tirana.example',
          name: 'Erion Krasniqi',
          department: 'Urban Planning',
          status: 'late',
          minutes: 71,
        }),
        row({
          line: 4,
          email: 'blerina.shehu@tirana.example',
          name: 'Blerina Shehu',
          department: 'Social Services',
          moduleCode: 'DHR-PRIVACY',
          sessionDate: '2023-01-24',
        }),
        row({
          line: 5,
          email: 'ilir.gashi@tirana.example',
          name: 'Ilir Gashi',
          department: 'Finance',
          moduleCode: 'DHR-PRIVACY',
          sessionDate: '2023-01-24',
          status: 'absent',
        }),
      ],
      errors: [],
      warnings: [],
      duplicates: 0,
      total: 4,
      encoding: 'utf-8',
      delimiter: ',',
    });
  });

  it('normalises case and surrounding spaces, and reads a session id', () => {
    const csv = `${HEADER}\n  Arta.Hoxha@Tirana.EXAMPLE , Arta Hoxha ,  , dhr-intro ,${SESSION_ID.toUpperCase()}, Late ,007\n`;
    expect(parseAttendanceCsv(csv, OPTIONS)).toEqual({
      rows: [
        row({
          line: 2,
          email: 'arta.hoxha@tirana.example',
          name: 'Arta Hoxha',
          sessionDate: null,
          sessionId: SESSION_ID,
          status: 'late',
          minutes: 7,
        }),
      ],
      errors: [],
      warnings: [],
      duplicates: 0,
      total: 1,
      encoding: 'utf-8',
      delimiter: ',',
    });
  });

  // Each case: line 2 is a valid row, line 3 carries the problem.
  it.each([
    ['bad e-mail', 'arta@,A,IT,DHR-INTRO,2023-01-17,present,5', 'email: "arta@" is not a valid e-mail address'],
    ['e-mail with a space', 'arta hoxha@tirana.example,A,IT,DHR-INTRO,2023-01-17,present,5', 'email: "arta hoxha@tirana.example" is not a valid e-mail address'],
    ['missing e-mail', ',A,IT,DHR-INTRO,2023-01-17,present,5', 'email: a value is required'],
    ['unknown module', 'b@tirana.example,B,IT,DHR-XYZ,2023-01-17,present,5', 'module: "DHR-XYZ" is not a module of this programme'],
    ['unknown status', 'b@tirana.example,B,IT,DHR-INTRO,2023-01-17,here,5', 'status: "here" is not one of present, late, excused, absent'],
    ['30 February', 'b@tirana.example,B,IT,DHR-INTRO,2023-02-30,present,5', 'session: "2023-02-30" is not a real date'],
    ['month 13', 'b@tirana.example,B,IT,DHR-INTRO,2023-13-01,present,5', 'session: "2023-13-01" is not a real date'],
    ['29 February of a common year', 'b@tirana.example,B,IT,DHR-INTRO,2023-02-29,present,5', 'session: "2023-02-29" is not a real date'],
    ['session neither date nor id', 'b@tirana.example,B,IT,DHR-INTRO,17/01/2023,present,5', 'session: "17/01/2023" is neither a date (YYYY-MM-DD) nor a session id (UUID)'],
    ['negative minutes', 'b@tirana.example,B,IT,DHR-INTRO,2023-01-17,present,-5', 'minutes: "-5" must be a whole number between 0 and 1440'],
    ['fractional minutes', 'b@tirana.example,B,IT,DHR-INTRO,2023-01-17,present,1.5', 'minutes: "1.5" must be a whole number between 0 and 1440'],
    ['minutes above a day', 'b@tirana.example,B,IT,DHR-INTRO,2023-01-17,present,1441', 'minutes: "1441" must be a whole number between 0 and 1440'],
    ['too few fields', 'b@tirana.example,B,IT,DHR-INTRO,2023-01-17', 'expected 7 fields, found 5'],
    ['too many fields', 'b@tirana.example,B,IT,DHR-INTRO,2023-01-17,present,5,extra', 'expected 7 fields, found 8'],
    ['duplicate learner and session', 'ARTA.HOXHA@tirana.example,Arta,IT,dhr-intro,2023-01-17,late,40', 'duplicate of line 2 for the same learner and session'],
    ['name too long', `b@tirana.example,${'n'.repeat(201)},IT,DHR-INTRO,2023-01-17,present,5`, `name: "${'n'.repeat(60)}…" is longer than 200 characters`],
    ['department too long', `b@tirana.example,B,${'d'.repeat(201)},DHR-INTRO,2023-01-17,present,5`, `department: "${'d'.repeat(60)}…" is longer than 200 characters`],
    [
      'several problems at once',
      'x,B,IT,DHR-INTRO,2023-01-17,here,-1',
      'email: "x" is not a valid e-mail address; status: "here" is not one of present, late, excused, absent; minutes: "-1" must be a whole number between 0 and 1440',
    ],
  ])('%s → an error on line 3', (_case, bad, message) => {
    const result = parseAttendanceCsv(`${HEADER}\n${GOOD_ROW}\n${bad}\n`, OPTIONS);
    expect(result.errors).toEqual([{ line: 3, message }]);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.total).toBe(2);
  });

  it('accepts the same learner in another session, and 200 characters of multi-byte text', () => {
    const name = 'ë'.repeat(100) + '😀'.repeat(100); // 200 code points, 300 UTF-16 units
    const csv = [
      HEADER,
      GOOD_ROW,
      'arta.hoxha@tirana.example,Arta Hoxha,IT,DHR-INTRO,2023-01-24,present,88',
      `arta.hoxha@tirana.example,${name},IT,DHR-PRIVACY,2023-01-17,present,88`,
    ].join('\n');
    const result = parseAttendanceCsv(csv, OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(result.rows[2]!.name).toBe(name);
  });

  it('honours maxMinutes', () => {
    const result = parseAttendanceCsv(`${HEADER}\n${GOOD_ROW}\n`, { ...OPTIONS, maxMinutes: 60 });
    expect(result.errors).toEqual([{ line: 2, message: 'minutes: "88" must be a whole number between 0 and 60' }]);
  });

  it('keeps the good rows of a mixed file and reports the bad ones in line order', () => {
    const csv = [
      HEADER,
      GOOD_ROW,
      'erion@tirana.example,Erion,Urban Planning,DHR-XYZ,2023-01-17,late,71',
      'blerina@tirana.example,Blerina,Social Services,DHR-PRIVACY,2023-01-24,excused,',
      'ilir@tirana.example,Ilir,Finance',
      'ilir@tirana.example,Ilir,Finance,DHR-PRIVACY,2023-01-24,absent,0',
      'blerina@tirana.example,Blerina,Social Services,DHR-PRIVACY,2023-01-24,present,90',
    ].join('\n');
    const result = parseAttendanceCsv(csv, OPTIONS);
    expect(result.rows.map((r) => [r.line, r.email, r.status])).toEqual([
      [2, 'arta.hoxha@tirana.example', 'present'],
      [4, 'blerina@tirana.example', 'excused'],
      [6, 'ilir@tirana.example', 'absent'],
    ]);
    expect(result.errors).toEqual([
      { line: 3, message: 'module: "DHR-XYZ" is not a module of this programme' },
      { line: 5, message: 'expected 7 fields, found 3' },
      { line: 7, message: 'duplicate of line 4 for the same learner and session' },
    ]);
    expect(result.total).toBe(6);
  });

  it('only compares valid rows for duplicates', () => {
    const csv = [HEADER, GOOD_ROW.replace('present', 'here'), GOOD_ROW].join('\n');
    const result = parseAttendanceCsv(csv, OPTIONS);
    expect(result.rows.map((r) => r.line)).toEqual([3]);
    expect(result.errors.map((e) => e.line)).toEqual([2]);
  });

  it.each([
    ['LF, string', SAMPLE],
    ['CRLF, string', SAMPLE.replace(/\n/g, '\r\n')],
    ['BOM + LF, string', `\uFEFF${SAMPLE}`],
    ['BOM + CRLF, string', `\uFEFF${SAMPLE.replace(/\n/g, '\r\n')}`],
    ['BOM + CRLF, Buffer', Buffer.from(`\uFEFF${SAMPLE.replace(/\n/g, '\r\n')}`, 'utf8')],
    ['CR only, Buffer', Buffer.from(SAMPLE.replace(/\n/g, '\r'))],
    ['no final line break', SAMPLE.trimEnd()],
  ])('reads the sample with %s', (_case, input) => {
    const result = parseAttendanceCsv(input, OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual(parseAttendanceCsv(SAMPLE, OPTIONS).rows);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('numbers lines from where a record starts when quoted fields span lines (%s)', (_case, eol) => {
    const csv = [
      HEADER,
      '"arta.hoxha@tirana.example","Hoxha, Arta","Directorate of',
      'Information',
      'Technology",DHR-INTRO,2023-01-17,present,88',
      'erion@tirana.example,"Erion ""Eri"" Krasniqi",IT,DHR-INTRO,2023-01-17,late,71',
      'bad@,B,IT,DHR-INTRO,2023-01-17,late,71',
    ].join(eol);
    const result = parseAttendanceCsv(csv, OPTIONS);
    expect(result.rows.map((r) => [r.line, r.name, r.department])).toEqual([
      [2, 'Hoxha, Arta', `Directorate of${eol}Information${eol}Technology`],
      [5, 'Erion "Eri" Krasniqi', 'IT'],
    ]);
    expect(result.errors).toEqual([{ line: 6, message: 'email: "bad@" is not a valid e-mail address' }]);
  });

  it('skips blank lines and rows of empty cells without counting them, but keeps physical line numbers', () => {
    const csv = `\n${HEADER}\n\n${GOOD_ROW}\r\n   \n,,, ,,,\nbad@,B,IT,DHR-INTRO,2023-01-17,late,71\n\n`;
    const result = parseAttendanceCsv(csv, OPTIONS);
    expect(result.rows.map((r) => r.line)).toEqual([4]);
    expect(result.errors).toEqual([{ line: 7, message: 'email: "bad@" is not a valid e-mail address' }]);
    expect(result.total).toBe(2);
  });

  it('keeps the rows before a quote that is never closed and reports where it opened', () => {
    const csv = [
      HEADER,
      GOOD_ROW,
      'erion@tirana.example,"Erion Krasniqi,IT,DHR-INTRO,2023-01-17,late,71',
      'ilir@tirana.example,Ilir,Finance,DHR-PRIVACY,2023-01-24,absent,0',
    ].join('\n');
    const result = parseAttendanceCsv(csv, OPTIONS);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.errors).toEqual([
      { line: 3, message: 'a quoted field starting in this record is never closed; nothing from this line on was imported' },
    ]);
    expect(result.total).toBe(2);
  });

  it('throws when the header itself cannot be read', () => {
    const error = formatError(() => parseAttendanceCsv(`"email,name,module,session,status\n${GOOD_ROW}\n`, OPTIONS));
    expect(error.message).toBe('the header cannot be read: a quoted field starting in this record is never closed');
  });

  it('keeps a quote inside an unquoted field as text and judges the value', () => {
    const csv = `${HEADER}\narta"@tirana.example,Arta "Ari" Hoxha,IT,DHR-INTRO,2023-01-17,present,5\n`;
    expect(parseAttendanceCsv(csv, OPTIONS).errors).toEqual([
      { line: 2, message: 'email: "arta\\"@tirana.example" is not a valid e-mail address' },
    ]);
  });

  it.each([
    ['different order and case', ' Status ,MODULE,Email,Session', 'present,dhr-intro,arta.hoxha@tirana.example,2023-01-17'],
    ['extra columns', 'email,trainer,module,session,status,notes', 'arta.hoxha@tirana.example,Besa,DHR-INTRO,2023-01-17,present,"on time, stayed late"'],
    ['BOM before a reordered header', '\uFEFFsession,status,module,email', '2023-01-17,present,DHR-INTRO,arta.hoxha@tirana.example'],
  ])('matches header columns by name: %s', (_case, header, record) => {
    expect(parseAttendanceCsv(`${header}\n${record}\n`, OPTIONS)).toEqual({
      rows: [row({ line: 2, email: 'arta.hoxha@tirana.example' })],
      errors: [],
      warnings: [],
      duplicates: 0,
      total: 1,
      encoding: 'utf-8',
      delimiter: ',',
    });
  });

  it.each([
    ['module', 'email,name,department,session,status,minutes', ['module']],
    ['session and status', 'email,module,minutes', ['session', 'status']],
    ['everything (semicolons)', 'email;name;module;session;status', ['email', 'module', 'session', 'status']],
  ])('throws when the header lacks %s', (_case, header, missing) => {
    const error = formatError(() => parseAttendanceCsv(`${header}\n${GOOD_ROW}\n`, OPTIONS));
    expect(error.missingColumns).toEqual(missing);
    expect(error.message).toContain(missing.join(', '));
    expect(error.message).toContain(`expected a header like: ${HEADER}`);
  });

  it('throws when a column is named twice', () => {
    const error = formatError(() => parseAttendanceCsv(`${HEADER},Email\n`, OPTIONS));
    expect(error.message).toBe('the header names the column "email" more than once');
  });

  it.each([
    ['nothing', ''],
    ['a BOM only', '\uFEFF'],
    ['blank lines only', '\r\n\n  \n'],
  ])('throws "the file is empty" for %s', (_case, input) => {
    expect(formatError(() => parseAttendanceCsv(input, OPTIONS)).message).toBe('the file is empty');
  });

  it('accepts a file with only a header', () => {
    expect(parseAttendanceCsv(`${HEADER}\r\n`, OPTIONS)).toEqual({
      rows: [], errors: [], warnings: [], duplicates: 0, total: 0, encoding: 'utf-8', delimiter: ',',
    });
  });
});

import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { AttendanceCsvFormatError, parseAttendanceCsv, type ParseOptions } from './index.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/attendance-csv');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const OPTIONS: ParseOptions = { moduleCodes: new Set(['DHR-INTRO', 'DHR-PRIVACY']) };
const HEADER = 'email,name,department,module,session,status,minutes';
const SAVE_AS = 'save it as "CSV UTF-8"';

function formatError(run: () => unknown): AttendanceCsvFormatError {
  try {
    run();
  } catch (err) {
    if (err instanceof AttendanceCsvFormatError) return err;
    throw err;
  }
  throw new Error('expected an AttendanceCsvFormatError');
}

describe('encodings', () => {
  it('reads a Windows-1252 file (Excel "CSV" on Windows) with its ë, ç, á and ’ intact', () => {
    const bytes = fixture('windows-1252.csv');
    // Real single-byte 1252: ë is 0xEB, Ç is 0xC7, ’ is 0x92; no UTF-8 sequence for them.
    expect(isUtf8(bytes)).toBe(false);
    expect([0xeb, 0xc7, 0x92].every((b) => bytes.includes(b))).toBe(true);
    expect(bytes.includes(Buffer.from('ë', 'utf8'))).toBe(false);

    const result = parseAttendanceCsv(bytes, OPTIONS);
    expect(result.encoding).toBe('windows-1252');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.name, r.department])).toEqual([
      [2, 'Ëndrra Çela', 'Shërbimet Sociale'],
      [3, 'Arbër Hoxha', 'Urbanistikë'],
      [4, 'Dritë Gashi', 'Financë'],
      [5, 'Siobhán O’Brien', 'Çështje Ligjore'],
    ]);
  });

  it('reads UTF-8 with a byte-order mark (Excel "CSV UTF-8"), Cyrillic included', () => {
    const bytes = fixture('utf8-bom.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const result = parseAttendanceCsv(bytes, OPTIONS);
    expect(result.encoding).toBe('utf-8');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.email, r.name, r.department])).toEqual([
      [2, 'endrra.cela@tirana.example', 'Ëndrra Çela', 'Shërbimet Sociale'],
      [3, 'stefka.petrova@tirana.example', 'Стефка Петрова', 'Финанси'],
    ]);
  });

  it('reads the same rows from UTF-8 without a byte-order mark as from Windows-1252', () => {
    const text = iconv.decode(fixture('windows-1252.csv'), 'windows-1252');
    expect(text).toContain('Siobhán O’Brien');
    const fromUtf8 = parseAttendanceCsv(Buffer.from(text, 'utf8'), OPTIONS);
    expect(fromUtf8.encoding).toBe('utf-8');
    expect(fromUtf8.rows).toEqual(parseAttendanceCsv(fixture('windows-1252.csv'), OPTIONS).rows);
  });

  it('reads UTF-16 with a byte-order mark (Excel "Unicode Text", tab-separated)', () => {
    const result = parseAttendanceCsv(fixture('unicode-text.txt'), OPTIONS);
    expect(result).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', errors: [] });
    expect(result.rows.map((r) => [r.name, r.minutes])).toEqual([['Ëndrra Çela', 88]]);
  });

  it('refuses UTF-16 without a byte-order mark and says how to save the file', () => {
    const error = formatError(() => parseAttendanceCsv(fixture('utf16le-no-bom.csv'), OPTIONS));
    expect(error.message).toMatch(/^the file cannot be read as text: it contains NUL bytes/);
    expect(error.message).toContain(SAVE_AS);
  });

  it('refuses Cyrillic in Windows-1251 instead of importing it as Ñòåôêà', () => {
    const error = formatError(() => parseAttendanceCsv(fixture('windows-1251.csv'), OPTIONS));
    expect(error.message).toContain('read as Windows-1252 line 2 says "Ñòåôêà", which looks like another encoding');
    expect(error.message).toContain(SAVE_AS);
  });

  it.each([
    ['Polish in Windows-1250 (ł read as ³)', Buffer.from(`${HEADER}\r\njan@x.example,Lech Wa\xb3\xeasa,IT,DHR-INTRO,2023-01-17,present,\r\n`, 'latin1'), 'Wa³êsa'],
  ])('refuses %s', (_case, bytes, word) => {
    const error = formatError(() => parseAttendanceCsv(bytes, OPTIONS));
    expect(error.message).toContain(`line 2 says "${word}"`);
  });

  it.each([
    ['a zip (an .xlsx workbook)', Buffer.from('504b0304140006000800000021006b', 'hex'), /NUL bytes/],
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /NUL bytes/],
    ['bytes Windows-1252 does not define', Buffer.from(`${HEADER}\nx\x81y@x.example,A,IT,DHR-INTRO,2023-01-17,present,\n`, 'latin1'), /byte 0x81 on line 2 does not exist in Windows-1252/],
    ['control characters', Buffer.from(`${HEADER}\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\n`, 'latin1'), /control characters/],
    ['a UTF-8 byte-order mark over other bytes', Buffer.from([0xef, 0xbb, 0xbf, 0x65, 0xeb, 0x0a]), /UTF-8 byte-order mark but is not valid UTF-8/],
  ])('refuses %s', (_case, bytes, message) => {
    const error = formatError(() => parseAttendanceCsv(bytes, OPTIONS));
    expect(error.message).toMatch(message);
    expect(error.message).toContain(SAVE_AS);
  });
});

describe('separators', () => {
  it('reads a semicolon-separated file, commas inside values being text', () => {
    const result = parseAttendanceCsv(fixture('semicolon.csv'), OPTIONS);
    expect(result.delimiter).toBe(';');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.email, r.department, r.status, r.minutes])).toEqual([
      [2, 'arta.hoxha@tirana.example', 'Finance, Budget and Procurement', 'present', 88],
      [3, 'erion.krasniqi@tirana.example', 'Urban Planning; Housing', 'late', 71],
      [4, 'blerina.shehu@tirana.example', 'Social Services', 'absent', null],
    ]);
  });

  it('reads Excel\'s European "CSV": Windows-1252 and semicolons, with a repeat and a contradiction', () => {
    const result = parseAttendanceCsv(fixture('excel-europe.csv'), OPTIONS);
    expect(result).toMatchObject({ encoding: 'windows-1252', delimiter: ';', total: 5, duplicates: 1 });
    expect(result.rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Ëndrra Çela'],
      [3, 'Arbër Hoxha'],
      [5, 'Dritë Gashi'],
    ]);
    expect(result.warnings).toEqual([{ line: 4, message: 'repeats line 2; counted once' }]);
    expect(result.errors).toEqual([{ line: 6, message: 'duplicate of line 3 for the same learner and session' }]);
  });

  it('reads a tab-separated file', () => {
    const csv = `${HEADER.replaceAll(',', '\t')}\narta.hoxha@tirana.example\tArta Hoxha\tIT, Web\tDHR-INTRO\t2023-01-17\tpresent\t88\n`;
    const result = parseAttendanceCsv(csv, OPTIONS);
    expect(result.delimiter).toBe('\t');
    expect(result.rows.map((r) => r.department)).toEqual(['IT, Web']);
  });

  it.each([
    ['a comma header whose names hold semicolons', 'email,name,"module;code",module,session,status', ','],
    ['a semicolon header over a quoted comma', '"email";"name, full";module;session;status', ';'],
    ['blank and empty-cell lines before the header', '\n;;;;\n email ; module ; session ; status ', ';'],
    ['a header only', 'email;module;session;status', ';'],
  ])('takes the separator from the header: %s', (_case, header, delimiter) => {
    const result = parseAttendanceCsv(`${header}\n`, OPTIONS);
    expect(result.delimiter).toBe(delimiter);
  });

  it('reads a header of semicolons over records of commas as commas, and says so', () => {
    const error = formatError(() =>
      parseAttendanceCsv(`email;name;module;session;status\narta.hoxha@tirana.example,A,DHR-INTRO,2023-01-17,present\n`, OPTIONS),
    );
    expect(error.message).toContain('the header is separated by semicolons but the record after it by commas');
  });

  it('says so when the columns are separated by something else', () => {
    const error = formatError(() => parseAttendanceCsv(`email|module|session|status\n`, OPTIONS));
    expect(error.missingColumns).toEqual(['email', 'module', 'session', 'status']);
    expect(error.message).toContain('separated by something other than commas, semicolons or tabs');
  });
});

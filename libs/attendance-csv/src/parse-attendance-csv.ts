import { CsvError, parse, type Options as CsvParseOptions } from 'csv-parse/sync';

import {
  codePointLength,
  isEmailAddress,
  isRealIsoDate,
  isUuid,
  looksLikeIsoDate,
  parseBoundedWholeNumber,
} from './field-checks.js';
import { detectDelimiter, type AttendanceCsvDelimiter } from './delimiter.js';
import { AttendanceCsvFormatError } from './format-error.js';
import { decodeAttendanceFile, type AttendanceCsvEncoding } from './text-encoding.js';
import type {
  AttendanceCsvError,
  AttendanceCsvRow,
  AttendanceCsvWarning,
  AttendanceStatus,
  ParseOptions,
  ParsedAttendanceCsv,
} from './types.js';

/** Columns the import understands, in the order of the template header. */
export const ATTENDANCE_CSV_COLUMNS = ['email', 'name', 'department', 'module', 'session', 'status', 'minutes'] as const;
export type AttendanceCsvColumn = (typeof ATTENDANCE_CSV_COLUMNS)[number];
export const REQUIRED_ATTENDANCE_CSV_COLUMNS: readonly AttendanceCsvColumn[] = ['email', 'module', 'session', 'status'];

const EXPECTED_HEADER = ATTENDANCE_CSV_COLUMNS.join(',');
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(ATTENDANCE_CSV_COLUMNS);
const DEFAULT_MAX_MINUTES = 1440;
const MAX_TEXT_LENGTH = 200;
const MAX_SHOWN_VALUE_LENGTH = 60;
const STATUS_CHOICES = 'present, late, excused, absent';
const LF = 0x0a;
const QUOTE = 0x22;

const TOKENIZER_OPTIONS: CsvParseOptions = {
  bom: true,
  // Field counts and stray quotes are judged record by record here instead of letting the
  // tokenizer abort the whole file.
  relax_column_count: true,
  relax_quotes: true,
  // Blank lines come through as records with one empty field: they are dropped when rows are
  // read, but they keep the line count exact without asking csv-parse for per-record info
  // (its `on_record`/`info` context costs about as much as validating the whole row).
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** Position of each column in a record, -1 when the file does not have it. */
type ColumnPositions = Record<AttendanceCsvColumn, number>;

/**
 * Reads an attendance import file: checks the header, validates every record and returns
 * the valid rows together with one error per rejected record. Only problems with the file
 * as a whole (empty, no usable header, not text) are thrown, as `AttendanceCsvFormatError`.
 *
 * Bytes are decoded by what they are (UTF-8 with or without a byte-order mark, UTF-16 with
 * one, or Windows-1252; see `decodeAttendanceFile`); the separator (comma, semicolon or tab)
 * is taken from the header line. A line repeating an earlier one for the same learner and
 * session is counted once and reported as a warning; one that disagrees with it is an error.
 *
 * Pure: no I/O, no clock, no framework.
 */
export function parseAttendanceCsv(input: string | Buffer, options: ParseOptions): ParsedAttendanceCsv {
  const { utf8, encoding } =
    typeof input === 'string'
      ? { utf8: Buffer.from(input, 'utf8'), encoding: 'utf-8' as const }
      : decodeAttendanceFile(input);
  const { delimiter, mismatch } = detectDelimiter(utf8, KNOWN_COLUMNS);
  return new AttendanceCsvReader(utf8, encoding, delimiter, mismatch, options).read();
}

/** Quotes a value for an error message, shortening very long ones. */
function show(value: string): string {
  return JSON.stringify(value.length > MAX_SHOWN_VALUE_LENGTH ? `${value.slice(0, MAX_SHOWN_VALUE_LENGTH)}…` : value);
}

function join(problems: string, problem: string): string {
  return problems === '' ? problem : `${problems}; ${problem}`;
}

function tooLong(value: string): boolean {
  // Code points are only counted when the UTF-16 length says it might matter.
  return value.length > MAX_TEXT_LENGTH && codePointLength(value) > MAX_TEXT_LENGTH;
}

function toStatus(value: string): AttendanceStatus | null {
  switch (value) {
    case 'present':
    case 'late':
    case 'excused':
    case 'absent':
      return value;
    default:
      return null;
  }
}

/**
 * Two valid rows for the same learner and session say the same thing: every column the
 * import reads has the same value once normalised (so `Late`/`late` and `07`/`7` agree).
 */
function sameValues(a: AttendanceCsvRow, b: AttendanceCsvRow): boolean {
  return a.status === b.status && a.minutes === b.minutes && a.name === b.name && a.department === b.department;
}

function isBlankRecord(record: string[]): boolean {
  for (let i = 0; i < record.length; i++) {
    if (record[i]!.trim() !== '') return false;
  }
  return true;
}

function countLineBreaks(record: string[], lineBreak: string): number {
  let count = 0;
  for (let i = 0; i < record.length; i++) {
    let at = record[i]!.indexOf(lineBreak);
    while (at !== -1) {
      count++;
      at = record[i]!.indexOf(lineBreak, at + 1);
    }
  }
  return count;
}

/** State of one parse. */
class AttendanceCsvReader {
  private readonly moduleCodes: ReadonlySet<string>;
  private readonly maxMinutes: number;
  private readonly minutesRule: string;

  private columns: ColumnPositions | null = null;
  private fieldCount = 0;
  private readonly rows: AttendanceCsvRow[] = [];
  private readonly errors: AttendanceCsvError[] = [];
  private readonly warnings: AttendanceCsvWarning[] = [];
  private duplicates = 0;
  private total = 0;
  /**
   * First valid row per module → session → e-mail. Nested maps keep the keys the strings
   * already at hand: a concatenated key costs a copy and a fresh hash for every row, which
   * made duplicate detection more than twice as slow on 100,000 rows.
   */
  private readonly firstRows = new Map<string, Map<string, Map<string, AttendanceCsvRow>>>();
  private readonly tokenizerOptions: CsvParseOptions;

  constructor(
    private readonly bytes: Buffer,
    private readonly encoding: AttendanceCsvEncoding,
    private readonly delimiter: AttendanceCsvDelimiter,
    /** Why a semicolon or tab header was not taken as the separator, if it was not. */
    private readonly delimiterMismatch: string | undefined,
    options: ParseOptions,
  ) {
    this.tokenizerOptions = { ...TOKENIZER_OPTIONS, delimiter };
    const maxMinutes = options.maxMinutes ?? DEFAULT_MAX_MINUTES;
    if (!Number.isSafeInteger(maxMinutes) || maxMinutes < 0) {
      throw new RangeError(`maxMinutes must be a non-negative whole number, got ${maxMinutes}`);
    }
    this.maxMinutes = maxMinutes;
    this.minutesRule = `must be a whole number between 0 and ${maxMinutes}`;
    this.moduleCodes = new Set(Array.from(options.moduleCodes, (code) => code.trim().toUpperCase()));
  }

  read(): ParsedAttendanceCsv {
    let records: string[][];
    let failure: CsvError | null = null;
    try {
      records = parse(this.bytes, this.tokenizerOptions);
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      failure = err;
      records = this.recordsBeforeFailure();
    }

    // Physical line numbers: every record takes one line plus the line breaks inside its
    // quoted fields. Only files containing a quote can have such fields.
    const lineBreak = this.bytes.indexOf(LF) === -1 ? '\r' : '\n';
    const fieldsMaySpanLines = this.bytes.indexOf(QUOTE) !== -1;
    let line = 1;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      this.accept(record, line);
      line += fieldsMaySpanLines ? 1 + countLineBreaks(record, lineBreak) : 1;
    }

    if (failure !== null) this.stopAtUnreadableRecord(failure, line);
    if (this.columns === null) throw new AttendanceCsvFormatError('the file is empty');
    return {
      rows: this.rows,
      errors: this.errors,
      warnings: this.warnings,
      duplicates: this.duplicates,
      total: this.total,
      encoding: this.encoding,
      delimiter: this.delimiter,
    };
  }

  /**
   * The synchronous API throws away what it read when it fails; read again, keeping each
   * record as it is completed (slower, but only taken for broken files).
   */
  private recordsBeforeFailure(): string[][] {
    const records: string[][] = [];
    try {
      parse(this.bytes, {
        ...this.tokenizerOptions,
        on_record: (record: string[]) => {
          records.push(record);
          return null;
        },
      });
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
    }
    return records;
  }

  private accept(record: string[], line: number): void {
    // Blank lines, whitespace-only lines and rows of empty cells (",,,,,," as spreadsheets
    // export them) carry nothing: skip them without counting.
    if (record[0]!.trim() === '' && isBlankRecord(record)) return;
    if (this.columns === null) {
      this.readHeader(record);
      return;
    }
    this.total++;
    if (record.length !== this.fieldCount) {
      this.errors.push({ line, message: `expected ${this.fieldCount} fields, found ${record.length}` });
    } else {
      this.readRow(record, line);
    }
  }

  private readHeader(header: string[]): void {
    const columns: ColumnPositions = {
      email: -1,
      name: -1,
      department: -1,
      module: -1,
      session: -1,
      status: -1,
      minutes: -1,
    };
    for (let i = 0; i < header.length; i++) {
      const name = header[i]!.trim().toLowerCase();
      if (!KNOWN_COLUMNS.has(name)) continue; // extra columns are ignored
      const column = name as AttendanceCsvColumn;
      if (columns[column] !== -1) {
        throw new AttendanceCsvFormatError(`the header names the column "${column}" more than once`);
      }
      columns[column] = i;
    }
    const missing = REQUIRED_ATTENDANCE_CSV_COLUMNS.filter((column) => columns[column] === -1);
    if (missing.length > 0) {
      const plural = missing.length > 1 ? 's' : '';
      const separatorHint = this.delimiterMismatch
        ? ` (${this.delimiterMismatch})`
        : header.length === 1 && /[;\t|]/.test(header[0]!)
          ? ' (the columns seem to be separated by something other than commas, semicolons or tabs)'
          : '';
      throw new AttendanceCsvFormatError(
        `the header is missing the required column${plural} ${missing.join(', ')}${separatorHint}; ` +
          `expected a header like: ${EXPECTED_HEADER}`,
        missing,
      );
    }
    this.columns = columns;
    this.fieldCount = header.length;
  }

  private readRow(record: string[], line: number): void {
    const columns = this.columns!;
    let problems = '';

    const emailText = record[columns.email]!.trim();
    const email = emailText.toLowerCase();
    if (emailText === '') problems = 'email: a value is required';
    else if (!isEmailAddress(email)) problems = `email: ${show(emailText)} is not a valid e-mail address`;

    let name: string | null = null;
    if (columns.name !== -1) {
      const text = record[columns.name]!.trim();
      if (text !== '') {
        name = text;
        if (tooLong(text)) problems = join(problems, `name: ${show(text)} is longer than ${MAX_TEXT_LENGTH} characters`);
      }
    }

    let department: string | null = null;
    if (columns.department !== -1) {
      const text = record[columns.department]!.trim();
      if (text !== '') {
        department = text;
        if (tooLong(text)) {
          problems = join(problems, `department: ${show(text)} is longer than ${MAX_TEXT_LENGTH} characters`);
        }
      }
    }

    const moduleText = record[columns.module]!.trim();
    const moduleCode = moduleText.toUpperCase();
    if (moduleText === '') problems = join(problems, 'module: a value is required');
    else if (!this.moduleCodes.has(moduleCode)) {
      problems = join(problems, `module: ${show(moduleText)} is not a module of this programme`);
    }

    const sessionText = record[columns.session]!.trim();
    let sessionDate: string | null = null;
    let sessionId: string | null = null;
    if (sessionText === '') problems = join(problems, 'session: a value is required');
    else if (looksLikeIsoDate(sessionText)) {
      if (isRealIsoDate(sessionText)) sessionDate = sessionText;
      else problems = join(problems, `session: ${show(sessionText)} is not a real date`);
    } else if (isUuid(sessionText)) {
      sessionId = sessionText.toLowerCase();
    } else {
      problems = join(problems, `session: ${show(sessionText)} is neither a date (YYYY-MM-DD) nor a session id (UUID)`);
    }

    const statusText = record[columns.status]!.trim();
    const status = toStatus(statusText.toLowerCase());
    if (statusText === '') problems = join(problems, 'status: a value is required');
    else if (status === null) problems = join(problems, `status: ${show(statusText)} is not one of ${STATUS_CHOICES}`);

    let minutes: number | null = null;
    if (columns.minutes !== -1) {
      const text = record[columns.minutes]!.trim();
      if (text !== '') {
        const value = parseBoundedWholeNumber(text, this.maxMinutes);
        if (value < 0) problems = join(problems, `minutes: ${show(text)} ${this.minutesRule}`);
        else minutes = value;
      }
    }

    if (problems !== '') {
      this.errors.push({ line, message: problems });
      return;
    }

    const row: AttendanceCsvRow = {
      line,
      email,
      name,
      department,
      moduleCode,
      sessionDate,
      sessionId,
      status: status!,
      minutes,
    };
    const first = this.claim(moduleCode, (sessionDate ?? sessionId)!, email, row);
    if (first === row) {
      this.rows.push(row);
    } else if (sameValues(first, row)) {
      this.duplicates++;
      this.warnings.push({ line, message: `repeats line ${first.line}; counted once` });
    } else {
      this.errors.push({ line, message: `duplicate of line ${first.line} for the same learner and session` });
    }
  }

  /** Records `row` for its learner and session unless already taken; returns the row holding it. */
  private claim(moduleCode: string, session: string, email: string, row: AttendanceCsvRow): AttendanceCsvRow {
    let sessions = this.firstRows.get(moduleCode);
    if (sessions === undefined) {
      sessions = new Map();
      this.firstRows.set(moduleCode, sessions);
    }
    let learners = sessions.get(session);
    if (learners === undefined) {
      learners = new Map();
      sessions.set(session, learners);
    }
    const first = learners.get(email);
    if (first !== undefined) return first;
    learners.set(email, row);
    return row;
  }

  /**
   * The tokenizer gave up (in practice: a quote opened and never closed, which swallows the
   * rest of the file). Rows read so far are kept; the record it stopped in becomes an error.
   */
  private stopAtUnreadableRecord(err: CsvError, line: number): void {
    const reason =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field starting in this record is never closed'
        : `the record cannot be read (${err.message})`;
    if (this.columns === null) throw new AttendanceCsvFormatError(`the header cannot be read: ${reason}`);
    this.total++;
    this.errors.push({ line, message: `${reason}; nothing from this line on was imported` });
  }
}

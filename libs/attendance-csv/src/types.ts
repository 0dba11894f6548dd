import type { AttendanceCsvDelimiter } from './delimiter.js';
import type { AttendanceCsvEncoding } from './text-encoding.js';

/** Plain data produced by the attendance CSV import: no framework, no database, no I/O. */
export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';

/** One valid attendance record, normalised. */
export interface AttendanceCsvRow {
  /** 1-based physical line where the record starts in the file (the header is line 1). */
  line: number;
  /** Trimmed and lower-cased. */
  email: string;
  /** Trimmed; null when empty. */
  name: string | null;
  /** Trimmed; null when empty. */
  department: string | null;
  /** Trimmed and upper-cased; always one of `ParseOptions.moduleCodes`. */
  moduleCode: string;
  /** `YYYY-MM-DD` when the session column holds a date, otherwise null. */
  sessionDate: string | null;
  /** Lower-cased UUID when the session column holds a session id, otherwise null. */
  sessionId: string | null;
  status: AttendanceStatus;
  minutes: number | null;
}

/** A problem with one record; `message` names the column(s) and the offending value(s). */
export interface AttendanceCsvError {
  line: number;
  message: string;
}

/** Something the import did on its own that the uploader should know of; the row is not lost. */
export interface AttendanceCsvWarning {
  line: number;
  message: string;
}

export interface ParsedAttendanceCsv {
  rows: AttendanceCsvRow[];
  errors: AttendanceCsvError[];
  /** One per line that repeats an earlier one ("repeats line 2; counted once"). */
  warnings: AttendanceCsvWarning[];
  /** Records that say exactly what an earlier one says (after normalising) and were counted once. */
  duplicates: number;
  /** Data records seen (header and blank lines excluded), valid or not, repeats included. */
  total: number;
  /** How the bytes were encoded (a string input counts as UTF-8). */
  encoding: AttendanceCsvEncoding;
  /** The field separator found in the header line. */
  delimiter: AttendanceCsvDelimiter;
}

export interface ParseOptions {
  /** Module codes of the programme the file is imported into (compared upper-cased). */
  moduleCodes: ReadonlySet<string>;
  /** Upper bound for the `minutes` column; defaults to 1440 (one day). */
  maxMinutes?: number;
}

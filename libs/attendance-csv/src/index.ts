export type {
  AttendanceCsvError,
  AttendanceCsvRow,
  AttendanceCsvWarning,
  AttendanceStatus,
  ParseOptions,
  ParsedAttendanceCsv,
} from './types.js';
export { AttendanceCsvFormatError } from './format-error.js';
export {
  ATTENDANCE_CSV_COLUMNS,
  REQUIRED_ATTENDANCE_CSV_COLUMNS,
  parseAttendanceCsv,
  type AttendanceCsvColumn,
} from './parse-attendance-csv.js';
export { decodeAttendanceFile, SAVE_AS_UTF8_HINT, type AttendanceCsvEncoding } from './text-encoding.js';
export type { AttendanceCsvDelimiter } from './delimiter.js';

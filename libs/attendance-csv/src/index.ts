export type {
  AttendanceCsvError,
  AttendanceCsvRow,
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

/** Which tool produced an attendance report. */
export type ReportFormat = 'zoom' | 'teams' | 'teams-legacy';

/** A stretch of time during which a participant was in the meeting. */
export interface Interval {
  join: Date;
  leave: Date;
}

export interface ReportParticipant {
  /** Display name; a Zoom "Name (Original Name)" keeps only "Name" here. */
  name: string;
  /** The name in brackets of a renamed Zoom participant. */
  originalName?: string;
  /** Lower-cased; null when the report has none for this person. */
  email: string | null;
  /** The host / organiser of the meeting. */
  organiser: boolean;
  /** Sorted, with overlapping or touching intervals united. */
  intervals: Interval[];
  /** Minutes present, rounded to the nearest whole minute. */
  minutes: number;
  firstJoin: Date;
  lastLeave: Date;
  /** 1-based lines of the rows this participant was built from, ascending. */
  sourceLines: number[];
}

export interface ReportWarning {
  /** 1-based line the warning is about, null when it concerns the whole file. */
  line: number | null;
  message: string;
}

export interface ParsedReport {
  format: ReportFormat;
  meeting: { title: string | null; start: Date | null; end: Date | null };
  participants: ReportParticipant[];
  warnings: ReportWarning[];
  /**
   * Meaning → header text as found in the file. Participant columns use the plain meaning
   * (`name`, `email`, `join`…); meeting-level fields are prefixed `meeting.` and the columns
   * of the Teams "In-Meeting Activities" section `activity.`.
   */
  columns: Record<string, string>;
}

export interface ParseReportOptions {
  /** IANA zone the report's local times are in, e.g. 'Europe/Tirane'. */
  timeZone: string;
  /** Order used for dates the data itself leaves ambiguous. */
  dateOrder?: DateOrder;
}

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

/** The input is not an attendance report this library understands. */
export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError';
}

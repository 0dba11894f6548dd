/**
 * The file as a whole cannot be imported (empty, unreadable header, required columns missing).
 * Problems with single records are never thrown; they are returned as row errors instead.
 */
export class AttendanceCsvFormatError extends Error {
  override readonly name = 'AttendanceCsvFormatError';

  constructor(
    message: string,
    /** Required columns absent from the header, when that is the problem. */
    readonly missingColumns: readonly string[] = [],
  ) {
    super(message);
  }
}

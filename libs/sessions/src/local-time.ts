import { invalid, type Queryable } from '@academy/common';

/** A date-time with a time of day, and an optional offset: 2024-03-31T09:00, …T09:00:00, …T09:00:00+02:00, …T07:00:00Z. */
export const SESSION_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

const OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * The instant a session time names. With an offset (`Z`, `+02:00`) it is that instant. Without
 * one (`2024-03-31T09:00:00`) it is a wall-clock time in the session's time zone, converted
 * with PostgreSQL's time zone database; a time the clocks skip there (spring forward) or show
 * twice (fall back) is refused with 400 naming the field, as it names no single instant.
 */
export async function instantInZone(q: Queryable, field: string, value: string, timeZone: string): Promise<Date> {
  if (!SESSION_TIME.test(value)) {
    throw invalid(`${field}: must be a date and time such as 2024-03-31T09:00:00 (local time in the session's zone) or 2024-03-31T07:00:00Z`);
  }
  if (OFFSET.test(value)) {
    const instant = new Date(value);
    if (Number.isNaN(instant.getTime())) throw invalid(`${field}: ${value} is not a real date and time`);
    return instant;
  }
  let row: { instant: Date; back: string; local: string; before: string; after: string } | undefined;
  try {
    [row] = await q.query(
      `SELECT t.instant,
              to_char(t.instant AT TIME ZONE $2, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS back,
              to_char($1::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS local,
              to_char((t.instant - interval '1 hour') AT TIME ZONE $2, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS before,
              to_char((t.instant + interval '1 hour') AT TIME ZONE $2, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS after
         FROM (SELECT $1::timestamp AT TIME ZONE $2 AS instant) t`,
      [value, timeZone],
    );
  } catch {
    throw invalid(`${field}: ${value} is not a real date and time`);
  }
  if (!row) throw invalid(`${field}: ${value} is not a real date and time`);
  if (row.back !== row.local) {
    throw invalid(
      `${field}: ${value} does not exist in ${timeZone} (the clocks skip it that night); give another time, or an offset such as +02:00`,
    );
  }
  if (row.before === row.local || row.after === row.local) {
    throw invalid(`${field}: ${value} happens twice in ${timeZone} (the clocks go back that night); add its offset, e.g. +01:00 or +02:00`);
  }
  return row.instant;
}

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A file's row with the ids it resolved to. */
export interface ResolvedRow {
  line: number;
  sessionId: string;
  userId: string;
  status: string;
  minutes: number | null;
  /** The learner or the session was created by this import: the row cannot exist yet. */
  fresh: boolean;
}

/** COPY text format: backslash escapes, \N for null. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Lines of COPY text in chunks of about 64 KiB. */
function* chunks<T>(rows: Iterable<T>, line: (r: T) => string): Generator<string> {
  let chunk = '';
  for (const r of rows) {
    chunk += line(r);
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function copy<T>(client: PoolClient, statement: string, rows: Iterable<T>, line: (r: T) => string): Promise<number> {
  const stream = client.query(copyFrom(statement));
  await pipeline(Readable.from(chunks(rows, line)), stream);
  return stream.rowCount;
}

/**
 * Rows of learners or sessions the import created cannot exist yet: they are COPYed straight
 * into `attendance` (as a raw COPY of the same rows would be), session by session and by
 * learner within each, the order of its primary key. `recorded_at` is its default, now().
 */
export function copyFreshAttendance(client: PoolClient, rows: ResolvedRow[], recordedBy: string): Promise<number> {
  const bySession = new Map<string, ResolvedRow[]>();
  for (const r of rows) {
    const list = bySession.get(r.sessionId);
    if (list) list.push(r);
    else bySession.set(r.sessionId, [r]);
  }
  const ordered = [...bySession.keys()].sort().flatMap((s) => bySession.get(s)!.sort((a, b) => (a.userId < b.userId ? -1 : 1)));
  const by = copyValue(recordedBy);
  return copy(client, `COPY attendance (session_id, user_id, status, minutes, source, recorded_by) FROM STDIN`, ordered,
    (r) => `${r.sessionId}\t${r.userId}\t${r.status}\t${copyValue(r.minutes)}\tcsv\t${by}\n`);
}

/** Enrolments of learners the import created (who cannot have one yet). */
export async function copyEnrolments(client: PoolClient, programmeId: string, userIds: string[]): Promise<void> {
  await copy(client, `COPY enrolments (programme_id, user_id) FROM STDIN`, userIds, (id) => `${programmeId}\t${id}\n`);
}

/** The other rows go to a temporary table, to be checked against manual records and merged. */
export async function copyImportRows(client: PoolClient, rows: ResolvedRow[]): Promise<void> {
  await client.query(`
    CREATE TEMP TABLE import_rows (
      line int NOT NULL, session_id uuid NOT NULL, user_id uuid NOT NULL,
      status attendance_status NOT NULL, minutes int
    ) ON COMMIT DROP`);
  await copy(client, `COPY import_rows (line, session_id, user_id, status, minutes) FROM STDIN`, rows,
    (r) => `${r.line}\t${r.sessionId}\t${r.userId}\t${r.status}\t${copyValue(r.minutes)}\n`);
  await client.query(`ANALYZE import_rows`);
}

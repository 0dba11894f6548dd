import { HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

/**
 * How the api answers and logs an error that came from PostgreSQL. The caller never sees the
 * database's own text (it can quote values and name tables); the log never sees the query's
 * parameters (password hashes, e-mail addresses, submission text) nor the `detail` line that
 * repeats a conflicting value.
 */

interface PgLike {
  code?: string;
  message?: string;
  severity?: string;
  column?: string;
  constraint?: string;
  table?: string;
  routine?: string;
}

/** Answers for errors the caller caused; the message never quotes the database. */
const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  '22P02': { status: HttpStatus.BAD_REQUEST, message: 'a value does not have the expected format' },
  '22007': { status: HttpStatus.BAD_REQUEST, message: 'a date or time is not valid' },
  '22008': { status: HttpStatus.BAD_REQUEST, message: 'a date or time is out of range' },
  '22003': { status: HttpStatus.BAD_REQUEST, message: 'a number is out of range' },
  '22001': { status: HttpStatus.BAD_REQUEST, message: 'a value is too long' },
  '22021': { status: HttpStatus.BAD_REQUEST, message: 'a text contains a character that cannot be stored (such as NUL)' },
  '22P05': { status: HttpStatus.BAD_REQUEST, message: 'a text contains a character that cannot be stored' },
  '22023': { status: HttpStatus.BAD_REQUEST, message: 'a value is not valid' },
  '23502': { status: HttpStatus.BAD_REQUEST, message: 'a required value is missing' },
  '23503': { status: HttpStatus.CONFLICT, message: 'the record refers to, or is referred to by, another record' },
  '23505': { status: HttpStatus.CONFLICT, message: 'a record with the same identity already exists' },
  '23514': { status: HttpStatus.BAD_REQUEST, message: 'a value is outside what is allowed' },
  '54001': { status: HttpStatus.BAD_REQUEST, message: 'the request is too complex' },
};

/** Node socket errors and SQLSTATE classes meaning the database cannot be reached or used now. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|not queryable|cannot use a pool after calling end|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|too many clients/i;

function pgOf(err: unknown): PgLike | null {
  if (err instanceof QueryFailedError) return ((err as { driverError?: PgLike }).driverError ?? err) as PgLike;
  if (typeof err === 'object' && err !== null && 'severity' in err && typeof (err as PgLike).code === 'string') {
    return err as PgLike;
  }
  return null;
}

/**
 * True when the database is down, restarting, or refusing connections: the api answers 503.
 * The messages are the pg driver's own for a lost or refused connection (they carry no SQLSTATE).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const pg = pgOf(err);
  const code = pg?.code ?? (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return true;
    // Connection exception, insufficient resources, operator intervention (shutdown, crash, starting up).
    if (pg && /^(08|53|57P)/.test(code)) return true;
  }
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/** The answer for a database error the caller caused, or null when it is the academy's fault. */
export function clientDatabaseError(err: unknown): { status: number; message: string } | null {
  const pg = pgOf(err);
  if (!pg?.code) return null;
  const known = CLIENT_ERRORS[pg.code];
  if (!known) return null;
  return { status: known.status, message: pg.column ? `${pg.column}: ${known.message}` : known.message };
}

/** What the log may show of an error: for a database error its code and statement, never its parameters. */
export function loggableError(err: unknown): unknown {
  const pg = pgOf(err);
  if (!pg) return err;
  const query = err instanceof QueryFailedError ? (err as { query?: string }).query : undefined;
  return {
    type: err instanceof Error ? err.constructor.name : 'DatabaseError',
    message: pg.message,
    code: pg.code,
    ...(pg.table ? { table: pg.table } : {}),
    ...(pg.column ? { column: pg.column } : {}),
    ...(pg.constraint ? { constraint: pg.constraint } : {}),
    ...(pg.routine ? { routine: pg.routine } : {}),
    ...(query ? { query: query.slice(0, 2000) } : {}),
    stack: err instanceof Error ? err.stack?.split('\n').slice(0, 8).join('\n') : undefined,
  };
}

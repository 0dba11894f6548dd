import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, type DomainErrorCode } from '@academy/common';
import { RuleSetValidationError } from '@academy/rules';

export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  'rate-limited': HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** PostgreSQL errors that mean the caller sent something impossible, not that we broke. */
const PG_CLIENT_ERRORS: Record<string, number> = {
  '22P02': HttpStatus.BAD_REQUEST, // invalid text representation
  '22007': HttpStatus.BAD_REQUEST, // invalid datetime format
  '22008': HttpStatus.BAD_REQUEST, // datetime field overflow
  '23505': HttpStatus.CONFLICT, // unique violation
};

/**
 * One error shape for the whole API: {statusCode, error, message, requestId, errors?}.
 * Domain errors map by code; unexpected ones are logged with the request id and answered
 * 500 without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpError');

  /** @param bodyLimit the largest request body accepted (imports), named in 413 answers */
  constructor(private readonly bodyLimit: number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'Internal server error';
    let extra: Record<string, unknown> = {};

    if (exception instanceof DomainError) {
      status = DOMAIN_ERROR_STATUS[exception.code];
      message = exception.message;
      if (exception.details !== undefined) extra = { details: exception.details };
    } else if (exception instanceof RuleSetValidationError) {
      status = HttpStatus.BAD_REQUEST;
      message = exception.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      extra = { errors: exception.errors };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'string') message = body;
      else {
        const b = body as Record<string, unknown>;
        message = Array.isArray(b.message) ? b.message.join('; ') : String(b.message ?? exception.message);
        if (b.errors) extra = { errors: b.errors };
      }
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      message = exception.message;
    } else if (isPgError(exception) && PG_CLIENT_ERRORS[exception.code]) {
      status = PG_CLIENT_ERRORS[exception.code];
      message = exception.message;
    }
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
      message = `request body is larger than the limit of ${this.bodyLimit} bytes`;
    }
    // Errors raised before the logging middleware ran (e.g. malformed JSON) still get an id.
    const requestId = req.id ?? (res.getHeader('X-Request-Id') as string | undefined) ?? randomUUID();
    if (!res.getHeader('X-Request-Id')) res.setHeader('X-Request-Id', requestId);
    if (status >= 500) this.log.error({ err: exception, requestId }, 'unhandled error');
    res.status(status).json({ statusCode: status, error: HttpStatus[status] ?? 'Error', message, requestId, ...extra });
  }
}

function isBodyParserError(e: unknown): e is { status: number; limit?: number; message: string; type: string } {
  return typeof e === 'object' && e !== null && 'type' in e && 'status' in e && typeof (e as any).status === 'number';
}

function isPgError(e: unknown): e is { code: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as any).code === 'string' && 'severity' in (e as any);
}

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger, type LoggerService } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, type DomainErrorCode, RateLimitedError } from '@academy/common';
import { RuleSetValidationError } from '@academy/rules';
import { clientDatabaseError, isDatabaseUnavailable, loggableError } from './database-errors.js';

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

/**
 * Answers in the one error shape. Used by the filter and by the middleware that answers before
 * any route (rate limits, refused bodies). Errors raised before the logging middleware ran
 * still get an id.
 */
export function answerError(
  req: Request,
  res: Response,
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const requestId = (req.id as string | undefined) ?? (res.getHeader('X-Request-Id') as string | undefined) ?? randomUUID();
  if (!res.getHeader('X-Request-Id')) res.setHeader('X-Request-Id', requestId);
  res.status(status).json({ statusCode: status, error: HttpStatus[status] ?? 'Error', message, requestId, ...extra });
}

/**
 * One error shape for the whole API: {statusCode, error, message, requestId, errors?}.
 * Domain errors map by code; database errors the caller caused by theirs (never with the
 * database's text); a database that cannot be reached is a 503; unexpected errors are logged
 * with the request id (database errors without their parameters) and answered 500 without
 * internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  /**
   * @param bodyLimit the largest request body accepted (imports), named in 413 answers
   * @param log the app's own logger (pino), so that nothing else switching Nest's shared logger off silences it
   */
  constructor(
    private readonly bodyLimit: number,
    private readonly log: LoggerService = new Logger('HttpError'),
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'Internal server error';
    let extra: Record<string, unknown> = {};

    if (exception instanceof DomainError) {
      status = DOMAIN_ERROR_STATUS[exception.code];
      message = exception.message;
      if (exception.details !== undefined) extra = { details: exception.details };
      if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
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
    } else if (isDatabaseUnavailable(exception)) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      message = 'the database is not available at the moment: try again shortly';
    } else {
      const known = clientDatabaseError(exception);
      if (known) ({ status, message } = known);
    }
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
      message = `request body is larger than the limit of ${this.bodyLimit} bytes`;
    }
    if (status >= 500) {
      const requestId = (req.id as string | undefined) ?? (res.getHeader('X-Request-Id') as string | undefined);
      this.log.error({ err: loggableError(exception), requestId }, status === 503 ? 'dependency unavailable' : 'unhandled error', 'HttpError');
    }
    answerError(req, res, status, message, extra);
  }
}

function isBodyParserError(e: unknown): e is { status: number; limit?: number; message: string; type: string } {
  return typeof e === 'object' && e !== null && 'type' in e && 'status' in e && typeof (e as any).status === 'number';
}

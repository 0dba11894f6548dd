/**
 * Errors the domain raises on purpose. The api's exception filter maps each code to an
 * HTTP status, so services never speak HTTP and the worker can use them too.
 */
export type DomainErrorCode =
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'forbidden'
  | 'unauthenticated'
  | 'too-large'
  | 'rate-limited'
  /** A service the request needs (the queue's Redis) does not answer: try again later. */
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Too many requests; the answer's Retry-After header says when to try again. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate-limited', message);
  }
}

export const notFound = (what: string, id: string) => new DomainError('not-found', `${what} ${id} was not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
export const invalid = (message: string, details?: unknown) => new DomainError('invalid', message, details);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const unavailable = (message: string) => new DomainError('unavailable', message);

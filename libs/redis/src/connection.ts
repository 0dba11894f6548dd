/**
 * How every Redis connection of the academy (BullMQ's and its own) behaves when Redis goes
 * away: it reconnects by itself, quickly at first, and the process says so once rather
 * than once per connection and attempt.
 */

/** ioredis' retryStrategy: 100 ms, 200 ms, 400 ms … then every 2 s, for as long as it takes. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(attempt - 1, 0), 2_000);
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
]);

/** True for the errors of a lost or refused connection (as opposed to a failing command). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code && CONNECTION_ERROR_CODES.has(e.code)) return true;
  return /connection is closed|stream isn't writeable|connect ETIMEDOUT|max retries per request/i.test(e?.message ?? '');
}

/**
 * The state of a process's connections to Redis, for its log: the first connection that
 * fails makes one warning, the last one to come back one line. `lost` and `back` take any
 * object that stands for a connection.
 */
export class RedisOutage {
  private readonly broken = new Set<object>();
  private since = 0;

  constructor(
    /** Both lines are warnings: the second closes the first. */
    private readonly warn: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get down(): boolean {
    return this.broken.size > 0;
  }

  lost(connection: object, reason?: string): void {
    if (this.broken.has(connection)) return;
    this.broken.add(connection);
    if (this.broken.size > 1) return;
    this.since = this.now();
    this.warn(`lost the connection to Redis${reason ? ` (${reason})` : ''}; reconnecting, jobs wait until it is back`);
  }

  back(connection: object): void {
    if (!this.broken.delete(connection) || this.broken.size > 0) return;
    this.warn(`connected to Redis again after ${((this.now() - this.since) / 1000).toFixed(1)} s`);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitSetting } from '@academy/config';
import { ACADEMY_REDIS } from './redis.js';

/** What a limiter says about one key. */
export interface LimitVerdict {
  allowed: boolean;
  /** Counted requests left in the current window. */
  remaining: number;
  /** Seconds until the window ends (the Retry-After of a refusal); at least 1. */
  retryAfterSeconds: number;
}

/**
 * One named limit (rate-limiter-flexible's fixed window) counted in the shared Redis, so every
 * api instance sees the same count. While Redis does not answer, each process falls back to
 * counting in its own memory (the library's insurance limiter) rather than letting everything
 * through or refusing everyone.
 */
export class RequestLimiter {
  private readonly store: RateLimiterRedis;

  constructor(redis: Redis, readonly name: string, readonly setting: RateLimitSetting) {
    const options = { keyPrefix: `limit:${name}`, points: setting.points, duration: setting.windowSeconds };
    this.store = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  }

  /** Counts one request against `key`; refused once the window's points are used up. */
  async consume(key: string, points = 1): Promise<LimitVerdict> {
    try {
      return verdict(await this.store.consume(keyOf(key), points), true);
    } catch (err) {
      if (err instanceof RateLimiterRes) return verdict(err, false);
      throw err;
    }
  }

  /** Whether `key` is already over its limit, without counting anything. */
  async peek(key: string): Promise<LimitVerdict> {
    const res = await this.store.get(keyOf(key));
    if (!res) return { allowed: true, remaining: this.setting.points, retryAfterSeconds: this.setting.windowSeconds };
    return verdict(res, res.consumedPoints < this.setting.points);
  }

  /** Gives back points counted earlier (a request that turned out not to count). */
  async refund(key: string, points = 1): Promise<void> {
    await this.store.reward(keyOf(key), points);
  }

  /** Forgets the count of `key` (e.g. a successful login ends a run of failures). */
  async clear(key: string): Promise<void> {
    await this.store.delete(keyOf(key));
  }
}

/** Keys are hashed: no e-mail address is stored in Redis, and a huge input makes no huge key. */
const keyOf = (key: string) => createHash('sha256').update(key).digest('base64url');

const verdict = (res: RateLimiterRes, allowed: boolean): LimitVerdict => ({
  allowed,
  remaining: res.remainingPoints,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

/** The process's limiters, one per name, on the academy's Redis client. */
@Injectable()
export class RateLimiters {
  private readonly limiters = new Map<string, RequestLimiter>();

  constructor(@Inject(ACADEMY_REDIS) private readonly redis: Redis) {}

  limiter(name: string, setting: RateLimitSetting): RequestLimiter {
    let limiter = this.limiters.get(name);
    if (!limiter) this.limiters.set(name, (limiter = new RequestLimiter(this.redis, name, setting)));
    return limiter;
  }
}

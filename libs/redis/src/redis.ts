import { Redis } from 'ioredis';
import type { AcademyConfig } from '@academy/config';
import { reconnectDelay } from './connection.js';

/**
 * One plain Redis client per process for the academy's own keys (rate-limit counters) and
 * the health check; BullMQ keeps its own connections. Keys live under the queue prefix so
 * several academies, or test files, can share one Redis.
 */
export const ACADEMY_REDIS = Symbol('ACADEMY_REDIS');

export function createAcademyRedis(config: AcademyConfig): Redis {
  const client = new Redis(config.redisUrl, {
    keyPrefix: `${config.queuePrefix}:`,
    lazyConnect: true,
    // A command fails after one reconnection attempt rather than waiting for Redis.
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
  });
  client.on('error', () => undefined); // surfaced by the calls that fail, and by /api/health
  return client;
}

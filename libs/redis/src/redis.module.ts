import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { RateLimiters } from './rate-limiter.js';
import { ACADEMY_REDIS, createAcademyRedis } from './redis.js';

/** The process's one Redis client for the academy's own keys, and the rate limiters on it; disconnected on shutdown. */
@Module({
  providers: [
    { provide: ACADEMY_REDIS, inject: [ACADEMY_CONFIG], useFactory: (config: AcademyConfig) => createAcademyRedis(config) },
    RateLimiters,
  ],
  exports: [ACADEMY_REDIS, RateLimiters],
})
export class RedisModule implements OnModuleDestroy {
  constructor(@Inject(ACADEMY_REDIS) private readonly redis: Redis) {}

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

import { Controller, Get, Inject, type OnModuleDestroy } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { ACADEMY_CONFIG, type AcademyConfig } from '../../../../libs/academy/src/index.js';
import { Public } from '../auth/auth.decorators.js';

@ApiTags('health')
@Controller('api/health')
export class HealthController implements OnModuleDestroy {
  private readonly redisClient: Redis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(ACADEMY_CONFIG) config: AcademyConfig,
  ) {
    this.redisClient = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redisClient.on('error', () => undefined);
  }

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: '200 when PostgreSQL and Redis answer, 503 otherwise' })
  check() {
    return this.health.check([() => this.db.pingCheck('postgres', { timeout: 1500 }), () => this.redis()]);
  }

  private async redis(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('redis');
    try {
      if (this.redisClient.status === 'wait') await this.redisClient.connect();
      await this.redisClient.ping();
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.redisClient.disconnect();
  }
}

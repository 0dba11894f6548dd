import { Controller, Get, Header, Inject, Logger, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService, type HealthCheckResult, type HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { ACADEMY_REDIS } from '@academy/redis';
import { Public } from '../auth/auth.decorators.js';

/** Each dependency must answer within this time; the whole check answers in about as long. */
const TIMEOUT_MS = 1_500;
const LABELS: Record<string, string> = { postgres: 'PostgreSQL', redis: 'Redis' };

const indicator = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  additionalProperties: true,
};
const details = {
  type: 'object',
  properties: { postgres: indicator, redis: indicator },
  example: { postgres: { status: 'up' }, redis: { status: 'down', message: 'not connected (reconnecting)' } },
};

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  private readonly log = new Logger('Health');
  /** The dependencies the last check found down, so that a change is logged once. */
  private down = '';
  private redisError: string | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(ACADEMY_REDIS) private readonly redisClient: Redis,
  ) {
    redisClient.on('error', (err: Error) => (this.redisError = err.message));
    redisClient.on('ready', () => (this.redisError = undefined));
  }

  @Get()
  @Public()
  @Header('Cache-Control', 'no-cache, no-store, must-revalidate')
  @ApiOperation({
    summary: 'Whether the api can reach PostgreSQL and Redis',
    description:
      `200 when both answer within ${TIMEOUT_MS / 1000} s; 503 naming each one that does not, in \`message\` and ` +
      "`details`. Answers within about that time also while a dependency is down. Open to anyone, for load balancers and the launcher.",
  })
  @ApiOkResponse({
    description: 'Both answer',
    schema: {
      type: 'object',
      properties: { status: { type: 'string', example: 'ok' }, info: details, error: { type: 'object' }, details },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'PostgreSQL or Redis (or both) does not answer; the error shape of the API, with what each dependency said',
    schema: {
      type: 'object',
      properties: {
        statusCode: { type: 'integer', example: 503 },
        error: { type: 'string', example: 'Service Unavailable' },
        message: { type: 'string', example: 'Redis is unavailable: not connected (reconnecting)' },
        requestId: { type: 'string' },
        details,
      },
    },
  })
  async check(@Req() req: Request & { id?: string }, @Res({ passthrough: true }) res: Response) {
    // Which api process answered, when several share the port (API_PROCESSES).
    res.setHeader('X-Api-Process', String(process.pid));
    let result: HealthCheckResult;
    try {
      result = await this.health.check([() => this.db.pingCheck('postgres', { timeout: TIMEOUT_MS }), () => this.redis()]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      result = err.getResponse() as HealthCheckResult;
    }
    const failing = Object.entries(result.error ?? {});
    this.logChange(failing.map(([name]) => name).join(', '));
    if (failing.length === 0) return result;
    res.status(503);
    return {
      statusCode: 503,
      error: 'Service Unavailable',
      message: failing.map(([name, r]) => `${LABELS[name] ?? name} is unavailable: ${r?.message ?? 'no answer'}`).join('; '),
      requestId: req.id,
      details: result.details,
    };
  }

  /**
   * Redis: a client that is not connected is reported at once (it is reconnecting by
   * itself), a connected one must answer PING in time.
   */
  private async redis(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('redis');
    const client = this.redisClient;
    if (!['wait', 'connecting', 'connect', 'ready'].includes(client.status)) {
      return check.down({ message: `not connected (${client.status}${this.redisError ? `: ${this.redisError}` : ''})` });
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const ping = (async () => {
        if (client.status === 'wait') await client.connect(); // the client connects on first use
        await client.ping();
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      });
      await Promise.race([ping, timeout]);
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  private logChange(down: string): void {
    if (down === this.down) return;
    if (down) this.log.warn(`unhealthy: ${down} unavailable`);
    else this.log.warn('healthy again');
    this.down = down;
  }
}

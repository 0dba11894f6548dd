import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { Public } from '../auth/auth.decorators.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  // Not a user's token: a scraper's, METRICS_TOKEN, compared in constant time.
  @Get()
  @Public()
  @ApiOperation({
    summary: 'Metrics in the Prometheus text format, for a scraper holding METRICS_TOKEN',
    description:
      'Jobs per queue and state, certificates by kind and status, outbox rows, evaluations due, final failures, ' +
      'request latencies by route template, and the process (memory, event-loop lag). Send ' +
      '`Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN set, the route answers 404.',
  })
  @ApiHeader({ name: 'Authorization', description: 'Bearer <METRICS_TOKEN>', required: true })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The metrics', schema: { type: 'string', example: 'academy_queue_jobs{queue="certificates",state="waiting"} 0' } })
  @ApiUnauthorizedResponse({ description: 'No or another token' })
  @ApiNotFoundResponse({ description: 'METRICS_TOKEN is not set, so there are no metrics to read' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const expected = this.config.metricsToken;
    if (!expected) throw new NotFoundException('metrics are off: set METRICS_TOKEN to read them');
    const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '');
    const wanted = Buffer.from(expected);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      throw new UnauthorizedException('authorization: send Bearer <METRICS_TOKEN>');
    }
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.text());
  }
}

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { Logger } from 'nestjs-pino';
import type { AcademyConfig } from '@academy/config';
import { RateLimiters } from '@academy/redis';
import { type ApiLogOptions, AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { validationPipe } from './common/validation.js';
import { MetricsService } from './operations/metrics.service.js';
import { mountQueueDashboard } from './operations/queue-dashboard.js';
import { installPages } from './pages/pages.setup.js';
import { NoNulCharactersPipe, verifyFormBody, verifyJsonBody } from './security/input-limits.js';
import { securityHeaders } from './security/security-headers.js';
import { throttling } from './security/throttling.js';

/** Builds the HTTP application; main.ts and the e2e tests share it. */
export async function createApiApp(config: AcademyConfig, log: ApiLogOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, log), {
    bufferLogs: true,
    rawBody: false,
  });
  app.useLogger(app.get(Logger));
  // First, so that every request is timed (by route template) in /metrics.
  app.use(app.get(MetricsService).httpMiddleware());
  app.use(securityHeaders(config.publicBaseUrl));
  // The client's address is the connection's peer unless TRUST_PROXY names the proxies in front.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Parsed here, before the rate limits (which read the e-mail of a login) and the routes.
  // Registered as Express's own parsers (Nest then adds none of its own): useBodyParser reserves `verify`.
  app.use(express.json({ limit: '1mb', verify: verifyJsonBody }));
  app.use(express.urlencoded({ limit: '1mb', extended: true, verify: verifyFormBody }));
  app.useBodyParser('raw', { type: ['text/csv', 'application/csv'], limit: config.importMaxBytes });
  // Logins, mailed tokens, password resets and public verification (by the API and by the
  // sign-in and invitation pages alike), counted in the shared Redis.
  app.use(throttling(app.get(RateLimiters), config));
  mountQueueDashboard(app, config);
  app.useGlobalPipes(new NoNulCharactersPipe(), validationPipe());
  const apiErrors = new HttpExceptionFilter(config.importMaxBytes, app.get(Logger));
  app.useGlobalFilters(apiErrors);
  installPages(app, config, apiErrors);
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('Digital Rights Academy API')
    .setDescription(
      'Courses on digital human rights for city staff: catalogue, programmes, sessions and attendance, ' +
        'certificates issued by a queued job and verifiable by anyone. Log in with POST /api/auth/login and ' +
        'send the token as `Authorization: Bearer …`. Errors share one shape: ' +
        '`{statusCode, error, message, requestId}`; lists are plain arrays with `X-Total-Count` and `Link` headers.',
    )
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
  return app;
}

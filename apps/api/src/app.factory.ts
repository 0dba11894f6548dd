import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { Logger } from 'nestjs-pino';
import type { AcademyConfig } from '@academy/config';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { validationPipe } from './common/validation.js';
import { MetricsService } from './operations/metrics.service.js';
import { mountQueueDashboard } from './operations/queue-dashboard.js';
import { installPages } from './pages/pages.setup.js';
import { isPagePath } from './pages/session.js';

/** Builds the HTTP application; main.ts and the e2e tests share it. */
export async function createApiApp(config: AcademyConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    rawBody: false,
  });
  app.useLogger(app.get(Logger));
  // First, so that every request is timed (by route template) in /metrics.
  app.use(app.get(MetricsService).httpMiddleware());
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('raw', { type: ['text/csv', 'application/csv'], limit: config.importMaxBytes });
  // Page forms post urlencoded; parsed here so the limits and CSRF checks below can read them.
  app.useBodyParser('urlencoded', { extended: false, limit: '100kb' });
  // Password guessing: 10 attempts a minute per address and e-mail (one office's NAT does
  // not lock out its colleagues). Counts are per process; see the README for several instances.
  // The sign-in and invitation pages post to the same services, so they share the limit (POSTs only).
  const loginLimit = rateLimit({
    windowMs: 60_000,
    limit: config.loginRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.email ?? req.body?.token ?? '').toLowerCase()}`,
    handler: (req, res) =>
      // Mounted on a path: req.baseUrl is the page's path (/sign-in), not req.path.
      isPagePath(req.baseUrl)
        ? res.redirect(303, `${req.baseUrl}?limited=1`)
        : res.status(429).json({
            statusCode: 429, error: 'Too Many Requests', requestId: (req as { id?: string }).id,
            message: 'too many attempts: wait a minute before trying again',
          }),
  });
  app.use(['/api/auth/login', '/api/auth/accept-invitation'], loginLimit);
  app.use(['/sign-in', '/invitation'], (req: Request, res: Response, next: NextFunction) =>
    req.method === 'POST' ? loginLimit(req, res, next) : next(),
  );
  mountQueueDashboard(app, config);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(config.importMaxBytes));
  installPages(app, config);
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

import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { MulterModule } from '@nestjs/platform-express';
import { TerminusModule } from '@nestjs/terminus';
import { createSecretKey, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AttendanceModule } from '@academy/attendance';
import { CatalogueModule } from '@academy/catalogue';
import { CertificatesModule } from '@academy/certificates';
import { CheckinModule } from '@academy/checkin';
import { type AcademyConfig, ConfigModule } from '@academy/config';
import { DatabaseModule } from '@academy/database';
import { EvidenceModule } from '@academy/evidence';
import { IdentityModule } from '@academy/identity';
import { ProgrammesModule } from '@academy/programmes';
import { QueueModule } from '@academy/queue';
import { RedisModule } from '@academy/redis';
import { RuleSetsModule } from '@academy/rule-sets';
import { SelectionModule } from '@academy/selection';
import { SelfPacedModule } from '@academy/self-paced';
import { SessionsModule } from '@academy/sessions';
import { StatisticsModule } from '@academy/statistics';
import { SurveysModule } from '@academy/surveys';
import { TrainersModule } from '@academy/trainers';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { CitiesController } from './cities/cities.controller.js';
import { CheckinController } from './checkin/checkin.controller.js';
import { CertificatesController } from './certificates/certificates.controller.js';
import { EvidenceController } from './evidence/evidence.controller.js';
import { HealthController } from './health/health.controller.js';
import { MeController } from './me/me.controller.js';
import { MetricsController } from './operations/metrics.controller.js';
import { MetricsService } from './operations/metrics.service.js';
import { ProgrammesController } from './programmes/programmes.controller.js';
import { RuleSetsController } from './rule-sets/rule-sets.controller.js';
import { SelectionController } from './sessions/selection.controller.js';
import { StatisticsController } from './statistics/statistics.controller.js';
import { VcImportController } from './sessions/vc-import.controller.js';
import { SelfPacedController } from './self-paced/self-paced.controller.js';
import { SurveysController } from './surveys/surveys.controller.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { UsersController } from './users/users.controller.js';
import { UserImportController } from './users/user-import.controller.js';
import { UserImportService } from './users/user-import.service.js';
import { PAGE_CONTROLLERS, PAGE_PROVIDERS } from './pages/pages.js';

/** Where the api's log goes: by default standard output at LOG_LEVEL (tests may read it instead). */
export interface ApiLogOptions {
  stream?: DestinationStream;
  level?: string;
}

/** A request as pino-http's own serializer gives it to ours. */
interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** What the log never shows: credentials, and the values a failed database query carried. */
export const LOG_REDACTIONS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'err.parameters',
  'err.detail',
  'err.driverError.parameters',
  'err.driverError.detail',
];

@Module({})
export class AppModule {
  static forRoot(config: AcademyConfig, log: ApiLogOptions = {}): DynamicModule {
    const pinoOptions = {
      level: log.level ?? process.env.LOG_LEVEL ?? 'info',
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
      // A request's line says what an operator looks for (id, method, path, status, time, the
      // client and its browser), not every header in and out: serialising those was a few per
      // cent of a page request. Errors keep pino's own serializer.
      serializers: {
        req: (req: SerializedRequest) => ({
          id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress, userAgent: req.headers['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: LOG_REDACTIONS,
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config, { poolSize: 20 }),
        // One feature module per capability; each controller below calls the services of one or two.
        IdentityModule,
        CatalogueModule,
        RuleSetsModule,
        ProgrammesModule,
        SessionsModule,
        AttendanceModule,
        CheckinModule,
        SelectionModule,
        SelfPacedModule,
        EvidenceModule,
        CertificatesModule,
        StatisticsModule,
        SurveysModule,
        TrainersModule,
        RedisModule,
        // The queues themselves, for /metrics and the dashboard (operations/).
        QueueModule,
        LoggerModule.forRoot({ pinoHttp: log.stream ? [pinoOptions, log.stream] : pinoOptions }),
        // A KeyObject made once: given a string, jsonwebtoken tries it as a PEM public key
        // (an exception) before making a secret key of it, on every token it verifies.
        JwtModule.register({
          secret: createSecretKey(Buffer.from(config.jwtSecret)),
          signOptions: { expiresIn: config.tokenTtlSeconds, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        MulterModule.register({ limits: { fileSize: config.importMaxBytes, files: 1 } }),
        // The health controller logs a change of health once; terminus would log every failed check.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [
        AuthController,
        UsersController,
        UserImportController,
        CitiesController,
        CatalogueController,
        ProgrammesController,
        SessionsController,
        VcImportController,
        SelfPacedController,
        CertificatesController,
        MeController,
        EvidenceController,
        CheckinController,
        StatisticsController,
        SelectionController,
        RuleSetsController,
        SurveysController,
        HealthController,
        MetricsController,
        // The web pages (apps/api/src/pages), on the same port.
        ...PAGE_CONTROLLERS,
      ],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }, MetricsService, UserImportService, ...PAGE_PROVIDERS],
    };
  }
}

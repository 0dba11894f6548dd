import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificateRenderer, defaultTemplatesDir } from '@academy/certificate-render';
import { AttendanceImportService } from './attendance/attendance-import.service.js';
import { AttendanceService } from './attendance/attendance.service.js';
import { VcImportService } from './attendance/vc-import.service.js';
import { ReevaluationService } from './attendance/reevaluation.service.js';
import { AuditService } from './audit/audit.service.js';
import { CatalogueService } from './catalogue/catalogue.service.js';
import { CheckinService } from './checkin/checkin.service.js';
import { CertificateIssuer } from './certificates/certificate-issuer.service.js';
import { CertificatesService } from './certificates/certificates.service.js';
import { ACADEMY_REDIS, createAcademyRedis } from './common/redis.js';
import { ACADEMY_CONFIG, type AcademyConfig } from './config/config.js';
import { EvidenceService } from './evidence/evidence.service.js';
import { dataSourceOptions } from './database/data-source.js';
import { UsersService } from './identity/users.service.js';
import { InvitationsService } from './mail/invitations.service.js';
import { MailerService } from './mail/mailer.service.js';
import { DryRunService } from './programmes/dry-run.service.js';
import { MyProgrammesService } from './programmes/my-programmes.service.js';
import { ProgrammesService } from './programmes/programmes.service.js';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue/jobs.js';
import { RuleSetsService } from './rule-sets/rule-sets.service.js';
import { SelectionService } from './selection/selection.service.js';
import { KnowledgeChecksService } from './self-paced/knowledge-checks.service.js';
import { LessonsService } from './self-paced/lessons.service.js';
import { SelfPacedProgressService } from './self-paced/self-paced-progress.service.js';
import { SessionsService } from './sessions/sessions.service.js';
import { StatsService } from './stats/stats.service.js';
import { SurveysService } from './surveys/surveys.service.js';
import { TrainerRecordService } from './trainers/trainer-record.service.js';

const SERVICES = [
  AuditService,
  UsersService,
  CatalogueService,
  ProgrammesService,
  MyProgrammesService,
  SessionsService,
  AttendanceService,
  AttendanceImportService,
  VcImportService,
  SelfPacedProgressService,
  LessonsService,
  KnowledgeChecksService,
  ReevaluationService,
  CertificatesService,
  CertificateIssuer,
  StatsService,
  EvidenceService,
  CheckinService,
  SelectionService,
  TrainerRecordService,
  RuleSetsService,
  DryRunService,
  SurveysService,
  MailerService,
  InvitationsService,
];

/**
 * Everything both apps share: configuration, the PostgreSQL connection, the queues and
 * the domain services. Each app adds its own edge (controllers, or processors).
 */
@Global()
@Module({})
export class AcademyCoreModule implements OnModuleDestroy {
  constructor(@Inject(ACADEMY_REDIS) private readonly redis: Redis) {}

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  static forRoot(config: AcademyConfig, options: { poolSize?: number } = {}): DynamicModule {
    return {
      module: AcademyCoreModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, options.poolSize)),
        BullModule.forRoot({
          connection: { url: config.redisUrl },
          prefix: config.queuePrefix,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
        BullModule.registerQueue({ name: QueueName.Certificates }, { name: QueueName.Mail }),
      ],
      providers: [
        { provide: ACADEMY_CONFIG, useValue: config },
        { provide: ACADEMY_REDIS, useFactory: () => createAcademyRedis(config) },
        { provide: CertificateRenderer, useFactory: () => new CertificateRenderer({ templatesDir: defaultTemplatesDir() }) },
        ...SERVICES,
      ],
      exports: [ACADEMY_CONFIG, ACADEMY_REDIS, CertificateRenderer, BullModule, ...SERVICES],
    };
  }
}

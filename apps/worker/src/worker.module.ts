import { type DynamicModule, Module } from '@nestjs/common';
import { CertificatesModule } from '@academy/certificates';
import { type AcademyConfig, ConfigModule } from '@academy/config';
import { DatabaseModule } from '@academy/database';
import { MailModule } from '@academy/mail';
import { ProgrammesModule } from '@academy/programmes';
import { StatisticsModule } from '@academy/statistics';
import { type JobHandler, QueueModule } from '@academy/queue';
import { CertificatesProcessor } from './certificates/certificates.processor.js';
import { JOB_HANDLER_CLASSES, JOB_HANDLERS, JobDispatcher } from './jobs/job-dispatcher.js';
import { MailProcessor } from './mail/mail.processor.js';
import { Reconciler } from './reconcile/reconciler.service.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AcademyConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config, { poolSize: config.workerConcurrency + 2 }),
        // Only what the processors need: the queues, the evaluation (certificates), the
        // fan-out of a closed programme (programmes) and the invitation mails.
        QueueModule,
        CertificatesModule,
        ProgrammesModule,
        MailModule,
        StatisticsModule,
      ],
      providers: [
        ...JOB_HANDLER_CLASSES,
        { provide: JOB_HANDLERS, inject: JOB_HANDLER_CLASSES, useFactory: (...handlers: JobHandler[]) => handlers },
        JobDispatcher,
        CertificatesProcessor,
        MailProcessor,
        // Delivers the outbox, asks again for lost evaluations, records final failures.
        Reconciler,
      ],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { AcademyCoreModule, type AcademyConfig } from '@academy/academy';
import { CertificatesProcessor } from './certificates/certificates.processor.js';
import { MailProcessor } from './mail/mail.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AcademyConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [AcademyCoreModule.forRoot(config, { poolSize: config.workerConcurrency + 2 })],
      providers: [CertificatesProcessor, MailProcessor],
    };
  }
}

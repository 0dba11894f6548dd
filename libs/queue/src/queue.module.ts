import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { DEFAULT_JOB_OPTIONS, QueueName } from './jobs.js';

/** The BullMQ queues on the academy's Redis; import it to enqueue jobs or, in the worker, to process them. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ACADEMY_CONFIG],
      useFactory: (config: AcademyConfig) => ({
        connection: { url: config.redisUrl },
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue({ name: QueueName.Certificates }, { name: QueueName.Mail }),
  ],
  exports: [BullModule],
})
export class QueueModule {}

import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { JobFailures } from './job-failures.js';
import { JobGateway } from './job-gateway.js';
import { QueueName } from './jobs.js';
import { QueueConnections, queueConnection } from './queue-connections.js';

/**
 * The BullMQ queues on the academy's Redis, the JobGateway (the one way to enqueue, with its
 * PostgreSQL outbox) and JobFailures (jobs that failed all their attempts). The worker also
 * processes the queues (its processors need them registered here, and take their lock and
 * stall settings from policy.ts).
 */
@Module({
  imports: [
    // The Redis connection settings of BullMQ's queues and workers; the retry policy is set per job in jobs.ts.
    BullModule.forRootAsync({
      inject: [ACADEMY_CONFIG],
      useFactory: (config: AcademyConfig) => ({ connection: queueConnection(config.redisUrl), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: QueueName.Certificates }, { name: QueueName.Mail }),
  ],
  providers: [JobGateway, JobFailures, QueueConnections],
  exports: [JobGateway, JobFailures, QueueConnections, BullModule],
})
export class QueueModule {}

import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { JobGateway } from './job-gateway.js';
import { QueueName } from './jobs.js';
import { QueueConnections, queueConnection } from './queue-connections.js';

/**
 * The BullMQ queues on the academy's Redis and the JobGateway, the one way to enqueue.
 * The worker also processes them (its processors need the queues registered here).
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
  providers: [JobGateway, QueueConnections],
  exports: [JobGateway, QueueConnections, BullModule],
})
export class QueueModule {}

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { QueueConnections, QueueName, WORKER_POLICY } from '@academy/queue';
import { JobDispatcher } from '../jobs/job-dispatcher.js';

/** The certificates queue: close fan-outs and evaluations, WORKER_CONCURRENCY at a time. */
// Lock, stall check and stall limit: the queue policy (libs/queue/src/policy.ts).
@Processor(QueueName.Certificates, { ...WORKER_POLICY })
export class CertificatesProcessor extends WorkerHost implements OnModuleInit {
  constructor(
    private readonly dispatcher: JobDispatcher,
    private readonly connections: QueueConnections,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.workerConcurrency;
    this.connections.watchWorker(this.worker);
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(QueueName.Certificates, job);
  }
}

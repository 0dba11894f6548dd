import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { CertificateIssuer } from '@academy/certificates';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import {
  type CloseProgrammeJob, DEFAULT_JOB_OPTIONS, type EvaluateLearnerJob, jobIds, JobName, QueueName,
} from '@academy/queue';

const FAN_OUT_PAGE = 1000;

/** Decides and issues certificates. Errors propagate so BullMQ retries with backoff. */
@Processor(QueueName.Certificates)
export class CertificatesProcessor extends WorkerHost implements OnModuleInit {
  private readonly log = new Logger(CertificatesProcessor.name);

  constructor(
    private readonly issuer: CertificateIssuer,
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QueueName.Certificates) private readonly queue: Queue,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.workerConcurrency;
  }

  async process(job: Job): Promise<unknown> {
    const typed = job as unknown as CloseProgrammeJob | EvaluateLearnerJob;
    switch (typed.name) {
      case JobName.CloseProgramme:
        return this.fanOut(job, typed.data);
      case JobName.EvaluateLearner: {
        const result = await this.issuer.evaluate(typed.data.programmeId, typed.data.userId);
        return result.outcome === 'decided'
          ? { awards: result.decision.awards, issued: result.issued.map((c) => c.code) }
          : result;
      }
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }

  /** Enqueues one evaluation per enrolled learner, a page at a time, reporting progress. */
  private async fanOut(job: Job, data: CloseProgrammeJob['data']): Promise<{ queued: number }> {
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM enrolments WHERE programme_id = $1`,
      [data.programmeId],
    );
    let after = '00000000-0000-0000-0000-000000000000';
    let queued = 0;
    for (;;) {
      const page: { user_id: string; revision: number }[] = await this.ds.query(
        `SELECT user_id, revision FROM enrolments WHERE programme_id = $1 AND user_id > $2
          ORDER BY user_id LIMIT $3`,
        [data.programmeId, after, FAN_OUT_PAGE],
      );
      if (!page.length) break;
      await this.queue.addBulk(
        page.map((e) => ({
          name: JobName.EvaluateLearner,
          data: { programmeId: data.programmeId, userId: e.user_id, revision: e.revision, closeCount: data.closeCount },
          opts: {
            ...DEFAULT_JOB_OPTIONS,
            jobId: jobIds.evaluate(data.programmeId, e.user_id, e.revision, data.closeCount),
          },
        })),
      );
      queued += page.length;
      after = page[page.length - 1].user_id;
      await job.updateProgress({ queued, total });
      await job.log(`queued ${queued}/${total} evaluations`);
    }
    this.log.log(`programme ${data.programmeId}: queued ${queued} evaluations`);
    return { queued };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ReevaluationService } from '@academy/programmes';
import { type JobHandler, JobName, type JobPayloads } from '@academy/queue';

/** Where an interrupted fan-out got to, kept in the job's progress. */
interface FanOutProgress {
  queued: number;
  total: number;
  after: string;
}

/**
 * A closed programme: one evaluation per learner still owed a decision, a page at a time,
 * reporting progress. A run that dies half-way (its worker killed) is picked up from the
 * last page it reported when BullMQ runs the job again.
 */
@Injectable()
export class CloseProgrammeHandler implements JobHandler<JobName.CloseProgramme> {
  readonly job = JobName.CloseProgramme;
  private readonly log = new Logger(CloseProgrammeHandler.name);

  constructor(private readonly evaluations: ReevaluationService) {}

  async handle(data: JobPayloads[JobName.CloseProgramme], job: Job): Promise<{ queued: number }> {
    const before = job.progress as Partial<FanOutProgress> | number | undefined;
    const resume = typeof before === 'object' && before?.after ? { after: before.after, queued: before.queued ?? 0 } : undefined;
    const queued = await this.evaluations.enqueueProgramme(
      data.programmeId,
      data.closeCount,
      async (done, total, after) => {
        await job.updateProgress({ queued: done, total, after } satisfies FanOutProgress);
        await job.log(`queued ${done}/${total} evaluations`);
      },
      resume,
    );
    this.log.log(`programme ${data.programmeId}: queued ${queued} evaluations${resume ? ' (resumed)' : ''}`);
    return { queued };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ReevaluationService } from '@academy/programmes';
import { type JobHandler, JobName, type JobPayloads } from '@academy/queue';

/** A closed programme: one evaluation per enrolled learner, a page at a time, reporting progress. */
@Injectable()
export class CloseProgrammeHandler implements JobHandler<JobName.CloseProgramme> {
  readonly job = JobName.CloseProgramme;
  private readonly log = new Logger(CloseProgrammeHandler.name);

  constructor(private readonly evaluations: ReevaluationService) {}

  async handle(data: JobPayloads[JobName.CloseProgramme], job: Job): Promise<{ queued: number }> {
    const queued = await this.evaluations.enqueueProgramme(data.programmeId, data.closeCount, async (done, total) => {
      await job.updateProgress({ queued: done, total });
      await job.log(`queued ${done}/${total} evaluations`);
    });
    this.log.log(`programme ${data.programmeId}: queued ${queued} evaluations`);
    return { queued };
  }
}

import { Injectable } from '@nestjs/common';
import { type JobHandler, JobName, type JobPayloads } from '@academy/queue';
import { StatisticsRefreshService } from '@academy/statistics';

/** A refresh that already happened leaves nothing stale: the job then finds the cells current and does nothing. */
@Injectable()
export class RefreshStatisticsHandler implements JobHandler<JobName.RefreshStatistics> {
  readonly job = JobName.RefreshStatistics;

  constructor(private readonly refresh: StatisticsRefreshService) {}

  async handle(data: JobPayloads[JobName.RefreshStatistics]): Promise<{ refreshed: boolean }> {
    const [state] = await this.refresh.freshness([data.programmeId]);
    if (!state?.changedSince) return { refreshed: false };
    await this.refresh.refresh(data.programmeId, { onlyIfStale: true });
    return { refreshed: true };
  }
}

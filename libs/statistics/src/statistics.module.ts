import { Module } from '@nestjs/common';
import { QueueModule } from '@academy/queue';
import { RuleSetsModule } from '@academy/rule-sets';
import { SurveysModule } from '@academy/surveys';
import { ProgrammeStatisticsService } from './programme-statistics.service.js';
import { StatisticsRefreshService } from './statistics-refresh.service.js';
import { StatisticsService } from './statistics.service.js';

/** Statistics from per-programme aggregates, counted with the rule set's own module condition. */
@Module({
  imports: [RuleSetsModule, QueueModule, SurveysModule],
  providers: [StatisticsService, ProgrammeStatisticsService, StatisticsRefreshService],
  exports: [StatisticsService, ProgrammeStatisticsService, StatisticsRefreshService],
})
export class StatisticsModule {}

import { Module } from '@nestjs/common';
import { RuleSetsModule } from '@academy/rule-sets';
import { StatisticsService } from './statistics.service.js';

/** Programme statistics, counted with the rule set's own statuses. */
@Module({
  imports: [RuleSetsModule],
  providers: [StatisticsService],
  exports: [StatisticsService],
})
export class StatisticsModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { RuleSetsService } from './rule-sets.service.js';

/** A city's own rule sets as versioned data, next to the built-in ones of @academy/rules. */
@Module({
  imports: [AuditModule],
  providers: [RuleSetsService],
  exports: [RuleSetsService],
})
export class RuleSetsModule {}

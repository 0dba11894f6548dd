import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { ProgrammesModule } from '@academy/programmes';
import { EvidenceService } from './evidence.service.js';

/** Evidence learners hand in, and its review. */
@Module({
  imports: [AuditModule, ProgrammesModule],
  providers: [EvidenceService],
  exports: [EvidenceService],
})
export class EvidenceModule {}

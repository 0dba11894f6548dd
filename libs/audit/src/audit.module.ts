import { Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';

/** Who changed what and when: every audit row is written through the AuditService. */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}

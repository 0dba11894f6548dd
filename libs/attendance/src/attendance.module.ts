import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { ProgrammesModule } from '@academy/programmes';
import { QueueModule } from '@academy/queue';
import { RuleSetsModule } from '@academy/rule-sets';
import { AttendanceImportService } from './attendance-import.service.js';
import { AttendanceService } from './attendance.service.js';
import { VcImportService } from './video-conference/vc-import.service.js';
import { VcReviewService } from './video-conference/vc-review.service.js';

/** Attendance per learner and session: by hand, from a CSV, or from a Zoom or Teams report. */
@Module({
  imports: [AuditModule, ProgrammesModule, QueueModule, RuleSetsModule],
  providers: [AttendanceImportService, AttendanceService, VcImportService, VcReviewService],
  exports: [AttendanceService, AttendanceImportService, VcImportService, VcReviewService],
})
export class AttendanceModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { ProgrammesModule } from '@academy/programmes';
import { KnowledgeChecksService } from './knowledge-checks.service.js';
import { LessonsService } from './lessons.service.js';
import { SelfPacedProgressService } from './self-paced-progress.service.js';

/** Self-paced modules: lessons, knowledge checks and each learner's progress. */
@Module({
  imports: [AuditModule, ProgrammesModule],
  providers: [KnowledgeChecksService, LessonsService, SelfPacedProgressService],
  exports: [LessonsService, KnowledgeChecksService, SelfPacedProgressService],
})
export class SelfPacedModule {}

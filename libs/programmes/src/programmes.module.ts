import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { QueueModule } from '@academy/queue';
import { RuleSetsModule } from '@academy/rule-sets';
import { MyProgrammesService } from './my-programmes.service.js';
import { ProgrammeClosingService } from './programme-closing.service.js';
import { ProgrammeModulesService } from './programme-modules.service.js';
import { ProgrammesService } from './programmes.service.js';
import { ReevaluationService } from './reevaluation.service.js';

/** Programmes, enrolments and closing; and the evaluation requests that follow a close or a change of a learner's facts. */
@Module({
  imports: [AuditModule, QueueModule, RuleSetsModule],
  providers: [MyProgrammesService, ProgrammesService, ProgrammeClosingService, ReevaluationService, ProgrammeModulesService],
  exports: [ProgrammesService, ProgrammeClosingService, ProgrammeModulesService, MyProgrammesService, ReevaluationService],
})
export class ProgrammesModule {}

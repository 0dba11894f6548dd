import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { Actor } from '@academy/common';
import { SelectionService } from '@academy/selection';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';

export class ApplyDto {
  @ApiPropertyOptional({ description: 'Administrators apply for a learner; learners apply for themselves' })
  @IsOptional() @IsUUID() userId?: string;
}

export class SelectDto {
  @ApiPropertyOptional({ description: 'Reuse a seed to reproduce a selection; omitted: a fresh one, recorded' })
  @IsOptional() @IsString() @Length(1, 100) seed?: string;
  @ApiPropertyOptional({ description: 'Why this run (e.g. why the selection is run again); kept with the run and shown in the report' })
  @IsOptional() @IsString() @Length(1, 500) @Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/, { message: 'reason must not contain control characters' })
  reason?: string;
}

const RUNS =
  'A place is a place in the session\'s module: the selected are enrolled in that module only (added to an enrolment ' +
  'they already have). A run replaces the outcome of the run before it: whoever it no longer selects loses the module ' +
  'enrolment the selection gave them (kept when they already have attendance at the module; an enrolment left ' +
  'without modules is removed). No run is ever deleted: `run` is the number of the run that stands, ' +
  '`report.runCount` how many times the selection was run, and `report.runs` every run (selections and withdrawals ' +
  'that promoted from the waiting list) with its seed, reason, who and when.';

@ApiTags('selection')
@ApiBearerAuth()
@Controller('api/sessions/:id')
export class SelectionController {
  constructor(private readonly selection: SelectionService) {}

  @Post('applications')
  @ApiOperation({
    summary: "Apply for a place (limited to the module's audience)",
    description: 'Learners apply for themselves, administrators for a learner; trainers cannot take a place (403, separation of duties).',
  })
  apply(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ApplyDto) {
    const userId = actor.role === 'admin' && dto.userId ? dto.userId : actor.id;
    return this.selection.apply(actor, id, userId);
  }

  @Post('applications/:userId/withdraw')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw; a freed place goes to the best-ranked waiting applicant',
    description:
      'Recorded as a run of kind `withdrawal`; the withdrawn person loses the module enrolment their place gave them. ' +
      "Only the applicant or an administrator withdraws: a trainer withdrawing another's application gets 403.",
  })
  withdraw(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string) {
    return this.selection.withdraw(actor, id, userId);
  }

  @Post('selection')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Select applicants for the places, honouring the declared priority criteria',
    description:
      'A seeded lottery: the same applicants and seed always give the same result. The report shows the shares ' +
      `achieved (criteria: PUT /api/programmes/{id}/modules/{code}). ${RUNS}`,
  })
  @ApiOkResponse({ description: '`{sessionId, moduleCode, capacity, run, seed, selected, waitingList, withdrawn, report}`' })
  @ApiConflictResponse({ description: 'The session has no capacity' })
  @ApiNotFoundResponse({ description: 'No such session in your city' })
  select(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: SelectDto) {
    return this.selection.select(actor, id, dto.seed, dto.reason);
  }

  @Get('selection')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'The selection that stands: selected, waiting list, report (with every run) and seed', description: RUNS })
  @ApiNotFoundResponse({ description: 'No such session in your city, or no selection yet' })
  latest(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.selection.latest(actor, id);
  }
}

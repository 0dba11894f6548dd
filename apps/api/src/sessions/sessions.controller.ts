import { Body, Controller, Get, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { AttendanceService } from '@academy/attendance';
import type { Actor } from '@academy/common';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@academy/rules';
import { SessionsService, type TrainerRole } from '@academy/sessions';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';
import { TrainerAssignmentDto } from '../programmes/programmes.dto.js';


export class RecordAttendanceDto {
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) @IsIn(ATTENDANCE_STATUSES) status: AttendanceStatus;
  @ApiPropertyOptional({ minimum: 0, maximum: 1440, nullable: true })
  @IsOptional() @IsInt() @Min(0) @Max(1440) minutes?: number | null;
  @ApiPropertyOptional({ description: 'Why it was changed; kept in the audit trail' })
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

@ApiTags('sessions')
@ApiBearerAuth()
@Roles('admin', 'trainer')
@Controller('api/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly attendance: AttendanceService,
  ) {}

  @Get(':id')
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.sessions.get(actor, id);
  }

  @Post(':id/trainers')
  @Roles('admin')
  @ApiOperation({
    summary: 'Assign a trainer as lead or co-facilitator (administrators only; audited)',
    description: 'Separation of duties: nobody assigns themselves (403).',
  })
  assign(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: TrainerAssignmentDto) {
    return this.sessions.assignTrainer(actor, id, dto.userId, dto.role as TrainerRole);
  }

  @Get(':id/attendance')
  list(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.attendance.listForSession(actor, id);
  }

  @Put(':id/attendance/:userId')
  @ApiOperation({
    summary: "Record or correct one learner's attendance",
    description:
      'Corrections are audited (who, when, before/after). After closing, the learner is re-evaluated. ' +
      'Separation of duties: nobody records or corrects their own attendance (403).',
  })
  record(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @Body() dto: RecordAttendanceDto,
  ) {
    return this.attendance.record(actor, id, userId, dto);
  }

  @Get(':id/attendance/:userId/history')
  @ApiOperation({ summary: 'Audit trail of one attendance record' })
  history(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string) {
    return this.attendance.history(actor, id, userId);
  }
}


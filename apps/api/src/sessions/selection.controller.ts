import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
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
}

@ApiTags('selection')
@ApiBearerAuth()
@Controller('api/sessions/:id')
export class SelectionController {
  constructor(private readonly selection: SelectionService) {}

  @Post('applications')
  @ApiOperation({ summary: "Apply for a place (limited to the module's audience)" })
  apply(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ApplyDto) {
    const userId = actor.role === 'admin' && dto.userId ? dto.userId : actor.id;
    return this.selection.apply(actor, id, userId);
  }

  @Post('applications/:userId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw; a freed place goes to the best-ranked waiting applicant' })
  withdraw(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string) {
    return this.selection.withdraw(actor, id, userId);
  }

  @Post('selection')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Select applicants for the places, honouring the declared priority criteria',
    description: 'A seeded lottery: the same applicants and seed always give the same result. The report shows the shares achieved.',
  })
  select(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: SelectDto) {
    return this.selection.select(actor, id, dto.seed);
  }

  @Get('selection')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'The latest selection: selected, waiting list, report and seed' })
  latest(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.selection.latest(actor, id);
  }
}

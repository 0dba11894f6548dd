import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CheckinService } from '@academy/checkin';
import type { Actor } from '@academy/common';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';

export class CheckinDto {
  @ApiProperty({ example: 'K7QP3X', description: 'The code on the trainer\'s screen' })
  @IsString() @Length(1, 20) code: string;
}

@ApiTags('check-in')
@ApiBearerAuth()
@Controller('api/sessions/:id/checkin')
export class CheckinController {
  constructor(private readonly checkin: CheckinService) {}

  @Post('open')
  @Roles('admin', 'trainer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open check-in (from 30 min before the start) and get the code to show' })
  open(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.checkin.open(actor, id);
  }

  @Get('code')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'The current code; it rotates every 30 s (fetch again at validUntil)' })
  code(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.checkin.screen(actor, id);
  }

  @Post('close')
  @Roles('admin', 'trainer')
  @HttpCode(204)
  close(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    return this.checkin.close(actor, id);
  }

  @Post()
  @Roles('learner', 'trainer')
  @ApiOperation({
    summary: 'Check in with the code on screen',
    description:
      '201 with the recorded status (present, or late after 10 minutes), recorded as made by whoever opened ' +
      'the check-in. 400 wrong or expired code; 403 not enrolled in the module, or (separation of duties) you ' +
      'opened this check-in yourself or deliver this session; 409 check-in not open, closed, or already checked in; 429 after 5 wrong codes ' +
      'in 10 minutes.',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong codes' })
  checkIn(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CheckinDto) {
    return this.checkin.checkIn(actor, id, dto.code);
  }
}

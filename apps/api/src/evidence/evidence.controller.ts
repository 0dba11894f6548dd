import {
  Body, Controller, Get, HttpCode, Post, Query, StreamableFile, UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Length, Matches } from 'class-validator';
import type { Actor } from '@academy/common';
import { EvidenceService, type SubmissionStatus } from '@academy/evidence';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { attachment } from '../common/attachment.js';
import { UuidParam } from '../common/validation.js';

export class SubmitEvidenceDto {
  @ApiProperty({ example: 'reflection', description: 'reflection, zine, policy-exercise, evaluation, final-assignment…' })
  @Matches(/^[a-z][a-z-]{1,39}$/, { message: 'kind must be a lower-case word such as "reflection"' })
  kind: string;
  @ApiPropertyOptional({ example: 'DUB-YOUTH', description: 'The module it belongs to; omit for programme-level work' })
  @IsOptional() @IsString() @Length(2, 40) moduleCode?: string;
  @ApiPropertyOptional({ description: 'Text of the submission' }) @IsOptional() @IsString() @Length(1, 20000) body?: string;
  @ApiPropertyOptional({ description: 'A link to the work' }) @IsOptional() @IsUrl({ require_protocol: true }) url?: string;
}

export class ReviewDto {
  @ApiProperty({ enum: ['accept', 'return'] }) @IsIn(['accept', 'return']) decision: 'accept' | 'return';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) comment?: string;
}

export class SubmissionQuery {
  @ApiPropertyOptional({ enum: ['submitted', 'accepted', 'returned'] })
  @IsOptional() @IsIn(['submitted', 'accepted', 'returned']) status?: SubmissionStatus;
}

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('programmes/:id/submissions')
  @Roles('learner', 'trainer')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({
    summary: 'Hand in evidence: a text, a link, or a PDF/PNG/JPEG file (multipart field "file")',
    description: 'Files are checked by content, not by name; larger than SUBMISSION_MAX_BYTES (10 MiB) → 413.',
  })
  @ApiCreatedResponse({ description: 'The submission, waiting for review' })
  submit(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() dto: SubmitEvidenceDto,
    @UploadedFile() file?: { originalname: string; buffer: Buffer; size: number },
  ) {
    return this.evidence.submit(actor, id, {
      ...dto,
      file: file ? { name: file.originalname.slice(0, 200), content: file.buffer } : undefined,
    });
  }

  @Get('programmes/:id/submissions')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'Submissions of a programme, oldest first, to review' })
  list(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() q: SubmissionQuery) {
    return this.evidence.forProgramme(actor, id, q.status);
  }

  @Get('me/submissions')
  @ApiOperation({ summary: 'My submissions and their review' })
  mine(@CurrentActor() actor: Actor) {
    return this.evidence.mine(actor);
  }

  @Get('submissions/:id/file')
  @ApiOperation({ summary: 'The uploaded file (its author, or a trainer/administrator of the city)' })
  async file(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<StreamableFile> {
    const f = await this.evidence.file(actor, id);
    return attachment(f.content, f.contentType, f.name);
  }

  @Post('submissions/:id/review')
  @HttpCode(200)
  @Roles('admin', 'trainer')
  @ApiOperation({
    summary: 'Accept or return evidence with a comment; acceptance after closing re-evaluates',
    description:
      'Separation of duties (403): nobody reviews their own evidence; a trainer reviews only evidence of modules ' +
      "whose sessions they deliver in the programme (programme-wide evidence: any of the programme's sessions).",
  })
  review(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ReviewDto) {
    return this.evidence.review(actor, id, dto.decision, dto.comment);
  }
}

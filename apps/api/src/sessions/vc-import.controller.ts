import {
  BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Req, UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiOperation, ApiPayloadTooLargeResponse, ApiProperty,
  ApiPropertyOptional, ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { Request } from 'express';
import { VcImportService, VcReviewService } from '@academy/attendance';
import { MANUAL_POLICY_DOC } from '../programmes/programmes.dto.js';
import { type Actor, DomainError } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@academy/rules';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';


/**
 * Body types read as the raw report besides multipart and the text/csv, application/csv
 * the app's raw parser already reads: what browsers and tools send for .csv/.tsv files.
 */
const RAW_TYPES = new Set(['application/octet-stream', 'text/plain', 'text/tab-separated-values', 'application/vnd.ms-excel']);

export class AssignReviewItemDto {
  @ApiProperty({ description: 'The enrolled learner this person was' })
  @IsUUID() userId: string;
  @ApiPropertyOptional({ enum: ATTENDANCE_STATUSES, description: "Omitted: derived from the item's minutes by the rule set; given: a manual record" })
  @IsOptional() @IsIn(ATTENDANCE_STATUSES) status?: AttendanceStatus;
  @ApiPropertyOptional({ description: 'Kept in the audit trail' })
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class DismissReviewItemDto {
  @ApiPropertyOptional({ description: 'Kept in the audit trail, e.g. "guest speaker"' })
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

@ApiTags('sessions')
@ApiBearerAuth()
@Roles('admin', 'trainer')
@Controller('api')
export class VcImportController {
  constructor(
    private readonly imports: VcImportService,
    private readonly reviews: VcReviewService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  @Post('sessions/:id/attendance/report')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Import a Zoom or Teams attendance report into this session',
    description:
      'Send the export as a multipart field `file` (or as the raw body: text/csv, application/octet-stream, …). ' +
      "Times are read in the session's zone. The organiser is left out; participants are matched to learners " +
      "enrolled in the session's module by e-mail, or by a name only one enrolled learner has; their status comes " +
      "from the minutes by the programme's rule set (share of the planned length, grace for joining late). " +
      `${MANUAL_POLICY_DOC} Everyone else goes to the review list (GET /api/sessions/{id}/review). ` +
      'Importing the same report again changes nothing. A file that is not a report: 400 saying what was expected.',
  })
  @ApiConsumes('multipart/form-data', 'text/csv', 'application/octet-stream')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than IMPORT_MAX_BYTES' })
  async importReport(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @UploadedFile() file?: { buffer: Buffer },
  ) {
    const content = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : await this.rawBody(req));
    if (!content || content.length === 0) {
      throw new BadRequestException('file: send the report as a multipart field named "file" or as a text/csv body');
    }
    return this.imports.importReport(actor, id, content);
  }

  @Get('sessions/:id/review')
  @ApiOperation({ summary: "People of this session's reports not matched to a learner, waiting for a decision" })
  review(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.reviews.pendingReview(actor, id);
  }

  @Post('review-items/:id/assign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'This person was that learner: record their attendance with the minutes of the report',
    description: 'The learner must be enrolled in the session\'s module. Audited; after closing, the learner is re-evaluated.',
  })
  @ApiConflictResponse({ description: 'Already assigned or dismissed, or the learner is not enrolled' })
  assign(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AssignReviewItemDto) {
    return this.reviews.assign(actor, id, dto);
  }

  @Post('review-items/:id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Not one of our learners (a guest, a colleague): remove from the review list' })
  @ApiConflictResponse({ description: 'Already assigned or dismissed' })
  dismiss(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: DismissReviewItemDto) {
    return this.reviews.dismiss(actor, id, dto.reason);
  }

  /** The unparsed body of a raw upload of one of RAW_TYPES, up to IMPORT_MAX_BYTES. */
  private async rawBody(req: Request): Promise<Buffer | null> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!RAW_TYPES.has(type) || req.readableEnded) return null;
    const limit = this.config.importMaxBytes;
    const tooLarge = () => new DomainError('too-large', `file: larger than ${limit} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
}

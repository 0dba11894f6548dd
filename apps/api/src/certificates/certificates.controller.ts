import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import type { Response } from 'express';
import { CertificatesService, REVOCATION_REASONS, revocationOf } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { attachment } from '../common/attachment.js';
import { UuidParam } from '../common/validation.js';

export class RevokeDto {
  @ApiProperty({
    example: 'identity_mismatch',
    description:
      `The public reason verification shows, one of: ${REVOCATION_REASONS.join(', ')}. ` +
      'Deprecated: a free text here (3 to 500 characters, as before the fixed list) is kept as the private ' +
      'note and published as `other`.',
    anyOf: [{ type: 'string', enum: [...REVOCATION_REASONS] }, { type: 'string', minLength: 3, maxLength: 500, deprecated: true }],
  })
  @IsString() @Length(3, 500) reason: string;

  @ApiPropertyOptional({
    example: 'Attendance of 17 January was recorded for Ana Hoxha instead of Ana Hoxhaj',
    description: "The administrator's own account of what happened: kept with the certificate and in the audit log, never shown by verification",
    maxLength: 1000,
  })
  @IsOptional() @IsString() @Length(1, 1000) note?: string;
}

@ApiTags('certificates')
@Controller('api/certificates')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  @Get('verify/:code')
  @Public()
  @ApiOperation({
    summary: 'Verify a certificate by its code (public)',
    description:
      'Status (valid / revoked / superseded), holder name, programme, city, kind and date; for a revoked one its public ' +
      `reason (\`revokedReason\`: ${REVOCATION_REASONS.join(', ')}, and \`revokedReasonText\`), never the private note. ` +
      'Limited per client address (VERIFY_LIMIT_PER_ADDRESS).',
  })
  @ApiNotFoundResponse({ description: 'No certificate has that code' })
  @ApiTooManyRequestsResponse({ description: 'Too many verifications from one address; see Retry-After' })
  verify(@Param('code') code: string) {
    return this.certificates.verify(code);
  }

  @Get(':id/pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Download the PDF (its holder, or an administrator of the city)' })
  async pdf(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<StreamableFile> {
    const doc = await this.certificates.pdf(actor, id);
    return attachment(doc.content, 'application/pdf', doc.filename);
  }

  @Get(':id/html')
  @ApiBearerAuth()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The certificate as a web page (its holder, or an administrator of the city)' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  html(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.certificates.html(actor, id, this.config.publicBaseUrl, res.locals.cspNonce);
  }

  @Post(':id/revoke')
  @ApiBearerAuth()
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke a certificate with a public reason and a private note; it keeps verifying as revoked',
    description: `\`reason\` is one of ${REVOCATION_REASONS.join(', ')}; \`note\` is for the city's administrators only.`,
  })
  revoke(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: RevokeDto): Promise<void> {
    return this.certificates.revoke(actor, id, revocationOf(dto.reason, dto.note));
  }
}

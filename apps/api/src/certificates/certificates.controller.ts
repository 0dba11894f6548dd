import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CertificatesService } from '@academy/certificates';
import type { Actor } from '@academy/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/validation.js';

export class RevokeDto {
  @ApiProperty({ example: 'Issued in error: attendance was recorded for the wrong person' })
  @IsString() @Length(3, 500) reason: string;
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
    description: 'Status (valid / revoked / superseded), holder name, programme, city, kind and date; nothing else personal.',
  })
  @ApiNotFoundResponse({ description: 'No certificate has that code' })
  verify(@Param('code') code: string) {
    return this.certificates.verify(code);
  }

  @Get(':id/pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Download the PDF (its holder, or an administrator of the city)' })
  async pdf(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<StreamableFile> {
    const doc = await this.certificates.pdf(actor, id);
    return new StreamableFile(doc.content, {
      type: 'application/pdf',
      disposition: `attachment; filename="${doc.filename}"`,
      length: doc.content.length,
    });
  }

  @Get(':id/html')
  @ApiBearerAuth()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The certificate as a web page (its holder, or an administrator of the city)' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  html(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<string> {
    return this.certificates.html(actor, id, this.config.publicBaseUrl);
  }

  @Post(':id/revoke')
  @ApiBearerAuth()
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a certificate with a reason; it keeps verifying as revoked' })
  revoke(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: RevokeDto): Promise<void> {
    return this.certificates.revoke(actor, id, dto.reason);
  }
}

import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { CertificateRenderer, defaultTemplatesDir } from '@academy/certificate-render';
import { RuleSetsModule } from '@academy/rule-sets';
import { CertificateIssuer } from './certificate-issuer.service.js';
import { CertificatesService } from './certificates.service.js';
import { DryRunService } from './dry-run.service.js';
import { VerificationPageService } from './verification-page.service.js';

/** Deciding and issuing certificates (the worker's evaluation), listing, PDFs, verification, revocation, dry runs. */
@Module({
  imports: [AuditModule, RuleSetsModule],
  providers: [
    { provide: CertificateRenderer, useFactory: () => new CertificateRenderer({ templatesDir: defaultTemplatesDir() }) },
    CertificateIssuer, CertificatesService, DryRunService, VerificationPageService],
  exports: [CertificateIssuer, CertificatesService, DryRunService, VerificationPageService],
})
export class CertificatesModule {}

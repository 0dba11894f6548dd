import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CertificatesService, type Verification } from '@academy/certificates';
import { DomainError } from '@academy/common';
import { Public } from '../auth/auth.decorators.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const LABEL: Record<Verification['status'], string> = {
  valid: 'Valid certificate',
  revoked: 'This certificate has been revoked',
  superseded: 'This certificate was replaced by a newer one',
};

/** The page the QR code opens: a plain, accessible HTML answer anyone can read. */
@ApiExcludeController()
@Controller('verify')
export class VerifyPageController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':code')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async page(@Param('code') code: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    let body: string;
    try {
      const v = await this.certificates.verify(code);
      body = `<h1>${LABEL[v.status]}</h1>
<dl>
  <dt>Holder</dt><dd>${escape(v.holderName)}</dd>
  <dt>Certificate</dt><dd>${escape(v.kind)}</dd>
  <dt>Programme</dt><dd>${escape(v.programme)}</dd>
  <dt>City</dt><dd>${escape(v.city)}</dd>
  <dt>Issued</dt><dd><time datetime="${v.issuedAt}">${v.issuedAt.slice(0, 10)}</time></dd>
  ${v.revokedReasonText ? `<dt>Reason</dt><dd>${escape(v.revokedReasonText)}</dd>` : ''}
</dl>`;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      res.status(404);
      body = `<h1>No certificate has this code</h1><p>Check the code (${escape(code.slice(0, 40))}) and try again.</p>`;
    }
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Certificate verification — Digital Rights Academy</title>
<style nonce="${escape(String(res.locals.cspNonce ?? ''))}">body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
dt{font-weight:600;margin-top:.5rem}dd{margin:0}</style></head>
<body><main>${body}</main></body></html>`;
  }
}

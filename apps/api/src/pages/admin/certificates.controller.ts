import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CertificatesService, isRevocationReason, REVOCATION_REASONS } from '@academy/certificates';
import { type Actor, DomainError } from '@academy/common';
import { ProgrammesService } from '@academy/programmes';
import type { FieldError } from '@academy/web';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { UuidParam } from '../../common/validation.js';
import { text } from '../form-fields.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';
import { type KnownRefusal, refusalWords } from '../refusal-words.js';

/** The refusals of a revocation the page says in the viewer's words. */
const REVOKE_REFUSALS: KnownRefusal[] = [
  { code: 'conflict', when: /is already revoked$/, key: 'refusals.certificate.alreadyRevoked' },
  { code: 'conflict', when: /is already superseded$/, key: 'refusals.certificate.alreadySuperseded' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The certificates of the city's programmes, one programme at a time, and their revocation
 * with a public reason from the fixed list and a private note (CertificatesService.revoke,
 * as POST /api/certificates/{id}/revoke).
 */
@PageController()
@Roles('admin')
export class CertificatePages {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly programmes: ProgrammesService,
    private readonly pages: PageContextService,
  ) {}

  private async model(actor: Actor, req: Request, programmeId: string | undefined, extra: Record<string, unknown> = {}) {
    const { language } = await this.pages.viewer(req);
    const programmes = (await this.programmes.list(actor, { page: 1, perPage: 200 })).items;
    const chosen = programmes.find((p) => p.id === programmeId) ?? programmes[0];
    const page = chosen ? await this.certificates.listForProgramme(actor, chosen.id, { page: 1, perPage: 500 }) : undefined;
    return {
      programmes: programmes.map((p) => ({ value: p.id, label: `${p.code} – ${p.titles?.[language] || p.title}`, selected: p.id === chosen?.id })),
      programmeId: chosen?.id,
      reasons: REVOCATION_REASONS.map((r) => ({ value: r, key: `verify.reasons.${r}` })),
      certificates: (page?.items ?? []).map((c) => ({
        ...c, kindKey: `certificates.kind.${c.kind}`, statusKey: `certificates.status.${c.status}`, valid: c.status === 'valid',
      })),
      more: page ? page.total > page.items.length : false,
      ...extra,
    };
  }

  @Get('admin/certificates')
  @Page({ template: 'admin/certificates', title: 'adminCertificates.title' })
  async list(@CurrentActor() actor: Actor, @Req() req: Request, @Query('programme') programme?: string, @Query('revoked') revoked?: string) {
    const id = typeof programme === 'string' && UUID.test(programme) ? programme : undefined;
    return this.model(actor, req, id, { revoked: revoked === '1' });
  }

  @Post('admin/certificates/:id/revoke')
  @Page({ template: 'admin/certificates', title: 'adminCertificates.title' })
  async revoke(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: Record<string, unknown>, @Req() req: Request,
    @Res({ passthrough: true }) res: Response) {
    const reason = text(body.reason, 50);
    const note = text(body.note, 2000);
    const programme = UUID.test(text(body.programme)) ? text(body.programme) : undefined;
    const errors: FieldError[] = [];
    if (!isRevocationReason(reason)) errors.push({ field: `reason-${id}`, message: 'adminCertificates.errors.reason' });
    else {
      try {
        await this.certificates.revoke(actor, id, { reason, note: note || null });
        return redirectTo(`/admin/certificates?${programme ? `programme=${programme}&` : ''}revoked=1`);
      } catch (e) {
        if (!(e instanceof DomainError) || e.code === 'not-found') throw e;
        res.status(409);
        return this.model(actor, req, programme, { refusal: refusalWords(e, REVOKE_REFUSALS, 'refusals.certificate.other') });
      }
    }
    res.status(400);
    return this.model(actor, req, programme, { errors, values: { reason, note, id } });
  }
}

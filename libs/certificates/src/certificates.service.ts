import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@academy/audit';
import { CertificateRenderer } from '@academy/certificate-render';
import { type Actor, conflict, DomainError, notFound, offsetOf, type Page, type PageRequest } from '@academy/common';
import { programmeOfCity } from '@academy/programmes';
import type { CertificateKind } from '@academy/rules';
import type { CertificateStatus } from './certificates.tables.js';
import { type PrintedTexts, untranslatedOf } from './certificate-issuer.service.js';
import { REVOCATION_REASON_LABELS, type RevocationReason } from './revocation.js';
import { normalizeVerificationCode } from './verification-code.js';

export interface CertificateListItem {
  id: string;
  learnerEmail: string;
  learnerName: string;
  kind: CertificateKind;
  scope: string;
  status: CertificateStatus;
  code: string;
  language: string;
  issuedAt: string;
}

export interface MyCertificate {
  id: string;
  programmeId: string;
  programme: string;
  kind: CertificateKind;
  status: CertificateStatus;
  code: string;
  issuedAt: string;
  pdfUrl: string;
  verifyUrl: string;
}

export interface Verification {
  status: CertificateStatus;
  holderName: string;
  programme: string;
  city: string;
  kind: CertificateKind;
  issuedAt: string;
  /** Only when revoked: the public reason, one of REVOCATION_REASONS (never the private note). */
  revokedReason?: RevocationReason;
  /** Its wording, as the verification page shows it. */
  revokedReasonText?: string;
}

@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly renderer: CertificateRenderer,
  ) {}

  async listForProgramme(
    actor: Actor,
    programmeId: string,
    page: PageRequest,
    status?: CertificateStatus,
  ): Promise<Page<CertificateListItem>> {
    await programmeOfCity(this.ds.manager, actor, programmeId);
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM certificates
        WHERE programme_id = $1 AND ($2::certificate_status IS NULL OR status = $2)`,
      [programmeId, status ?? null],
    );
    const rows = await this.ds.query(
      `SELECT c.id, u.email, c.holder_name, c.kind, c.scope, c.status, c.code, c.language, c.issued_at
         FROM certificates c JOIN users u ON u.id = c.user_id
        WHERE c.programme_id = $1 AND ($2::certificate_status IS NULL OR c.status = $2)
        ORDER BY c.issued_at, c.id LIMIT $3 OFFSET $4`,
      [programmeId, status ?? null, page.perPage, offsetOf(page)],
    );
    return {
      items: rows.map((r: any) => ({
        id: r.id, learnerEmail: r.email, learnerName: r.holder_name, kind: r.kind, scope: r.scope,
        status: r.status, code: r.code, language: r.language, issuedAt: r.issued_at.toISOString(),
      })),
      total,
      ...page,
    };
  }

  async mine(actor: Actor, baseUrl: string): Promise<MyCertificate[]> {
    const rows = await this.ds.query(
      `SELECT c.id, c.programme_id, p.title, c.kind, c.status, c.code, c.issued_at
         FROM certificates c JOIN programmes p ON p.id = c.programme_id
        WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.id`,
      [actor.id],
    );
    return rows.map((r: any) => ({
      id: r.id, programmeId: r.programme_id, programme: r.title, kind: r.kind, status: r.status, code: r.code,
      issuedAt: r.issued_at.toISOString(), pdfUrl: `${baseUrl}/api/certificates/${r.id}/pdf`,
      verifyUrl: `${baseUrl}/verify/${r.code}`,
    }));
  }

  /** The PDF, for its holder or an administrator of the issuing city. */
  async pdf(actor: Actor, id: string): Promise<{ content: Buffer; sha256: string; filename: string }> {
    const [row] = await this.ds.query(
      `SELECT c.user_id, p.city_id, c.code, c.kind, c.sha256, d.content
         FROM certificates c JOIN programmes p ON p.id = c.programme_id
         JOIN certificate_documents d ON d.certificate_id = c.id WHERE c.id = $1`,
      [id],
    );
    const allowed = row && (row.user_id === actor.id || (actor.role === 'admin' && row.city_id === actor.cityId));
    if (!allowed) throw notFound('certificate', id);
    return { content: row.content, sha256: row.sha256, filename: `certificate-${row.kind}-${row.code}.pdf` };
  }

  /**
   * The certificate as an accessible web page, rendered from the same template as its PDF,
   * with the texts it was issued with (texts not in its language marked with their own).
   */
  async html(actor: Actor, id: string, baseUrl: string, styleNonce?: string): Promise<string> {
    const [row] = await this.ds.query(
      `SELECT c.user_id, p.city_id, c.kind, c.scope, c.language, c.holder_name, c.modules, c.printed, c.code, c.issued_at,
              p.title, to_char(p.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(p.period_end, 'YYYY-MM-DD') AS period_end, ci.name AS city, ci.issuer
         FROM certificates c JOIN programmes p ON p.id = c.programme_id JOIN cities ci ON ci.id = p.city_id
        WHERE c.id = $1`,
      [id],
    );
    const allowed = row && (row.user_id === actor.id || (actor.role === 'admin' && row.city_id === actor.cityId));
    if (!allowed) throw notFound('certificate', id);
    // Certificates issued before the texts were kept print what the programme and city say now.
    const printed: PrintedTexts | null = row.printed;
    return this.renderer.renderHtml({
      kind: row.kind, language: row.language, holderName: row.holder_name,
      programmeTitle: printed?.programmeTitle.text ?? row.title, cityName: row.city,
      issuer: printed?.issuer.text ?? row.issuer, modules: row.modules,
      module: printed?.module ? { code: printed.module.code, title: printed.module.title } : null,
      untranslated: printed ? untranslatedOf(printed) : [],
      periodStart: row.period_start ?? undefined, periodEnd: row.period_end ?? undefined, issuedAt: row.issued_at,
      verificationCode: row.code, verificationUrl: `${baseUrl}/verify/${row.code}`,
    }, { styleNonce });
  }

  /** Public: what anyone holding the code may know, nothing more. */
  async verify(code: string): Promise<Verification> {
    const normalized = normalizeVerificationCode(code);
    if (!normalized) throw new DomainError('not-found', `no certificate has the code ${code}`);
    const [row] = await this.ds.query(
      `SELECT c.status, c.holder_name, p.title, ci.name AS city, c.kind, c.issued_at, c.revoked_reason
         FROM certificates c JOIN programmes p ON p.id = c.programme_id JOIN cities ci ON ci.id = p.city_id
        WHERE c.code = $1`,
      [normalized],
    );
    if (!row) throw new DomainError('not-found', `no certificate has the code ${normalized}`);
    return {
      status: row.status, holderName: row.holder_name, programme: row.title, city: row.city, kind: row.kind,
      issuedAt: row.issued_at.toISOString(),
      ...(row.status === 'revoked'
        ? { revokedReason: row.revoked_reason, revokedReasonText: REVOCATION_REASON_LABELS[row.revoked_reason as RevocationReason] }
        : {}),
    };
  }

  /**
   * Withdraws a certificate; it keeps verifying, as revoked, with the public reason. The
   * private note is kept with the certificate and in the audit entry, for the city only.
   */
  async revoke(actor: Actor, id: string, revocation: { reason: RevocationReason; note: string | null }): Promise<void> {
    const { reason, note } = revocation;
    await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT c.status FROM certificates c JOIN programmes p ON p.id = c.programme_id
          WHERE c.id = $1 AND p.city_id = $2 FOR UPDATE OF c`,
        [id, actor.cityId],
      );
      if (!row) throw notFound('certificate', id);
      if (row.status !== 'valid') throw conflict(`certificate ${id} is already ${row.status}`);
      await m.query(
        `UPDATE certificates SET status = 'revoked', revoked_at = now(), revoked_reason = $2, revoked_note = $3 WHERE id = $1`,
        [id, reason, note],
      );
      await this.audit.record(m, {
        cityId: actor.cityId, actorId: actor.id, action: 'certificate.revoked', entity: 'certificate', entityId: id,
        before: { status: 'valid' }, after: { status: 'revoked', reason, note },
      });
    });
  }
}

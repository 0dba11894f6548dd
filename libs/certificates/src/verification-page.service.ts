import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CertificateKind } from '@academy/rules';
import type { CertificateStatus } from './certificates.tables.js';
import { normalizeVerificationCode } from './verification-code.js';

/** What the public verification page shows: the API's verification plus what a reader needs around it. */
export interface VerificationDetails {
  code: string;
  status: CertificateStatus;
  holderName: string;
  programme: string;
  city: string;
  /** The issuing city's zone, for the date issued. */
  timeZone: string;
  kind: CertificateKind;
  issuedAt: string;
  revokedReason?: string;
  /** For a superseded certificate: the code of the one that replaces it now (following every replacement). */
  currentCode?: string;
}

/** Public: the same facts as GET /api/certificates/verify/{code}, for the page the QR code opens. */
@Injectable()
export class VerificationPageService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Undefined when no certificate has the code. */
  async details(code: string): Promise<VerificationDetails | undefined> {
    const normalized = normalizeVerificationCode(code);
    if (!normalized) return undefined;
    const [row] = await this.ds.query(
      `WITH RECURSIVE chain AS (
         SELECT c.id, c.superseded_by, 0 AS depth FROM certificates c WHERE c.code = $1
         UNION ALL
         SELECT n.id, n.superseded_by, chain.depth + 1 FROM certificates n JOIN chain ON n.id = chain.superseded_by
          WHERE chain.depth < 50)
       SELECT c.code, c.status, c.holder_name, p.title, ci.name AS city, ci.timezone, c.kind, c.issued_at, c.revoked_reason,
              (SELECT cur.code FROM chain JOIN certificates cur ON cur.id = chain.id
                WHERE chain.depth > 0 ORDER BY chain.depth DESC LIMIT 1) AS current_code
         FROM certificates c JOIN programmes p ON p.id = c.programme_id JOIN cities ci ON ci.id = p.city_id
        WHERE c.code = $1`,
      [normalized],
    );
    if (!row) return undefined;
    return {
      code: row.code, status: row.status, holderName: row.holder_name, programme: row.title, city: row.city,
      timeZone: row.timezone, kind: row.kind, issuedAt: row.issued_at.toISOString(),
      ...(row.status === 'revoked' ? { revokedReason: row.revoked_reason } : {}),
      ...(row.status === 'superseded' && row.current_code ? { currentCode: row.current_code } : {}),
    };
  }
}

/** The certificate kinds the academy issues. */
export type CertificateKind = 'completion' | 'attendance' | 'trainer';

export const CERTIFICATE_KINDS: readonly CertificateKind[] = ['completion', 'attendance', 'trainer'];

/** Everything printed on one certificate. */
export interface CertificateDocument {
  kind: CertificateKind;
  /** BCP-47 primary tag: 'en', 'sq', ... */
  language: string;
  /** As printed, any script (Latin, Albanian ë ç, Cyrillic, Greek). */
  holderName: string;
  programmeTitle: string;
  cityName: string;
  /** Issuing body, e.g. "Tirana Municipality". */
  issuer: string;
  /** Modules attended or counted towards the certificate. */
  modules: { code: string; title: string }[];
  /** ISO date 'YYYY-MM-DD'. */
  periodStart?: string;
  periodEnd?: string;
  issuedAt: Date;
  /** e.g. 'K7QP-M3XW-94TD'. */
  verificationCode: string;
  /** Absolute URL the QR code encodes. */
  verificationUrl: string;
}

/** A rendered PDF and the hex SHA-256 of its bytes. */
export interface RenderedPdf {
  pdf: Buffer;
  sha256: string;
}

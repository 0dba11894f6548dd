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
  /**
   * The modules the certificate names: attended (programme certificates), the one module
   * (a module's certificate), or delivered (a trainer certificate).
   */
  modules: { code: string; title: string }[];
  /** Set for a certificate of one module (Dublin's per-module awards): that module. */
  module?: { code: string; title: string } | null;
  /**
   * Printed texts that are not in the certificate's language (no version in it yet), each
   * with the language it is in (null: as first given, language unknown). The web view marks
   * them with their `lang`; the PDF lists them in its Keywords.
   */
  untranslated?: { what: string; text: string; language: string | null }[];
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

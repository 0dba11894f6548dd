/**
 * Tables of this room: `decisions` (every evaluation, with the rule set's explanation),
 * `certificates` (a partial unique index allows one valid certificate per learner,
 * programme and slot) and `certificate_documents` (the PDFs). Their SQL is in the database
 * lib's migrations.
 */
export const CERTIFICATE_TABLES = ['decisions', 'certificates', 'certificate_documents'] as const;

export const CERTIFICATE_STATUSES = ['valid', 'revoked', 'superseded'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

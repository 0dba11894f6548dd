import { invalid } from '@academy/common';

/**
 * Why a certificate was revoked, as verification shows it to anyone holding the code: one
 * of a fixed list, so no administrator's words (which may name a person or a mistake) reach
 * the public. What happened in detail goes in the revocation's private note, seen only by the
 * city's administrators (in the audit log), never by verification.
 */
export const REVOCATION_REASONS = [
  'issued_in_error',
  'attendance_corrected',
  'identity_mismatch',
  'withdrawn_by_learner',
  'other',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** The public wording of each reason, as the verification page shows it. */
export const REVOCATION_REASON_LABELS: Record<RevocationReason, string> = {
  issued_in_error: 'Issued in error',
  attendance_corrected: 'The attendance records it was based on were corrected',
  identity_mismatch: 'The holder named on it is not the person who took part',
  withdrawn_by_learner: 'Withdrawn at the request of its holder',
  other: 'Revoked by the issuing city',
};

export const isRevocationReason = (value: unknown): value is RevocationReason =>
  typeof value === 'string' && (REVOCATION_REASONS as readonly string[]).includes(value);

/**
 * A revocation as asked for. Requests from before the fixed list sent only a free-text
 * `reason`: that text becomes the private note and the public reason is `other`.
 */
export function revocationOf(reason: string, note?: string): { reason: RevocationReason; note: string | null } {
  if (isRevocationReason(reason)) return { reason, note: note?.trim() || null };
  if (note !== undefined) throw invalid(`reason: must be one of ${REVOCATION_REASONS.join(', ')} when a note is given`);
  return { reason: 'other', note: reason.trim() };
}

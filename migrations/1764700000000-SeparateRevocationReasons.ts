import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revocation's public reason becomes one of a fixed list (what verification shows) and the
 * administrator's own words move to a private note that verification never shows. Every
 * revocation made so far keeps its text as the note, with the public reason `other`.
 */
export class SeparateRevocationReasons1764700000000 implements MigrationInterface {
  name = 'SeparateRevocationReasons1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE certificates ADD COLUMN revoked_note text;
      UPDATE certificates SET revoked_note = revoked_reason, revoked_reason = 'other'
       WHERE revoked_reason IS NOT NULL OR status = 'revoked';
      ALTER TABLE certificates ADD CONSTRAINT ck_certificates_revoked_reason CHECK (
        revoked_reason IS NULL
        OR revoked_reason IN ('issued_in_error', 'attendance_corrected', 'identity_mismatch', 'withdrawn_by_learner', 'other'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE certificates DROP CONSTRAINT ck_certificates_revoked_reason;
      UPDATE certificates SET revoked_reason = COALESCE(revoked_note, revoked_reason) WHERE revoked_reason IS NOT NULL;
      ALTER TABLE certificates DROP COLUMN revoked_note;
    `);
  }
}

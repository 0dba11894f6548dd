import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that hold, and records that only count when someone else made them.
 *
 * - `users.token_version`: signed into every token; a logout, a deactivation, a role change
 *   or a password change raises it, which ends every token signed before. `users.active`:
 *   a deactivated person can no longer log in and their tokens are refused.
 * - `password_resets`: one row per forgotten-password request that names a known, active
 *   account; the token is created by the mail job, stored hashed, expires, and is used once.
 * - `sessions.checkin_opened_by`: who opened the check-in and shows its code; a check-in
 *   is recorded as made by that person (they vouch for the room), not by the learner.
 * - `session_trainers.assigned_by`: who assigned the trainer (an administrator).
 * - `participant_attendance` (the shared definition of the records that make a module count)
 *   leaves out a record its own subject made; `trainer_deliveries` is the sessions a person
 *   delivered as assigned by someone else. So a train-the-trainer module attended, and the
 *   sessions co-facilitated or led, count only when another person recorded them, for the
 *   certificate job, the dry run and the statistics alike. Check-in rows recorded before this
 *   migration carried the learner as their recorder; they are moved to "no recorder" (the
 *   code did the recording) so they keep counting as they did.
 */
export class AddAccountStateAndSeparationOfDuties1764600000000 implements MigrationInterface {
  name = 'AddAccountStateAndSeparationOfDuties1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN token_version integer NOT NULL DEFAULT 1,
        ADD COLUMN active boolean NOT NULL DEFAULT true;

      CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text,
        expires_at timestamptz,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_password_resets_token ON password_resets (token_hash) WHERE token_hash IS NOT NULL;
      CREATE INDEX ix_password_resets_user ON password_resets (user_id);

      ALTER TABLE sessions ADD COLUMN checkin_opened_by uuid REFERENCES users(id);
      ALTER TABLE session_trainers ADD COLUMN assigned_by uuid REFERENCES users(id);

      UPDATE attendance SET recorded_by = NULL WHERE source = 'checkin' AND recorded_by = user_id;

      CREATE OR REPLACE VIEW participant_attendance AS
      SELECT s.programme_id, s.module_id, a.user_id, s.id AS session_id, s.starts_at, a.status, a.minutes,
             round(extract(epoch FROM s.ends_at - s.starts_at) / 60) AS session_minutes
        FROM attendance a
        JOIN sessions s ON s.id = a.session_id
       WHERE NOT EXISTS (SELECT 1 FROM session_trainers t WHERE t.session_id = a.session_id AND t.user_id = a.user_id)
         AND a.recorded_by IS DISTINCT FROM a.user_id;

      CREATE VIEW trainer_deliveries AS
      SELECT s.programme_id, s.module_id, t.session_id, t.user_id, t.role
        FROM session_trainers t
        JOIN sessions s ON s.id = t.session_id
       WHERE t.assigned_by IS DISTINCT FROM t.user_id;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW trainer_deliveries;
      CREATE OR REPLACE VIEW participant_attendance AS
      SELECT s.programme_id, s.module_id, a.user_id, s.id AS session_id, s.starts_at, a.status, a.minutes,
             round(extract(epoch FROM s.ends_at - s.starts_at) / 60) AS session_minutes
        FROM attendance a
        JOIN sessions s ON s.id = a.session_id
       WHERE NOT EXISTS (SELECT 1 FROM session_trainers t WHERE t.session_id = a.session_id AND t.user_id = a.user_id);
      ALTER TABLE session_trainers DROP COLUMN assigned_by;
      ALTER TABLE sessions DROP COLUMN checkin_opened_by;
      DROP TABLE password_resets;
      ALTER TABLE users DROP COLUMN active, DROP COLUMN token_version;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The local time and length a programme's sessions usually have. An attendance import that
 * names a session only by its date creates it at that time of day, in the programme's time
 * zone, with that length (rather than at local midnight with no end). Existing programmes get
 * 09:00 and 90 minutes; sessions already created are left as they are.
 */
export class AddProgrammeSessionDefaults1764200400000 implements MigrationInterface {
  name = 'AddProgrammeSessionDefaults1764200400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programmes
        ADD COLUMN default_session_start time NOT NULL DEFAULT '09:00',
        ADD COLUMN default_session_minutes integer NOT NULL DEFAULT 90
          CONSTRAINT ck_programmes_default_session_minutes CHECK (default_session_minutes BETWEEN 1 AND 1440);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programmes DROP COLUMN default_session_start, DROP COLUMN default_session_minutes`);
  }
}

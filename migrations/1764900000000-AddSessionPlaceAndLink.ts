import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a session happens, so a learner's page can say it: the room or address of an
 * in-person session, the meeting link of an online one (a hybrid one may have both).
 * Both optional; existing sessions have neither.
 */
export class AddSessionPlaceAndLink1764900000000 implements MigrationInterface {
  name = 'AddSessionPlaceAndLink1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN place text CONSTRAINT ck_sessions_place CHECK (length(place) BETWEEN 1 AND 300),
        ADD COLUMN link text CONSTRAINT ck_sessions_link CHECK (link ~ '^https?://' AND length(link) <= 2000);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP COLUMN place, DROP COLUMN link`);
  }
}

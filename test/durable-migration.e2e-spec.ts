import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, prepareDatabase } from '@academy/database';
import { createTestDatabase, type TestDatabase } from './setup/services.js';

/**
 * The migration that makes decisions unique applies to a database that already holds the
 * duplicates re-run evaluations left: each (programme, learner, revision, close) keeps one
 * decision, certificates keep pointing at a decision, and what is still owed is marked due.
 */
describe('the durable-jobs migration on existing data', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('durable_migration');
    const before = MIGRATIONS.filter((m) => m.name !== 'AddDurableJobs1764100000000');
    expect(before).toHaveLength(MIGRATIONS.length - 1);
    ds = new DataSource({ ...dataSourceOptions(db.url, 2), migrations: before });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const one = async (sql: string, params: unknown[] = []) => (await ds.query(sql, params))[0].id as string;
    ids.city = await one(`INSERT INTO cities (code, name, issuer) VALUES ('TST', 'Testville', 'Testville') RETURNING id`);
    ids.ana = await one(`INSERT INTO users (city_id, email, name) VALUES ($1, 'ana@test.example', 'Ana') RETURNING id`, [ids.city]);
    ids.ben = await one(`INSERT INTO users (city_id, email, name) VALUES ($1, 'ben@test.example', 'Ben') RETURNING id`, [ids.city]);
    ids.programme = await one(
      `INSERT INTO programmes (city_id, code, title, rule_set, status, closed_at, close_count)
       VALUES ($1, 'OLD-1', 'Closed twice', 'tirana-2023', 'closed', '2025-03-02T10:00:00Z', 2) RETURNING id`,
      [ids.city],
    );
    await ds.query(`INSERT INTO enrolments (programme_id, user_id) VALUES ($1, $2), ($1, $3)`, [ids.programme, ids.ana, ids.ben]);
    for (const [n, at] of [[1, '2025-03-01T10:00:00Z'], [2, '2025-03-02T10:00:00Z']] as const) {
      await ds.query(
        `INSERT INTO audit_events (city_id, action, entity, entity_id, after, at) VALUES ($1, 'programme.closed', 'programme', $2, $3, $4)`,
        [ids.city, ids.programme, { closeCount: n }, at],
      );
    }
    const decision = (user: string, at: string) =>
      one(
        `INSERT INTO decisions (programme_id, user_id, rule_set, revision, awards, attended_modules, explanation, decided_at)
         VALUES ($1, $2, 'tirana-2023', 0, '[]', '{}', '{}', $3) RETURNING id`,
        [ids.programme, user, at],
      );
    // Ana: three decisions after the first close (two re-runs after crashes), one after the second.
    ids.anaFirst = await decision(ids.ana, '2025-03-01T10:00:05Z');
    ids.anaRerun1 = await decision(ids.ana, '2025-03-01T10:03:00Z');
    ids.anaRerun2 = await decision(ids.ana, '2025-03-01T10:07:00Z');
    ids.anaSecond = await decision(ids.ana, '2025-03-02T10:00:05Z');
    // Ben: decided after the first close only; the second close never reached him.
    ids.benFirst = await decision(ids.ben, '2025-03-01T10:00:06Z');
    await ds.query(
      `INSERT INTO certificates (code, programme_id, user_id, decision_id, kind, scope, slot, language, holder_name, modules, sha256, issued_at)
       VALUES ('AAAA-BBBB-CCCC', $1, $2, $3, 'completion', 'programme', 'programme:participation', 'en', 'Ana', '[]', 'x', '2025-03-01T10:00:05Z')`,
      [ids.programme, ids.ana, ids.anaFirst],
    );
    await prepareDatabase(db.url, { seed: false });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps one decision per learner, revision and close, and the certificate points at the one kept', async () => {
    const decisions = await ds.query(
      `SELECT id, user_id, close_count FROM decisions WHERE programme_id = $1 ORDER BY user_id, decided_at`,
      [ids.programme],
    );
    const ana = decisions.filter((d: { user_id: string }) => d.user_id === ids.ana);
    expect(ana).toEqual([
      { id: ids.anaRerun2, user_id: ids.ana, close_count: 1 },
      { id: ids.anaSecond, user_id: ids.ana, close_count: 2 },
    ]);
    expect(decisions.filter((d: { user_id: string }) => d.user_id === ids.ben)).toEqual([
      { id: ids.benFirst, user_id: ids.ben, close_count: 1 },
    ]);
    const [certificate] = await ds.query(`SELECT decision_id FROM certificates WHERE code = 'AAAA-BBBB-CCCC'`);
    expect(certificate.decision_id).toBe(ids.anaRerun2);
    await expect(
      ds.query(
        `INSERT INTO decisions (programme_id, user_id, rule_set, revision, awards, attended_modules, explanation, close_count)
         VALUES ($1, $2, 'tirana-2023', 0, '[]', '{}', '{}', 2)`,
        [ids.programme, ids.ana],
      ),
    ).rejects.toThrow(/uq_decisions_programme_user_revision_close/);
  });

  it('marks as due what the last close still owes', async () => {
    const enrolments = await ds.query(`SELECT user_id, decision_due FROM enrolments WHERE programme_id = $1`, [ids.programme]);
    expect(Object.fromEntries(enrolments.map((e: { user_id: string; decision_due: boolean }) => [e.user_id, e.decision_due]))).toEqual({
      [ids.ana]: false,
      [ids.ben]: true,
    });
  });
});

import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, prepareDatabase } from '@academy/database';
import { createTestDatabase, type TestDatabase } from './setup/services.js';

/** The migrations of rule-set pinning, language versions, selection runs and session defaults apply on a database holding data. */
describe('migrations on a database that already holds data', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('migrations-on-data');
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db.drop();
  });

  it('pins programmes to their first decision, keeps rule sets with their city, numbers runs, adds language versions', async () => {
    const before = MIGRATIONS.findIndex((m) => m.name === 'PinRuleSetVersionsPerCity1764200000000');
    expect(before).toBeGreaterThan(0);
    const old = new DataSource({ ...dataSourceOptions(db.url, 2), migrations: MIGRATIONS.slice(0, before) });
    await old.initialize();
    await old.runMigrations();
    // Data as the house held it before: a city, its rule set (one row without a city), a
    // closed programme decided under two versions, materials, a session with two selection runs.
    await old.query(`
      INSERT INTO cities (id, code, name, issuer) VALUES ('00000000-0000-0000-0000-00000000000c', 'TIRANA', 'Tirana', 'Tirana Municipality');
      INSERT INTO users (id, city_id, email, name, role) VALUES
        ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-00000000000c', 'admin@tirana.example', 'Admin', 'admin'),
        ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-00000000000c', 'ana@tirana.example', 'Ana', 'learner');
      INSERT INTO rule_set_versions (rule_set, version, city_id, definition, created_by) VALUES
        ('city-x', 1, '00000000-0000-0000-0000-00000000000c', '{}', '00000000-0000-0000-0000-0000000000a1'),
        ('city-x', 2, NULL, '{}', '00000000-0000-0000-0000-0000000000a1');
      INSERT INTO modules (id, code, kind, title, description) VALUES
        ('00000000-0000-0000-0000-0000000000d1', 'DHR-INTRO', 'introductory', 'Introduction to digital human rights', 'x');
      INSERT INTO materials (module_id, audience, slug, title, format, body) VALUES
        ('00000000-0000-0000-0000-0000000000d1', 'learner', 'slides', 'Stub', 'slides', 'A stub.');
      INSERT INTO programmes (id, city_id, code, title, rule_set, status) VALUES
        ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-00000000000c', 'OLD-2023', 'Old', 'city-x', 'closed'),
        ('00000000-0000-0000-0000-0000000000e2', '00000000-0000-0000-0000-00000000000c', 'NEW-2024', 'New', 'city-x', 'open');
      INSERT INTO programme_modules (programme_id, module_id, position) VALUES
        ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000d1', 1);
      INSERT INTO decisions (programme_id, user_id, rule_set, revision, awards, attended_modules, explanation, rule_set_version, close_count, decided_at) VALUES
        ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000b1', 'city-x', 0, '[]', '{}', '{}', 1, 1, now() - interval '2 days'),
        ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000b1', 'city-x', 1, '[]', '{}', '{}', 2, 1, now() - interval '1 day');
      INSERT INTO sessions (id, programme_id, module_id, starts_at, timezone, local_date) VALUES
        ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000d1', now(), 'UTC', current_date);
      INSERT INTO selection_runs (session_id, seed, result, created_at) VALUES
        ('00000000-0000-0000-0000-0000000000f1', 'a', '{"selected": [], "waitingList": [], "withdrawn": []}', now() - interval '2 hours'),
        ('00000000-0000-0000-0000-0000000000f1', 'a', '{"selected": [], "waitingList": [], "withdrawn": ["x"]}', now() - interval '1 hour');
    `);
    await old.destroy();

    await prepareDatabase(db.url, { admin: { email: 'admin@tirana.example', password: 'unused-password-here' } });
    ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    expect(await ds.query(`SELECT code, rule_set_version FROM programmes WHERE code IN ('OLD-2023', 'NEW-2024') ORDER BY code`)).toEqual([
      { code: 'NEW-2024', rule_set_version: null },
      { code: 'OLD-2023', rule_set_version: 1 },
    ]);
    expect(await ds.query(`SELECT version, city_id FROM rule_set_versions ORDER BY version`)).toEqual([
      { version: 1, city_id: '00000000-0000-0000-0000-00000000000c' },
      { version: 2, city_id: '00000000-0000-0000-0000-00000000000c' },
    ]);
    expect(await ds.query(`SELECT run_no, kind FROM selection_runs ORDER BY run_no`)).toEqual([
      { run_no: 1, kind: 'selection' },
      { run_no: 2, kind: 'withdrawal' },
    ]);
    const [intro] = await ds.query(`SELECT titles FROM modules WHERE code = 'DHR-INTRO'`);
    expect(intro.titles).toEqual({ en: 'Introduction to digital human rights', sq: 'Hyrje në të drejtat digjitale të njeriut' });
    expect(await ds.query(`SELECT slug FROM materials m JOIN modules o ON o.id = m.module_id WHERE o.code = 'DHR-INTRO' AND slug = 'slides'`)).toEqual([]);
    const [city] = await ds.query(`SELECT issuer, issuers FROM cities WHERE code = 'TIRANA'`);
    expect(city).toEqual({ issuer: 'Tirana Municipality', issuers: { en: 'Tirana Municipality', sq: 'Bashkia e Tiranës' } });
    expect(await ds.query(`SELECT to_char(default_session_start, 'HH24:MI') AS t, default_session_minutes AS m FROM programmes WHERE code = 'OLD-2023'`)).toEqual([{ t: '09:00', m: 90 }]);
  });
});

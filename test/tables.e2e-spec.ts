import pg from 'pg';
import { ATTENDANCE_TABLES } from '@academy/attendance';
import { AUDIT_TABLES } from '@academy/audit';
import { CATALOGUE_TABLES } from '@academy/catalogue';
import { CERTIFICATE_TABLES } from '@academy/certificates';
import { prepareDatabase } from '@academy/database';
import { EVIDENCE_TABLES } from '@academy/evidence';
import { IDENTITY_TABLES } from '@academy/identity';
import { MAIL_TABLES } from '@academy/mail';
import { PROGRAMME_TABLES } from '@academy/programmes';
import { QUEUE_TABLES } from '@academy/queue';
import { RULE_SET_TABLES } from '@academy/rule-sets';
import { SELECTION_TABLES } from '@academy/selection';
import { SELF_PACED_TABLES } from '@academy/self-paced';
import { SESSION_TABLES } from '@academy/sessions';
import { STATISTICS_TABLES } from '@academy/statistics';
import { SURVEY_TABLES } from '@academy/surveys';
import { createTestDatabase, type TestDatabase } from './setup/services.js';

/** Each room (lib) names the tables it owns; together they are the whole schema, each table once. */
const ROOMS: Record<string, readonly string[]> = {
  attendance: ATTENDANCE_TABLES, audit: AUDIT_TABLES, catalogue: CATALOGUE_TABLES, certificates: CERTIFICATE_TABLES,
  evidence: EVIDENCE_TABLES, identity: IDENTITY_TABLES, mail: MAIL_TABLES, programmes: PROGRAMME_TABLES, queue: QUEUE_TABLES,
  'rule-sets': RULE_SET_TABLES,
  selection: SELECTION_TABLES, 'self-paced': SELF_PACED_TABLES, sessions: SESSION_TABLES, statistics: STATISTICS_TABLES,
  surveys: SURVEY_TABLES,
};

describe('every table belongs to one room', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('tables');
    await prepareDatabase(db.url, { seed: false });
  });
  afterAll(() => db.drop());

  it('names each table of the migrated schema in exactly one lib', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
        ORDER BY 1`,
    );
    await client.end();
    const owners = new Map<string, string[]>();
    for (const [room, tables] of Object.entries(ROOMS)) {
      for (const t of tables) owners.set(t, [...(owners.get(t) ?? []), room]);
    }
    expect([...owners.entries()].filter(([, rooms]) => rooms.length > 1)).toEqual([]);
    expect([...owners.keys()].sort()).toEqual(rows.map((r) => r.table_name));
  });
});

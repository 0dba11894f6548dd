import { PassThrough } from 'node:stream';
import { Logger } from 'nestjs-pino';
import pg from 'pg';
import { clientDatabaseError, isDatabaseUnavailable, loggableError } from '../apps/api/src/common/database-errors.js';
import { bearer, TestAcademy } from './support/academy.js';

/**
 * A database error shows the caller only the one error shape (503 while PostgreSQL cannot be
 * reached), and the log shows its code and statement but never the values it carried.
 */
describe('database errors', () => {
  let academy: TestAcademy;
  let admin: string;
  const logged: string[] = [];

  beforeAll(async () => {
    // The api's log, read by the test (the first app of a test file decides where pino writes).
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logged.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    academy = await TestAcademy.start('dberrors', {}, { stream, level: 'info' });
    admin = await academy.login();
  });
  afterAll(() => academy.stop());

  it('answers a failing query with the one error shape and logs it without its parameters', async () => {
    const secretEmail = 'ana.secret-person@tirana.example';
    const password = 'her-own-password-123';
    await academy.db.query(`ALTER TABLE users RENAME COLUMN password_hash TO password_hash_moved`);
    try {
      const res = await academy.http.post('/api/auth/login').send({ email: secretEmail, password });
      expect(res.body).toEqual({ statusCode: 500, error: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', requestId: expect.any(String) });
      const line = logged.find((l) => l.includes('unhandled error') && l.includes(res.body.requestId));
      expect(line).toBeDefined();
      expect(JSON.parse(line!).err).toMatchObject({ code: '42703', query: expect.stringContaining('FROM users WHERE email = $1') });
    } finally {
      await academy.db.query(`ALTER TABLE users RENAME COLUMN password_hash_moved TO password_hash`);
    }
    const everything = logged.join('\n');
    expect(everything).not.toContain(secretEmail);
    expect(everything).not.toContain(password);
  });

  it('words caller-caused database errors itself, and keeps values out of what it logs', async () => {
    const failing = async (sql: string, params: unknown[]) => {
      try {
        await academy.db.query(sql, params);
      } catch (err) {
        return err;
      }
      throw new Error(`${sql} did not fail`);
    };
    const badUuid = await failing(`SELECT 1 FROM users WHERE id = $1`, ['secret-not-a-uuid']);
    expect(clientDatabaseError(badUuid)).toEqual({ status: 400, message: 'a value does not have the expected format' });
    const duplicate = await failing(`INSERT INTO users (city_id, email, name, role) SELECT city_id, email, 'x', 'learner' FROM users WHERE email = $1`, [
      'admin@tirana.example',
    ]);
    expect(clientDatabaseError(duplicate)).toEqual({ status: 409, message: 'a record with the same identity already exists' });
    const described = JSON.stringify(loggableError(duplicate));
    expect(described).toContain('23505');
    expect(described).not.toContain('admin@tirana.example'); // pg's detail line repeats the value: dropped
    expect(JSON.stringify(loggableError(badUuid))).not.toContain('"parameters"');
    // Logged raw elsewhere, the error still loses its parameters and detail to pino's redaction.
    academy.api.get(Logger).error({ err: duplicate }, 'raw database error');
    await new Promise((r) => setImmediate(r));
    const raw = logged.find((l) => l.includes('raw database error'));
    expect(raw).toContain('23505');
    expect(raw).not.toContain('admin@tirana.example');
    expect(isDatabaseUnavailable(badUuid)).toBe(false);
  });

  it('answers 503 while PostgreSQL refuses connections, and recovers', async () => {
    const dbName = new URL(academy.config.databaseUrl).pathname.slice(1);
    const adminDb = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await adminDb.connect();
    try {
      await adminDb.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS false`);
      await adminDb.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      const res = await academy.http.get('/api/programmes').set(bearer(admin));
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        statusCode: 503, error: 'SERVICE_UNAVAILABLE', message: 'the database is not available at the moment: try again shortly',
        requestId: expect.any(String),
      });
    } finally {
      await adminDb.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS true`);
      await adminDb.end();
    }
    const again = await academy.http.get('/api/programmes').set(bearer(admin));
    expect(again.status).toBe(200);
  });
});

import pg from 'pg';
import { Redis } from 'ioredis';
import { createTestDatabase, testRedisUrl, testQueuePrefix } from '../setup/services.js';

describe('test harness', () => {
  it('creates, uses and drops databases', async () => {
    const t = performance.now();
    const [a, b] = await Promise.all([createTestDatabase('Harness Spec!'), createTestDatabase('other')]);
    const created = performance.now() - t;
    expect(a.name).toMatch(/^academy_test_harness_spec_[0-9a-f]{8}$/);
    const c = new pg.Client({ connectionString: a.url });
    c.on('error', () => undefined);
    await c.connect();
    await c.query('CREATE TABLE t (x text)');
    await c.query("INSERT INTO t VALUES ('Çela')");
    expect((await c.query('SELECT upper(x) AS u, current_database() AS db FROM t')).rows[0]).toEqual({ u: 'ÇELA', db: a.name });
    // drop() must work while a client is still connected
    const t2 = performance.now();
    await a.drop();
    await b.drop();
    console.log(`2 databases created in ${created.toFixed(0)} ms, dropped in ${(performance.now() - t2).toFixed(0)} ms; prefix ${testQueuePrefix('x y')}`);
    await c.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    const left = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'academy_test_%'");
    const settings = await admin.query("SELECT name, setting FROM pg_settings WHERE name IN ('fsync','max_connections','listen_addresses')");
    await admin.end();
    expect(left.rows).toEqual([]);
    console.log(JSON.stringify(settings.rows));
  });

  it('reaches redis with noeviction and no persistence', async () => {
    const r = new Redis(testRedisUrl());
    expect(await r.ping()).toBe('PONG');
    expect(await r.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await r.config('GET', 'save')).toEqual(['save', '']);
    expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    r.disconnect();
  });
});

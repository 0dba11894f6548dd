/**
 * What the per-request account check costs: requests per second of an authenticated GET
 * (`GET /api/me`, one indexed SELECT) with the check on and off, in one run, in alternating
 * rounds (off, on, on, off, …) so drift of a shared machine falls on both sides alike.
 * Prints each round, the medians and their ratio (goal: the check under 5% slower).
 *
 *   npm run build && node dist/bench/account-check.js [rounds=6] [seconds=5] [connections=32]
 *
 * One api runs in this process on its own PostgreSQL and Redis (under .data/); the load comes
 * from a child process (./account-check-load.ts), so client and server do not share an
 * event loop. The check is switched by flipping `accountCheck` on the running api's
 * configuration object: no environment variable can turn it off.
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@academy/config';
import { prepareDatabase } from '@academy/database';
import { ensureDatabase, freePort, startEmbeddedPostgres, startRedis } from '@academy/infra';
import { createApiApp } from '../apps/api/src/app.factory.js';
import { ROOT } from './support.js';

const rounds = Number(process.argv[2] ?? 6);
const seconds = Number(process.argv[3] ?? 5);
const connections = Number(process.argv[4] ?? 32);
const DATA_DIR = path.join(ROOT, '.data/bench-account-check');

rmSync(DATA_DIR, { recursive: true, force: true });
const postgres = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), persistent: false });
const redis = await startRedis({ dir: path.join(DATA_DIR, 'redis'), persistent: false });
process.env.LOG_LEVEL = 'silent';
try {
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: await ensureDatabase(postgres.url, 'academy'), REDIS_URL: redis.url, PORT: String(port), HOST: '127.0.0.1',
    DATA_DIR, JWT_SECRET: 'a-benchmark-secret-of-some-length', LOG_LEVEL: 'silent',
  });
  await prepareDatabase(config.databaseUrl, { admin: { email: config.adminEmail, password: config.adminPassword } });
  const app = await createApiApp(config);
  await app.listen(port, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: config.adminEmail, password: config.adminPassword }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };

  const round = (check: boolean) =>
    new Promise<number>((resolve, reject) => {
      config.accountCheck = check;
      const child = fork(path.join(import.meta.dirname, 'account-check-load.js'), [`${base}/api/me`, accessToken, String(seconds), String(connections)]);
      child.once('message', (m: { ok: number; failed: number }) => {
        if (m.failed) reject(new Error(`${m.failed} requests failed with the check ${check ? 'on' : 'off'}`));
        else resolve(m.ok / seconds);
      });
      child.once('error', reject);
    });

  console.log(`GET /api/me, ${connections} connections, ${rounds} rounds of ${seconds} s each way`);
  await round(true); // warm-up: JIT, connection pools, the cached account state
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [false, true] : [true, false];
    for (const check of order) {
      const rate = await round(check);
      (check ? on : off).push(rate);
      console.log(`  round ${r + 1}  check ${check ? 'on ' : 'off'}  ${rate.toFixed(0)} req/s`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [mOn, mOff] = [median(on), median(off)];
  console.log(`median: check off ${mOff.toFixed(0)} req/s, check on ${mOn.toFixed(0)} req/s`);
  console.log(`ratio on/off: ${(mOn / mOff).toFixed(3)} (${((1 - mOn / mOff) * 100).toFixed(1)}% slower; goal under 5%)`);
  config.accountCheck = true;
  await app.close();
} finally {
  await redis.stop();
  await postgres.stop();
}

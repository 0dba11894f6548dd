/**
 * What the per-request account check costs: requests per second of an authenticated GET
 * (`GET /api/me`, one indexed SELECT) with the check on and off, in one run, in alternating
 * rounds (off, on, on, off, …) so drift of a shared machine falls on both sides alike.
 * Each pair of rounds gives a ratio on/off; prints every pair, the medians and the median of
 * the pairs' ratios (goal: the check under 5% slower).
 *
 *   npm run build && node dist/bench/account-check.js [pairs=10] [seconds=3] [connections=32]
 *
 * One api runs in this process on its own PostgreSQL and Redis (under .data/); the load comes
 * from one child process (./account-check-load.ts), kept for the whole run, so client and server do not share an
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

const rounds = Number(process.argv[2] ?? 10);
const seconds = Number(process.argv[3] ?? 3);
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

  const loader = fork(path.join(import.meta.dirname, 'account-check-load.js'), [`${base}/api/me`, accessToken, String(connections)]);
  await new Promise((resolve) => loader.once('message', resolve));
  const round = (check: boolean, secs = seconds) =>
    new Promise<number>((resolve, reject) => {
      config.accountCheck = check;
      loader.once('message', (m: { ok: number; failed: number; ms: number }) => {
        if (m.failed) reject(new Error(`${m.failed} requests failed with the check ${check ? 'on' : 'off'}`));
        else resolve((m.ok * 1000) / m.ms);
      });
      loader.send({ seconds: secs });
    });

  console.log(`GET /api/me, ${connections} connections, ${rounds} pairs of ${seconds} s rounds (order alternating)`);
  await round(true, 3); // warm-up: JIT, connection pools, the cached account state
  await round(false, 3);
  const on: number[] = [];
  const off: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [false, true] : [true, false];
    const pair: Record<string, number> = {};
    for (const check of order) pair[String(check)] = await round(check);
    on.push(pair.true!);
    off.push(pair.false!);
    ratios.push(pair.true! / pair.false!);
    console.log(`  pair ${String(r + 1).padStart(2)}  off ${pair.false!.toFixed(0).padStart(5)} req/s  on ${pair.true!.toFixed(0).padStart(5)} req/s  on/off ${(pair.true! / pair.false!).toFixed(3)}`);
  }
  loader.send({ stop: true });
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  console.log(`median req/s: check off ${median(off).toFixed(0)}, check on ${median(on).toFixed(0)}`);
  console.log(`mean req/s: check off ${(sum(off) / rounds).toFixed(0)}, check on ${(sum(on) / rounds).toFixed(0)}`);
  const ratio = median(ratios);
  const words = ratio <= 1 ? `${((1 - ratio) * 100).toFixed(1)}% slower` : `${((ratio - 1) * 100).toFixed(1)}% faster, i.e. within the noise`;
  console.log(`on/off, median of the pairs: ${ratio.toFixed(3)} (the check on: ${words}; goal under 5% slower)`);
  config.accountCheck = true;
  await app.close();
} finally {
  await redis.stop();
  await postgres.stop();
}

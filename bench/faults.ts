/**
 * Certificates under faults: a 10,000-learner batch with a worker killed (SIGKILL) at 30%
 * of the certificates and Redis killed (SIGKILL) at 60%, against the same batch without
 * faults, in the same run (one fault-free batch before and one after). Reports the seconds from the close to the last certificate and
 * the certificates lost and duplicated (goal: 0 and 0, under 1.5× the fault-free time).
 *
 *   npm run build && node dist/bench/faults.js [learners=10000] [workers=2] [--launcher]
 *
 * By default the script runs PostgreSQL, Redis, the api and the workers itself, as `npm start`
 * does, and restarts what it killed after RESTART_DELAY_MS (what a supervisor would do), and
 * any worker that exits on its own. With --launcher it runs `npm start` instead and only
 * kills: restarting is then the launcher's job (a launcher that stops everything when a part
 * dies fails the run).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import {
  ensureDatabase, freePort, startEmbeddedPostgres, startRedis, type EmbeddedPostgres, type RedisServer,
} from '@academy/infra';
import { api, attendanceCsv, ROOT, sleep, startAcademy } from './support.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const learners = Number(args[0] ?? 10_000);
const workers = Number(args[1] ?? 2);
const viaLauncher = process.argv.includes('--launcher');
const RESTART_DELAY_MS = 1000;
const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];
const DATA_DIR = path.join(ROOT, '.data/bench-faults');

interface Stack {
  url: string;
  token: string;
  databaseUrl: string;
  killWorker(): Promise<string>;
  killRedis(): Promise<string>;
  stop(): Promise<void>;
}

/** The academy's processes, run by this script: it is their supervisor. */
async function ownStack(): Promise<Stack> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const postgres: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), persistent: true });
  const databaseUrl = await ensureDatabase(postgres.url, 'academy');
  const redisDir = path.join(DATA_DIR, 'redis');
  let redis: RedisServer = await startRedis({ dir: redisDir, persistent: true });
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const env = {
    ...process.env, PORT: String(port), DATA_DIR, DATABASE_URL: databaseUrl, REDIS_URL: redis.url,
    JWT_SECRET: 'a-benchmark-secret-of-some-length', LOG_LEVEL: 'warn', PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  };
  let stopping = false;
  const run = (name: string, entry: string): { child: ChildProcess } => {
    const slot = { child: spawn(process.execPath, [path.join(ROOT, entry)], { env, stdio: ['ignore', 'ignore', 'inherit'] }) };
    const watch = () =>
      slot.child.once('exit', (code, signal) => {
        if (stopping) return;
        console.log(`  [supervisor] ${name} exited (${signal ?? code}); starting it again in ${RESTART_DELAY_MS} ms`);
        setTimeout(() => {
          if (stopping) return;
          slot.child = spawn(process.execPath, [path.join(ROOT, entry)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
          watch();
        }, RESTART_DELAY_MS);
      });
    watch();
    return slot;
  };
  const apiProcess = run('api', 'dist/apps/api/src/main.js');
  const url = `http://127.0.0.1:${port}`;
  for (const t0 = Date.now(); ; await sleep(50)) {
    if (Date.now() - t0 > 120_000) throw new Error('the api did not become healthy');
    if ((await fetch(`${url}/api/health`).catch(() => null))?.status === 200) break;
  }
  const workerProcesses = Array.from({ length: workers }, (_, i) => run(`worker-${i + 1}`, 'dist/apps/worker/src/main.js'));
  const { accessToken } = await api(url, '', 'POST', '/api/auth/login', { email: 'admin@tirana.example', password: 'academy-admin-2023' });
  return {
    url, token: accessToken, databaseUrl,
    async killWorker() {
      workerProcesses[0].child.kill('SIGKILL'); // restarted by run()'s watch
      return 'worker-1';
    },
    async killRedis() {
      process.kill(redis.pid, 'SIGKILL');
      await redis.exited;
      await sleep(RESTART_DELAY_MS);
      redis = await startRedis({ dir: redisDir, persistent: true, port: redis.port });
      return `redis (restarted on port ${redis.port})`;
    },
    async stop() {
      stopping = true;
      for (const p of [...workerProcesses, apiProcess]) p.child.kill('SIGTERM');
      await Promise.all([...workerProcesses, apiProcess].map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : null)));
      await redis.stop();
      await postgres.stop();
    },
  };
}

/** `npm start`, killed from outside: the launcher must bring back what died. */
async function launcherStack(): Promise<Stack> {
  const academy = await startAcademy({ dataDir: DATA_DIR, fresh: true, workers });
  const record = () => JSON.parse(readFileSync(path.join(DATA_DIR, 'launcher.json'), 'utf8')) as { processes: { name: string; pid: number }[] };
  const kill = async (name: string) => {
    const p = record().processes.find((x) => x.name === name);
    if (!p) throw new Error(`launcher.json names no ${name}`);
    process.kill(p.pid, 'SIGKILL');
    return `${name} (pid ${p.pid}; the launcher restarts it)`;
  };
  const credentials = JSON.parse(readFileSync(path.join(DATA_DIR, 'postgres.json'), 'utf8'));
  const port = JSON.parse(readFileSync(path.join(DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3] ?? '0');
  return {
    url: academy.url, token: academy.token,
    databaseUrl: `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/academy`,
    killWorker: () => kill('worker-1'),
    killRedis: () => kill('redis'),
    stop: () => academy.stop(),
  };
}

interface BatchResult {
  seconds: number;
  lost: number;
  duplicated: number;
  duplicateDecisions: number;
  faults: string[];
}

async function batch(stack: Stack, db: pg.Client, label: string, withFaults: boolean): Promise<BatchResult> {
  const { url, token } = stack;
  const programme = await api(url, token, 'POST', '/api/programmes', {
    code: `FAULTS-${label.toUpperCase()}-${Date.now() % 100000}`, title: `Fault benchmark (${label})`, moduleCodes: CODES,
    ruleSet: 'tirana-2023', languages: ['en'],
  });
  const prefix = `${label}-`;
  await api(url, token, 'POST', `/api/programmes/${programme.id}/attendance/import`, attendanceCsv(prefix, learners, CODES, 3), 'text/csv');
  // The invitations drain first, so that they do not share the measurement.
  const outbox = path.join(DATA_DIR, 'outbox');
  while ((await readdir(outbox).catch(() => [])).filter((f) => f.includes(prefix)).length < learners) await sleep(250);
  console.log(`${label}: ${learners} learners imported and invited; closing`);

  const faults: string[] = [];
  const t0 = Date.now();
  await api(url, token, 'POST', `/api/programmes/${programme.id}/close`);
  let last = 0;
  for (;;) {
    const status = await api(url, token, 'GET', `/api/programmes/${programme.id}/close-status`).catch(() => null);
    if (status) {
      const issued = status.certificates.completion + status.certificates.attendance;
      if (withFaults && faults.length === 0 && issued >= 0.3 * learners) faults.push(`${issued}: killed ${await stack.killWorker()}`);
      if (withFaults && faults.length === 1 && issued >= 0.6 * learners) faults.push(`${issued}: killed ${await stack.killRedis()}`);
      if (status.pending === 0 && (!withFaults || faults.length === 2)) break;
      const s = (Date.now() - t0) / 1000;
      if (s - last >= 10) {
        console.log(`  ${s.toFixed(0)} s: ${issued}/${learners} issued, ${status.pending} pending, ${status.failed} failed`);
        last = s;
      }
    }
    if (Date.now() - t0 > 30 * 60_000) throw new Error(`${label}: not finished after 30 minutes`);
    await sleep(250);
  }
  const [row] = (
    await db.query(
      `SELECT extract(epoch FROM max(c.issued_at) - p.closed_at)::float8 AS seconds,
              (SELECT count(*)::int FROM enrolments e WHERE e.programme_id = p.id AND NOT EXISTS (
                 SELECT 1 FROM certificates x WHERE x.programme_id = p.id AND x.user_id = e.user_id AND x.status = 'valid')) AS lost,
              (SELECT count(*)::int - count(DISTINCT user_id) FROM certificates x WHERE x.programme_id = p.id) AS duplicated,
              (SELECT count(*)::int FROM (SELECT 1 FROM decisions d WHERE d.programme_id = p.id
                 GROUP BY user_id, revision, close_count HAVING count(*) > 1) dd) AS duplicate_decisions
         FROM programmes p JOIN certificates c ON c.programme_id = p.id WHERE p.id = $1 GROUP BY p.id`,
      [programme.id],
    )
  ).rows;
  return { seconds: row.seconds, lost: row.lost, duplicated: row.duplicated, duplicateDecisions: row.duplicate_decisions, faults };
}

const stack = viaLauncher ? await launcherStack() : await ownStack();
const db = new pg.Client({ connectionString: stack.databaseUrl });
await db.connect();
try {
  // Fault-free before and after: on a shared machine the load drifts, the mean of the two is the baseline.
  const before = await batch(stack, db, 'clean1', false);
  const faulty = await batch(stack, db, 'faults', true);
  const after = await batch(stack, db, 'clean2', false);
  const show = (label: string, r: BatchResult) =>
    `${label}: ${r.seconds.toFixed(1)} s close → last certificate, lost ${r.lost}, duplicated ${r.duplicated}, ` +
    `duplicate decisions ${r.duplicateDecisions}${r.faults.length ? ` (${r.faults.join('; ')})` : ''}`;
  console.log(show('without faults, before', before));
  console.log(show('with faults           ', faulty));
  console.log(show('without faults, after ', after));
  const baseline = (before.seconds + after.seconds) / 2;
  console.log(
    `ratio: ${(faulty.seconds / baseline).toFixed(2)}× the mean fault-free time (goal < 1.5×), ${learners} learners, ` +
      `${workers} workers${viaLauncher ? ', npm start' : ''}`,
  );
} finally {
  await db.end();
  await stack.stop();
}

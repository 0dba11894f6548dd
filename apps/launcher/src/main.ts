/**
 * Single-machine mode (`npm start`): starts PostgreSQL and redis-server in
 * DATA_DIR (unless DATABASE_URL / REDIS_URL point at existing servers), then
 * the api and WORKERS worker processes; starts again whichever of them crashes
 * (giving up, exit code 3, when one keeps crashing); and stops all of it on
 * Ctrl-C / SIGTERM: apps first, then redis, then PostgreSQL.
 *
 * Environment:
 *   PORT              api HTTP port (default 3000)
 *   DATA_DIR          data folder (default <project>/.data; relative to the current directory)
 *   DATABASE_URL      use this PostgreSQL instead of the embedded one
 *   REDIS_URL         use this Redis instead of starting redis-server
 *   PUBLIC_BASE_URL   address users reach the academy at (default http://localhost:PORT)
 *   WORKERS           number of worker processes (default 1)
 *   JWT_SECRET        token signing secret (default: generated once, kept in DATA_DIR/jwt-secret)
 *   ADMIN_EMAIL, ADMIN_PASSWORD   passed to the api, which seeds the admin account
 *   ACADEMY_API_ENTRY, ACADEMY_WORKER_ENTRY
 *                     run these scripts instead of dist/apps/{api,worker}/src/main.js
 *                     (e.g. small stand-ins when trying the launcher itself)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD } from '@academy/config';
import {
  ensureDatabase,
  type Incarnation,
  installShutdownHandlers,
  isPortFree,
  isShuttingDown,
  mkdirs,
  type RunningServer,
  shutdown,
  startEmbeddedPostgres,
  startRedis,
  StopPriority,
  Supervised,
} from '@academy/infra';
import { startApp } from './app-process.js';
import { LauncherConfigError, readLauncherConfig, type LauncherConfig } from './config.js';
import { DataDirClaim, jwtSecretFor } from './data-dir.js';

const startedAt = performance.now();
const HEALTH_TIMEOUT_MS = 60_000;
const HEALTH_POLL_MS = 100;
const DATABASE_NAME = 'academy';

/** How the api and the worker exit on a bad setting (loadConfigOrExit): restarting would not help. */
const BAD_SETTING_EXIT_CODE = 2;
/** The launcher's exit code after giving up on a process that keeps crashing. */
const GAVE_UP_EXIT_CODE = 3;

/** Set once something was started, so that a bad setting does not end with a "stopped" line. */
let launched = false;
/** Set once the api first answered healthy: from then on a crash is restarted rather than fatal. */
let ready = false;
const say = (message: string) => process.stdout.write(`[launcher] ${message}\n`);
const complain = (message: string) => process.stderr.write(`[launcher] ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function projectRoot(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

async function main(): Promise<void> {
  const root = projectRoot();
  let config: LauncherConfig;
  try {
    config = readLauncherConfig(process.env, process.cwd(), root);
  } catch (err) {
    if (err instanceof LauncherConfigError) {
      complain(err.message);
      process.exit(2);
    }
    throw err;
  }

  installShutdownHandlers({
    signalExitCode: () => 0,
    onSignal: (signal) => say(`${signal} received: stopping…`),
    log: complain,
    onStopped: (code) => {
      if (launched) code === 0 ? say('stopped.') : complain(`stopped (exit code ${code}).`);
    },
  });

  for (const [name, entry] of [
    ['api', config.apiEntry],
    ['worker', config.workerEntry],
  ] as const) {
    if (name === 'worker' && config.workers === 0) continue;
    if (!existsSync(entry)) {
      throw new LauncherConfigError(`${name} program ${entry} does not exist; build first (npm run build), or run npm start, which builds when needed`);
    }
  }

  await mkdirs(config.dataDir);
  // Taking DATA_DIR also stops what a killed launcher left running there, which may include an api on PORT.
  const claim = await DataDirClaim.take(config.dataDir, config.port, say);
  if (!(await isPortFree(config.port))) {
    throw new LauncherConfigError(`PORT ${config.port} is already in use; stop what is listening there or set PORT to a free port`);
  }
  launched = true;
  const jwtSecret = await jwtSecretFor(config.dataDir, config.jwtSecret);

  // Each process runs under a Supervised unit from the moment it is up: after a crash it is
  // started again (same port, same data), see the README's "When a process stops".
  const supervise = (name: string, priority: number, comm: string, first: Incarnation, start: () => Promise<Incarnation>) =>
    new Supervised(
      {
        name,
        priority,
        start,
        restarted: (run) => claim.addProcess(name, run.pid, comm),
        fatal: (info) => (!ready ? 'during start-up' : comm === 'node' && info.code === BAD_SETTING_EXIT_CODE ? 'a bad setting, see above' : undefined),
        log: complain,
        giveUp: (message) => {
          if (isShuttingDown()) return;
          complain(message);
          void shutdown(ready ? GAVE_UP_EXIT_CODE : 1);
        },
      },
      first,
    );
  // The launcher's own registration stops a server; the unit only watches it.
  const serverRun = (server: RunningServer): Incarnation => ({ pid: server.pid, exited: server.exited, stop: server.stop, kill: () => undefined });

  // PostgreSQL and redis start side by side.
  const startPostgres = async (): Promise<string> => {
    if (config.databaseUrl) return config.databaseUrl;
    const t = performance.now();
    const options = { dataDir: path.join(config.dataDir, 'postgres'), persistent: true, dieWithParent: true };
    const pg = await startEmbeddedPostgres(options);
    await claim.addProcess('postgres', pg.pid, 'postgres');
    supervise('postgres', StopPriority.postgres, 'postgres', serverRun(pg), async () =>
      serverRun(await startEmbeddedPostgres({ ...options, port: pg.port })),
    );
    const url = await ensureDatabase(pg.url, DATABASE_NAME);
    say(`PostgreSQL ready on 127.0.0.1:${pg.port} in ${seconds(performance.now() - t)}${pg.initialised ? ' (new cluster created)' : ''}; log: ${pg.logFile}`);
    return url;
  };
  const startRedisServer = async (): Promise<string> => {
    if (config.redisUrl) return config.redisUrl;
    const t = performance.now();
    const options = { dir: path.join(config.dataDir, 'redis'), persistent: true, dieWithParent: true };
    const redis = await startRedis(options);
    await claim.addProcess('redis', redis.pid, 'redis-server');
    supervise('redis', StopPriority.redis, 'redis-server', serverRun(redis), async () =>
      serverRun(await startRedis({ ...options, port: redis.port })),
    );
    say(`redis ready on 127.0.0.1:${redis.port} in ${seconds(performance.now() - t)}; log: ${redis.logFile}`);
    return redis.url;
  };
  const servicesStarted = performance.now();
  const [pgResult, redisResult] = await Promise.allSettled([startPostgres(), startRedisServer()]);
  if (pgResult.status === 'rejected') throw pgResult.reason;
  if (redisResult.status === 'rejected') throw redisResult.reason;
  const servicesMs = performance.now() - servicesStarted;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pgResult.value,
    REDIS_URL: redisResult.value,
    PORT: String(config.port),
    DATA_DIR: config.dataDir,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    JWT_SECRET: jwtSecret,
  };
  const apps: Array<[string, string]> = [['api', config.apiEntry]];
  for (let i = 1; i <= config.workers; i++) apps.push([`worker-${i}`, config.workerEntry]);
  for (const [name, entry] of apps) {
    const run = () => startApp(name, entry, env, root);
    const first = run();
    await claim.addProcess(name, first.pid, 'node');
    supervise(name, StopPriority.app, 'node', first, async () => run());
  }

  const appsStarted = performance.now();
  await waitForHealth(config.port);
  if (isShuttingDown()) return;
  ready = true;
  const now = performance.now();

  const adminEmail = (process.env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL).toLowerCase();
  const adminNote = process.env.ADMIN_PASSWORD ? '' : ` (default password "${DEFAULT_ADMIN_PASSWORD}"; set ADMIN_PASSWORD to choose another)`;
  const base = config.publicBaseUrl;
  process.stdout.write(
    [
      '',
      `Digital Rights Academy is running (ready in ${seconds(now - startedAt)}: services ${seconds(servicesMs)}, api ${seconds(now - appsStarted)}; ${config.workers} worker${config.workers === 1 ? '' : 's'})`,
      // Only addresses that answer; the first one opens the sign-in page.
      `  Sign in      ${base}/`,
      `  API docs     ${base}/docs (OpenAPI document: ${base}/docs/openapi.json)`,
      `  Health       ${base}/api/health`,
      `  Verify       ${base}/verify/<code> (JSON: ${base}/api/certificates/verify/<code>)`,
      `  Admin login  ${adminEmail}${adminNote}`,
      `  Data         ${config.dataDir}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

async function waitForHealth(port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/api/health`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (!isShuttingDown()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    if (Date.now() > deadline) throw new Error(`the api did not report healthy at ${url} within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
}

main().catch((err) => {
  // A Ctrl-C during start-up makes whatever was starting fail; that needs no report.
  if (isShuttingDown()) return;
  const known = err instanceof Error && !(err instanceof TypeError || err instanceof ReferenceError);
  complain(err instanceof LauncherConfigError ? err.message : `could not start: ${known && !process.env.DEBUG ? err.message : (err?.stack ?? err)}`);
  void shutdown(err instanceof LauncherConfigError ? 2 : 1);
});

/**
 * The real stack, started the way `npm start` starts it: `node scripts/start.js`, whose
 * launcher runs an embedded PostgreSQL, a redis-server, the api and the workers as separate
 * processes. For suites that need those processes rather than an app inside the test
 * process: the README's walk-through, browser tests, crash and restart tests.
 *
 *   const stack = await startStack({ name: 'walkthrough' });
 *   await fetch(`${stack.baseUrl}/api/health`);
 *   process.kill(stack.pids.workers[0], 'SIGKILL');   // a crash test
 *   await waitUntil('worker-1 restarted', () => stack.currentPids()?.workers[0] !== stack.pids.workers[0]);
 *   await stack.stop();
 *
 * Each stack gets a free port and a data directory of its own, under the test run's folder
 * (`.data/test-<pid>/stacks/`, removed with it) unless `dataDir` is given. dist/ is built
 * when the sources changed, once per test run: under a lock, so that test files starting
 * stacks side by side do not build at the same time. `stop()` stops the launcher and then
 * anything it left behind, and registered shutdown handlers do the same when the test
 * process is interrupted; the Jest global setup cleans up after a run that was killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  describeExit, exitOf, freePort, isAlive, mkdirs, processName, StopPriority, terminate, trackForShutdown,
  type ExitInfo,
} from '@academy/infra';
import { readLauncherRecord, stillRunning, stopLeftovers, type RecordedProcess } from './stack-cleanup.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface StackOptions {
  /** Part of the data directory's name (default "stack"). */
  name?: string;
  /** Use this data directory (kept after `stop()`); default a new one, removed by `stop()`. */
  dataDir?: string;
  /**
   * Environment of the launcher on top of the test process's own (WORKERS, ADMIN_PASSWORD,
   * DATABASE_URL, …); `undefined` removes a variable. PORT and DATA_DIR are set by the harness
   * unless given here. The academy's own variables are not inherited from the test process,
   * so a DATABASE_URL meant for the other suites does not leak into the stack.
   */
  env?: Record<string, string | undefined>;
  /** How long to wait for a healthy api, in ms (default 120 000). */
  startTimeoutMs?: number;
}

export interface StackPids {
  /** `node scripts/start.js`, which runs the launcher in its own process. */
  launcher: number;
  api: number;
  /** worker-1, worker-2, … in that order. */
  workers: number[];
  /** Absent when DATABASE_URL / REDIS_URL point at servers of their own. */
  postgres?: number;
  redis?: number;
}

export interface Stack {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  dataDir: string;
  /** The environment the launcher was started with. */
  env: Record<string, string>;
  /** The pids when the stack was first healthy; see currentPids() for later. */
  pids: StackPids;
  /** The pids the launcher has recorded now (a restarted process has a new one); undefined once it stopped. */
  currentPids(): StackPids | undefined;
  /** The embedded PostgreSQL's `academy` database and the redis-server (unset when given by DATABASE_URL / REDIS_URL). */
  databaseUrl?: string;
  redisUrl?: string;
  /** GET /api/health, answered within 5 s: its status (0 when the api does not answer) and body. */
  health(): Promise<{ status: number; body: any }>;
  /** Everything the launcher and its processes printed so far (stdout and stderr, as they came). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects after `timeoutMs` or when the launcher exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the launcher has exited, however that happened. */
  exited: Promise<ExitInfo>;
  /**
   * Stops the stack as Ctrl-C does (SIGTERM to the launcher, which stops the apps, then redis,
   * then PostgreSQL), kills whatever is still running after that, and removes the data
   * directory the harness made. Safe to call more than once, also after a crash.
   */
  stop(): Promise<ExitInfo>;
}

/** Variables the launcher, the api or the worker read: a stack starts from their defaults. */
const ACADEMY_VARIABLES = [
  'PORT', 'DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'PUBLIC_BASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'WORKERS', 'API_PROCESSES',
  'WORKER_CONCURRENCY', 'JWT_SECRET', 'TOKEN_TTL_SECONDS', 'SMTP_URL', 'IMPORT_MAX_BYTES', 'SUBMISSION_MAX_BYTES',
  'LOGIN_LIMIT_PER_ACCOUNT', 'LOGIN_LIMIT_PER_ADDRESS', 'TOKEN_LIMIT_PER_ADDRESS', 'RESET_LIMIT_PER_ADDRESS',
  'VERIFY_LIMIT_PER_ADDRESS', 'CHECKIN_LIMIT_PER_LEARNER', 'TRUST_PROXY', 'QUEUE_PREFIX', 'MIGRATIONS_RUN', 'LOG_LEVEL', 'ACADEMY_API_ENTRY', 'ACADEMY_WORKER_ENTRY',
  // Jest sets NODE_ENV=test; `npm start` runs without it.
  'NODE_ENV',
];
const OUTPUT_LIMIT = 2 * 1024 * 1024;
const LAUNCHER_STOP = [
  // The launcher gives each app 10 s + 5 s, then stops redis and PostgreSQL.
  { signal: 'SIGTERM' as const, waitMs: 40_000 },
  { signal: 'SIGKILL' as const, waitMs: 5_000 },
];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every `intervalMs` until it returns something other than undefined or false,
 * and returns that; throws after `timeoutMs`, naming `what` and, with `stack`, the last lines
 * the stack printed (where the time went).
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 50, stack }: { timeoutMs?: number; intervalMs?: number; stack?: Pick<Stack, 'output'> } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) {
      const printed = stack ? `\nthe stack's last lines:\n${stack.output().trimEnd().split('\n').slice(-40).join('\n')}` : '';
      throw new Error(`${what}: not within ${timeoutMs / 1000} s${printed}`);
    }
    await sleep(intervalMs);
  }
}

let stackCount = 0;
let build: Promise<void> | undefined;

/** The folder of this test run (set by the Jest global setup), or one named after this process. */
export function testRunDir(): string {
  return process.env.TEST_RUN_DIR || path.join(PROJECT_ROOT, '.data', `test-${process.pid}`);
}

/** Builds dist/ when the sources changed, as `npm start` would; at most one build at a time. */
export function ensureBuilt(): Promise<void> {
  build ??= withLock(path.join(PROJECT_ROOT, '.data', 'build.lock'), async () => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'scripts/start.js'), '--build-only'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const info = await exitOf(child);
    if (info.code !== 0) throw new Error(`the build ${describeExit(info)}:\n${output}`);
  });
  // A failed build is tried again by the next stack rather than failing it without a word.
  build.catch(() => (build = undefined));
  return build;
}

/** Runs `work` while holding `lockFile` (created exclusively; taken over when its owner is gone). */
async function withLock<T>(lockFile: string, work: () => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  await mkdirs(path.dirname(lockFile));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fs.writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number((await fs.readFile(lockFile, 'utf8').catch(() => '')).trim());
    const ownerGone = owner > 0 ? !isAlive(owner) || processName(owner) !== 'node' : await olderThan(lockFile, 10_000);
    if (ownerGone) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${lockFile} is still held by pid ${owner} after ${timeoutMs / 1000} s`);
    await sleep(200);
  }
  try {
    return await work();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat === undefined || Date.now() - stat.mtimeMs > ms;
}

/** Starts a stack and waits until its api is healthy and the launcher has recorded every process. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  await ensureBuilt();
  const ownDataDir = options.dataDir === undefined;
  const dataDir = path.resolve(
    options.dataDir ?? path.join(testRunDir(), 'stacks', `${options.name ?? 'stack'}-${process.pid}-${++stackCount}`),
  );
  await mkdirs(dataDir);
  // Another process may take the free port before the api binds it: the launcher then refuses to start.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options, dataDir, ownDataDir);
    } catch (err) {
      if (!(err as { portInUse?: boolean }).portInUse || attempt >= 3 || options.env?.PORT) {
        if (ownDataDir) await fs.rm(dataDir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

async function launch(options: StackOptions, dataDir: string, ownDataDir: boolean): Promise<Stack> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !ACADEMY_VARIABLES.includes(key) && !/^(TEST_|JEST_)/.test(key)) env[key] = value;
  }
  env.PORT = String(await freePort());
  env.DATA_DIR = dataDir;
  env.LOG_LEVEL = 'warn';
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const port = Number(env.PORT);
  const baseUrl = `http://127.0.0.1:${port}`;
  const workerCount = env.WORKERS === undefined ? 1 : Number(env.WORKERS);

  const child: ChildProcess = spawn(process.execPath, [path.join(PROJECT_ROOT, 'scripts/start.js')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = exitOf(child);
  let output = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      output = (output + chunk).slice(-OUTPUT_LIMIT);
      for (const listener of listeners) listener();
    });
  }
  let exitInfo: ExitInfo | undefined;
  void exited.then((info) => {
    exitInfo = info;
    for (const listener of listeners) listener();
  });

  // Whatever this launcher recorded (not an earlier one on the same data directory), kept
  // for cleaning up after a launcher that could not do it itself.
  const ownRecord = () => {
    const record = readLauncherRecord(dataDir);
    return record && record.launcher.pid === child.pid ? record.processes : undefined;
  };
  let recorded: RecordedProcess[] = [];
  const remember = () => {
    for (const p of ownRecord() ?? []) {
      if (!recorded.some((r) => r.pid === p.pid)) recorded = [...recorded, p];
    }
  };

  let stopping: Promise<ExitInfo> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      remember();
      await terminate(child, exited, LAUNCHER_STOP);
      const info = await exited;
      await stopLeftovers(dataDir, recorded);
      untrack();
      if (ownDataDir) await fs.rm(dataDir, { recursive: true, force: true });
      return info;
    })());
  const untrack = trackForShutdown({
    name: `stack ${path.basename(dataDir)}`,
    priority: StopPriority.app,
    stop: async () => void (await stop()),
    // The test process is exiting: signal the launcher and, when forced, everything it started.
    kill: (force) => {
      child.kill(force ? 'SIGKILL' : 'SIGTERM');
      if (!force) return;
      for (const p of recorded.filter(stillRunning)) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  });

  const waitForOutput = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${pattern} in the stack's output within ${timeoutMs / 1000} s`)), timeoutMs);
      const check = () => {
        const match = output.match(pattern);
        if (match) done(undefined, match);
        else if (exitInfo) done(new Error(`the launcher ${describeExit(exitInfo)} before printing ${pattern}`));
      };
      const done = (err?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (err) reject(err);
        else resolve(match!);
      };
      listeners.add(check);
      check();
    });

  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitInfo) {
      await stop();
      const error = new Error(`the launcher ${describeExit(exitInfo)} during start-up:\n${tail(output)}`);
      Object.assign(error, { portInUse: /PORT \d+ is already in use/.test(output) });
      throw error;
    }
    const pids = (await healthy(baseUrl)) ? recordedPids(child.pid!, ownRecord(), workerCount) : undefined;
    if (pids) {
      remember();
      const currentPids = () => {
        const now = recordedPids(child.pid!, ownRecord(), workerCount);
        if (now) remember();
        return now;
      };
      const health = () => healthOf(baseUrl);
      return {
        baseUrl, port, dataDir, env, pids, currentPids, health, ...(await serverUrls(dataDir, output)),
        output: () => output, waitForOutput, exited, stop,
      };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the stack did not get healthy at ${baseUrl}/api/health within ${timeoutMs / 1000} s:\n${tail(output)}`);
    }
    await sleep(100);
  }
}

async function healthOf(baseUrl: string): Promise<{ status: number; body: any }> {
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  } catch (err) {
    return { status: 0, body: (err as Error).message };
  }
}

/** The addresses of the servers the launcher started, from what it printed and the credentials it keeps. */
async function serverUrls(dataDir: string, output: string): Promise<{ databaseUrl?: string; redisUrl?: string }> {
  const pgPort = /PostgreSQL ready on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  const redisPort = /redis ready on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  let databaseUrl: string | undefined;
  if (pgPort) {
    const { user, password } = JSON.parse(await fs.readFile(path.join(dataDir, 'postgres.json'), 'utf8'));
    databaseUrl = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/academy`;
  }
  return { databaseUrl, redisUrl: redisPort ? `redis://127.0.0.1:${redisPort}` : undefined };
}

async function healthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** The pids once the launcher has recorded the api and every worker; undefined before. */
function recordedPids(launcher: number, processes: RecordedProcess[] | undefined, workerCount: number): StackPids | undefined {
  const api = processes?.find((p) => p.name === 'api');
  const workers = (processes ?? [])
    .filter((p) => /^worker-\d+$/.test(p.name))
    .sort((a, b) => Number(a.name.slice(7)) - Number(b.name.slice(7)))
    .map((p) => p.pid);
  if (!api || workers.length < workerCount) return undefined;
  return {
    launcher,
    api: api.pid,
    workers,
    postgres: processes!.find((p) => p.name === 'postgres')?.pid,
    redis: processes!.find((p) => p.name === 'redis')?.pid,
  };
}

function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n');
}

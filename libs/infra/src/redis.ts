/**
 * Runs a private redis-server on a loopback port (BullMQ's job store).
 *
 * Layout for `dir` = <dir>/redis:
 *   <dir>/redis/         working directory: append-only file when persistent, redis.pid
 *   <dir>/redis.log      server output
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ensureExecutable } from './executables.js';
import { mkdirs } from './files.js';
import { onFreePort } from './ports.js';
import {
  StopPriority,
  isAlive,
  processName,
  superviseServer,
  terminatePid,
  type SupervisedServer,
  type RunningServer,
  stopOnce,
} from './processes.js';

export interface RedisOptions {
  /** Working directory of the server (created if missing). */
  dir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /**
   * true: jobs are kept in an append-only file in `dir` (fsync every second)
   * and survive restarts. false: memory only, and stop() deletes `dir`.
   */
  persistent: boolean;
  /** Default: `<dir>/../redis.log`. */
  logFile?: string;
  /** Path of redis-server; found (or installed) by ensureRedisServer() when omitted. */
  binary?: string;
  /** How long to wait for PONG (default 60 s; loading a large append-only file takes time). */
  startTimeoutMs?: number;
  /** Ask the kernel to stop the server (SIGTERM: it saves and exits) when this process dies (Linux; see dieWithParent). */
  dieWithParent?: boolean;
}

/** stop(): SIGTERM (redis flushes its append-only file and exits), SIGKILL after 10 s. */
export type RedisServer = RunningServer;

/** redis saves (or fsyncs its append-only file) and exits on SIGTERM; SIGKILL if that hangs. */
const STOP_STEPS: Array<{ signal: NodeJS.Signals; waitMs: number }> = [
  { signal: 'SIGTERM', waitMs: 10_000 },
  { signal: 'SIGKILL', waitMs: 5_000 },
];

const INSTALL_HINT =
  'redis-server was not found: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to an existing Redis server';

export async function startRedis(options: RedisOptions): Promise<RedisServer> {
  const dir = path.resolve(options.dir);
  const logFile = options.logFile ?? path.join(path.dirname(dir), 'redis.log');
  const pidFile = path.join(dir, 'redis.pid');
  const binary = options.binary ?? (await ensureRedisServer());

  await mkdirs(path.dirname(dir));
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stale = runningRedis(pidFile);
  if (stale !== undefined) {
    throw new Error(`redis-server is already running on ${dir} (pid ${stale}); stop it first or use another data directory`);
  }
  await fs.rm(pidFile, { force: true });

  const persistence = options.persistent
    ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '']
    : ['--appendonly', 'no', '--save', ''];

  const started = await onFreePort(options.port, (port) => {
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--maxmemory-policy', 'noeviction',
      '--dir', dir,
      '--daemonize', 'no',
      '--pidfile', pidFile,
      ...persistence,
    ];
    return launch(binary, args, port, logFile, options.startTimeoutMs ?? 60_000, options.dieWithParent ?? false);
  });

  return {
    url: `redis://127.0.0.1:${started.port}`,
    port: started.port,
    pid: started.child.pid!,
    logFile,
    exited: started.exited,
    stop: stopOnce(started, STOP_STEPS, async () => {
      if (!options.persistent) await fs.rm(dir, { recursive: true, force: true });
    }),
  };
}

/** Stops a redis-server left running in `dir` by an earlier run; returns its pid, if there was one. */
export async function stopStaleRedis(dir: string): Promise<number | undefined> {
  const pid = runningRedis(path.join(path.resolve(dir), 'redis.pid'));
  if (pid === undefined) return undefined;
  if (!(await terminatePid(pid, STOP_STEPS))) {
    throw new Error(`redis-server (pid ${pid}) in ${dir} does not stop; kill it by hand`);
  }
  return pid;
}

/**
 * Path of redis-server. When it is missing and we are root on Debian/Ubuntu
 * it is installed with apt-get (output shown on stderr); otherwise this
 * throws a one-line explanation of how to install it.
 */
export async function ensureRedisServer(): Promise<string> {
  return ensureExecutable('redis-server', 'redis-server', INSTALL_HINT);
}

/** Resolves once the server on host:port answers PING with PONG; rejects after `timeoutMs`. */
export async function waitForRedis(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ping(port, host))) {
    if (Date.now() > deadline) throw new Error(`redis on ${host}:${port} did not answer PING within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One PING over a raw socket: true on +PONG (false while refusing, loading, etc.). */
function ping(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Pipelines INFO server and PING: tells whose server answers (process_id)
 * and whether it is ready (PONG rather than -LOADING).
 */
function probe(port: number, host: string): Promise<{ pid?: number; pong: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    let reply = '';
    const done = (pong: boolean) => {
      socket.destroy();
      const pid = /\r\nprocess_id:(\d+)\r\n/.exec(reply)?.[1];
      resolve({ pid: pid ? Number(pid) : undefined, pong });
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('INFO server\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      const last = /(?:^|\r\n)(\+PONG|-[^\r\n]*)\r\n$/.exec(reply);
      if (last) done(last[1] === '+PONG');
    });
  });
}

async function launch(
  binary: string,
  args: string[],
  port: number,
  logFile: string,
  timeoutMs: number,
  dieWithParent: boolean,
): Promise<SupervisedServer & { port: number }> {
  const server = await superviseServer({
    name: 'redis',
    label: 'redis-server',
    priority: StopPriority.redis,
    binary,
    args,
    spawnOptions: { env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' } },
    logFile,
    timeoutMs,
    stopSteps: STOP_STEPS,
    kill: { graceful: 'SIGTERM', force: 'SIGKILL' },
    timeoutSteps: [{ signal: 'SIGKILL', waitMs: 5_000 }],
    readiness: 'answer PING',
    // Checking the pid ensures the PONG is from our server, not one already holding the port.
    isReady: async (child) => {
      const answer = await probe(port, '127.0.0.1');
      return answer.pong && answer.pid === child.pid;
    },
    portInUse: (lines) => lines.some((l) => /Address already in use/i.test(l)),
    parentDeathSignal: dieWithParent ? 'SIGTERM' : undefined,
  });
  return { ...server, port };
}

function runningRedis(pidFile: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return undefined;
  }
  return isAlive(pid) && processName(pid) === 'redis-server' ? pid : undefined;
}


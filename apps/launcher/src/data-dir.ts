/**
 * Ownership of DATA_DIR: one launcher at a time, with a record of the
 * processes it started so that a later run can clean up after a launcher that
 * was killed outright (SIGKILL, power loss) and could not stop its children.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlive, processName, stopStalePostgres, stopStaleRedis, terminatePid, writeFileAtomic } from '@academy/infra';
import { LauncherConfigError } from './config.js';

interface RecordedProcess {
  name: string;
  pid: number;
  /** Executable name expected for that pid, to avoid signalling a recycled pid. */
  comm: string;
}

interface LauncherRecord {
  pid: number;
  comm: string;
  port: number;
  startedAt: string;
  processes: RecordedProcess[];
}

export class DataDirClaim {
  private constructor(
    private readonly file: string,
    private readonly record: LauncherRecord,
  ) {}

  /**
   * Takes DATA_DIR for this process. Fails when another live launcher holds
   * it; otherwise stops anything a dead launcher left running there.
   */
  static async take(dataDir: string, port: number, log: (message: string) => void): Promise<DataDirClaim> {
    const file = path.join(dataDir, 'launcher.json');
    const previous = readRecord(file);
    if (previous && previous.pid !== process.pid && isAlive(previous.pid) && processName(previous.pid) === previous.comm) {
      throw new LauncherConfigError(
        `another launcher (pid ${previous.pid}, PORT ${previous.port}) is already using DATA_DIR ${dataDir}; stop it or choose another DATA_DIR`,
      );
    }

    const left = (previous?.processes ?? []).filter((p) => isAlive(p.pid) && processName(p.pid) === p.comm);
    if (left.length > 0) {
      log(`stopping processes left running by an earlier launcher: ${left.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);
      // Apps first, so they do not lose their database while shutting down.
      const apps = left.filter((p) => p.comm !== 'postgres' && p.comm !== 'redis-server');
      await Promise.all(apps.map((p) => terminatePid(p.pid, [{ signal: 'SIGTERM', waitMs: 10_000 }, { signal: 'SIGKILL', waitMs: 5_000 }])));
    }
    // Also covers servers whose launcher died before recording them.
    const redisPid = await stopStaleRedis(path.join(dataDir, 'redis'));
    const postgresPid = await stopStalePostgres(path.join(dataDir, 'postgres'));
    for (const [name, pid] of [['redis', redisPid], ['postgres', postgresPid]] as const) {
      if (pid !== undefined && !left.some((p) => p.pid === pid)) log(`stopped ${name} (pid ${pid}) left running by an earlier launcher`);
    }

    const record: LauncherRecord = {
      pid: process.pid,
      comm: processName(process.pid) ?? 'node',
      port,
      startedAt: new Date().toISOString(),
      processes: [],
    };
    const claim = new DataDirClaim(file, record);
    // Exclusive create: of two launchers starting at the same moment, one fails here.
    await fs.rm(file, { force: true });
    await fs.writeFile(file, claim.serialise(), { flag: 'wx', mode: 0o644 }).catch((err) => {
      if (err.code !== 'EEXIST') throw err;
      throw new LauncherConfigError(`another launcher has just started using DATA_DIR ${dataDir}; choose another DATA_DIR`);
    });
    process.on('exit', () => claim.releaseSync());
    return claim;
  }

  /** Records the pid of `name`, in place of the one it had before a restart. */
  async addProcess(name: string, pid: number | undefined, comm: string): Promise<void> {
    if (pid === undefined) return;
    const entry = { name, pid, comm };
    const at = this.record.processes.findIndex((p) => p.name === name);
    if (at >= 0) this.record.processes[at] = entry;
    else this.record.processes.push(entry);
    await this.save();
  }

  /** Removes the record if it is still ours. */
  releaseSync(): void {
    if (readRecord(this.file)?.pid === process.pid) rmSync(this.file, { force: true });
  }

  private serialise(): string {
    return `${JSON.stringify(this.record, null, 2)}\n`;
  }

  private save(): Promise<void> {
    return writeFileAtomic(this.file, this.serialise(), 0o644);
  }
}

function readRecord(file: string): LauncherRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    return Number.isInteger(parsed?.pid) && Array.isArray(parsed.processes) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JWT_SECRET when set; otherwise a secret generated on first start and kept
 * in DATA_DIR/jwt-secret (0600), so that tokens survive restarts and the api
 * and the workers agree on it.
 */
export async function jwtSecretFor(dataDir: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const kept = (await fs.readFile(file, 'utf8')).trim();
    if (kept.length >= 16) return kept;
  } catch (err) {
    if (err.code !== 'ENOENT') throw new Error(`cannot read ${file}: ${err.message}`);
  }
  const secret = randomBytes(48).toString('base64url');
  await writeFileAtomic(file, `${secret}\n`, 0o600);
  return secret;
}

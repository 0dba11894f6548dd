/**
 * Stopping what a stack of ./stack.ts left running, from its data directory alone: the
 * launcher writes DATA_DIR/launcher.json with its own pid and every process it started
 * (PostgreSQL, redis-server, api, workers), and removes it when it exits cleanly.
 *
 * Kept apart from ./stack.ts so that the Jest global setup, which loads files through a
 * CommonJS hook, can use it too (to clean up after a run that was killed).
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlive, processName, stopStalePostgres, stopStaleRedis, terminatePid } from '@academy/infra';

export interface RecordedProcess {
  name: string;
  pid: number;
  /** Executable name expected for that pid ("node", "postgres", "redis-server"). */
  comm: string;
}

/** The launcher and the processes it recorded in `dataDir`, or undefined when it left no record. */
export function readLauncherRecord(dataDir: string): { launcher: RecordedProcess; processes: RecordedProcess[] } | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(dataDir, 'launcher.json'), 'utf8'));
    if (!Number.isInteger(record?.pid) || !Array.isArray(record.processes)) return undefined;
    return { launcher: { name: 'launcher', pid: record.pid, comm: record.comm ?? 'node' }, processes: record.processes };
  } catch {
    return undefined;
  }
}

/** True when `p.pid` is alive and still runs the executable it was recorded with (pids get reused). */
export function stillRunning(p: RecordedProcess): boolean {
  return isAlive(p.pid) && processName(p.pid) === p.comm;
}

const GRACEFUL = [
  { signal: 'SIGTERM' as const, waitMs: 10_000 },
  { signal: 'SIGKILL' as const, waitMs: 5_000 },
];

/**
 * Stops every process in `processes` that is still running: apps first, then redis-server and
 * PostgreSQL, so that nothing loses its database while shutting down. Then stops a
 * redis-server or PostgreSQL found through the pid files in `dataDir` (started but not yet
 * recorded). Returns the names of the processes it had to stop.
 */
export async function stopLeftovers(dataDir: string, processes: RecordedProcess[]): Promise<string[]> {
  const alive = processes.filter(stillRunning);
  const isServer = (p: RecordedProcess) => p.comm === 'postgres' || p.comm === 'redis-server';
  await Promise.all(alive.filter((p) => !isServer(p)).map((p) => terminatePid(p.pid, GRACEFUL)));
  await Promise.all(alive.filter(isServer).map((p) => terminatePid(p.pid, GRACEFUL)));
  const stopped = alive.map((p) => `${p.name} (pid ${p.pid})`);
  const redis = await stopStaleRedis(path.join(dataDir, 'redis')).catch(() => undefined);
  const postgres = await stopStalePostgres(path.join(dataDir, 'postgres')).catch(() => undefined);
  if (redis !== undefined) stopped.push(`redis (pid ${redis})`);
  if (postgres !== undefined) stopped.push(`postgres (pid ${postgres})`);
  return stopped;
}

/**
 * Stops the stacks left running in `<runDir>/stacks/*` by a test run that did not stop them
 * (killed, or a suite that forgot): the launcher first, which stops its own processes,
 * then whatever is still alive.
 */
export async function stopLeftoverStacks(runDir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(path.join(runDir, 'stacks'));
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const dataDir = path.join(runDir, 'stacks', name);
      const record = readLauncherRecord(dataDir);
      if (!record) return stopLeftovers(dataDir, []);
      if (stillRunning(record.launcher)) {
        await terminatePid(record.launcher.pid, [{ signal: 'SIGTERM', waitMs: 40_000 }, { signal: 'SIGKILL', waitMs: 5_000 }]);
      }
      return stopLeftovers(dataDir, record.processes);
    }),
  );
}

/**
 * Child-process bookkeeping shared by the launcher and the test harness.
 *
 * Every server we spawn (PostgreSQL, redis-server, the api, the workers) is
 * registered here together with a graceful `stop()` and a synchronous
 * last-resort `kill()`. On SIGINT/SIGTERM/SIGHUP the registered processes are
 * stopped in priority order (apps first, then redis, then PostgreSQL) and the
 * process exits; on 'exit' (uncaught error, process.exit) whatever is still
 * registered is signalled synchronously so nothing outlives us for long.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { indentLog, openLog, tailLines } from './files.js';
import { dieWithParent } from './parent-death.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (e.g. ENOENT). */
  error?: Error;
}

/** Stop priorities: higher values are stopped first. */
export const StopPriority = {
  app: 100,
  redis: 20,
  postgres: 10,
} as const;

export interface Stoppable {
  name: string;
  priority: number;
  /** Graceful stop; must resolve once the process is gone. */
  stop(): Promise<void>;
  /**
   * Synchronous best-effort signal, used when the host process is exiting:
   * the graceful signal normally, the hard one when `force` is set.
   */
  kill(force?: boolean): void;
}

export interface ShutdownOptions {
  /** Exit code used after a signal-triggered shutdown (default 128 + signal number). */
  signalExitCode?: (signal: NodeJS.Signals) => number;
  /** Called once when the first signal arrives, before anything is stopped. */
  onSignal?: (signal: NodeJS.Signals) => void;
  /** Where progress and stop failures are reported (default: stderr). */
  log?: (message: string) => void;
  /** Called after everything was stopped, just before process.exit(code). */
  onStopped?: (code: number) => void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
/**
 * `npm start` forwards the terminal's SIGINT to us although we already got it
 * from the terminal; signals this close to the first one are treated as the
 * same request. A later one forces an immediate kill.
 */
const DUPLICATE_SIGNAL_WINDOW_MS = 1500;

const tracked = new Set<Stoppable>();
let options: ShutdownOptions = {};
let pinned = false;
let handlersInstalled = false;
let shutdownPromise: Promise<never> | undefined;
let firstSignalAt = 0;

const log = (message: string) => (options.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(message);

function onSignal(signal: NodeJS.Signals): void {
  if (!shutdownPromise) {
    firstSignalAt = Date.now();
    options.onSignal?.(signal);
    const code = options.signalExitCode?.(signal) ?? 128 + (SIGNAL_NUMBERS[signal] ?? 0);
    void shutdown(code);
    return;
  }
  if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_WINDOW_MS) return;
  log(`Received ${signal} again: killing everything now.`);
  for (const item of tracked) {
    try {
      item.kill(true);
    } catch {
      // best effort
    }
  }
  process.exit(1);
}

function onExit(): void {
  for (const item of tracked) {
    try {
      item.kill();
    } catch {
      // best effort: the process is going away anyway
    }
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onExit);
}

function uninstallHandlers(): void {
  if (!handlersInstalled || pinned || shutdownPromise) return;
  handlersInstalled = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', onExit);
}

/**
 * Installs the signal handlers for the lifetime of the process (rather than
 * only while something is registered) and sets how shutdown behaves.
 */
export function installShutdownHandlers(opts: ShutdownOptions = {}): void {
  options = { ...options, ...opts };
  pinned = true;
  installHandlers();
}

/** Registers a running process; returns a function that unregisters it. */
export function trackForShutdown(item: Stoppable): () => void {
  tracked.add(item);
  installHandlers();
  return () => {
    tracked.delete(item);
    if (tracked.size === 0) uninstallHandlers();
  };
}

/** Stops everything registered: highest priority first, equal priorities in parallel. */
export async function stopAllTracked(): Promise<void> {
  while (tracked.size > 0) {
    const top = Math.max(...[...tracked].map((t) => t.priority));
    const batch = [...tracked].filter((t) => t.priority === top);
    const results = await Promise.allSettled(batch.map((t) => t.stop()));
    results.forEach((result, i) => {
      if (result.status === 'rejected') log(`Could not stop ${batch[i].name} cleanly: ${result.reason?.message ?? result.reason}`);
      tracked.delete(batch[i]);
    });
  }
}

/** Stops everything registered, then exits with `code`. Safe to call more than once. */
export function shutdown(code: number): Promise<never> {
  shutdownPromise ??= (async () => {
    try {
      await stopAllTracked();
    } catch (err) {
      log(`Shutdown failed: ${err?.message ?? err}`);
      code ||= 1;
    }
    options.onStopped?.(code);
    process.exit(code);
  })();
  return shutdownPromise;
}

export function isShuttingDown(): boolean {
  return shutdownPromise !== undefined;
}

/** Resolves when the child exits (or fails to spawn). Attach right after spawn(). */
export function exitOf(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode as NodeJS.Signals | null });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      // 'error' without a pid means the spawn itself failed and 'exit' will not follow.
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
  });
}

export function describeExit(info: ExitInfo): string {
  if (info.error) return `could not be started (${info.error.message})`;
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for `promise` at most `ms`; true when it settled in time. The timer is cleared either way. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends the signals in turn, waiting up to `waitMs` after each for the child
 * to exit. Resolves once it has exited, or after the last step regardless.
 */
export async function terminate(
  child: ChildProcess,
  exited: Promise<ExitInfo>,
  steps: Array<{ signal: NodeJS.Signals; waitMs: number }>,
): Promise<void> {
  for (const { signal, waitMs } of steps) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
    if (await settlesWithin(exited, waitMs)) return;
  }
}

export type StopSteps = Array<{ signal: NodeJS.Signals; waitMs: number }>;

export interface SuperviseOptions {
  /** Name in the shutdown registry ("postgres", "redis"). */
  name: string;
  /** Name used in error messages ("PostgreSQL", "redis-server"). */
  label: string;
  priority: number;
  binary: string;
  args: string[];
  /** env, uid/gid and the like; stdio and detached are set here. */
  spawnOptions: Omit<SpawnOptions, 'stdio' | 'detached'>;
  /** Server output is appended here; failures quote what this start wrote. */
  logFile: string;
  timeoutMs: number;
  /** Steps of the registered graceful stop. */
  stopSteps: StopSteps;
  /** Signals of the synchronous last-resort kill. */
  kill: { graceful: NodeJS.Signals; force: NodeJS.Signals };
  /** Steps used to get rid of a server that did not get ready in time. */
  timeoutSteps: StopSteps;
  /** What the timeout error says the server did not do ("become ready"). */
  readiness: string;
  isReady: (child: ChildProcess) => Promise<boolean>;
  /** Whether the start-up log shows the port was taken (sets `portInUse` on the error). */
  portInUse: (lines: string[]) => boolean;
  /** Sent to the server by the kernel when this process dies, however it dies (see dieWithParent). */
  parentDeathSignal?: NodeJS.Signals;
}

export interface SupervisedServer {
  child: ChildProcess;
  exited: Promise<ExitInfo>;
  tracked: Stoppable;
  untrack: () => void;
}

/** What a started server (PostgreSQL, redis-server) hands back. */
export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  logFile: string;
  /** Resolves when the server process ends, whatever the reason. */
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
}

/**
 * The stop() of a supervised server, also used by the shutdown handlers: the signals of
 * `steps` in turn, then it is no longer tracked, then `cleanUp`. Runs once, however often
 * it is called.
 */
export function stopOnce(server: SupervisedServer, steps: StopSteps, cleanUp?: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await terminate(server.child, server.exited, steps);
      server.untrack();
      await cleanUp?.();
    })());
  server.tracked.stop = stop;
  return stop;
}

/**
 * Spawns a server in its own process group with its output in `logFile`,
 * registers it for shutdown and waits until `isReady`. Throws (with the tail
 * of the log) when it exits first or is not ready within `timeoutMs`.
 */
export async function superviseServer(opts: SuperviseOptions): Promise<SupervisedServer> {
  const { label, logFile, timeoutMs } = opts;
  const log = openLog(logFile);
  const command = opts.parentDeathSignal
    ? dieWithParent(opts.binary, opts.args, opts.parentDeathSignal)
    : { binary: opts.binary, args: opts.args };
  let child: ChildProcess;
  try {
    child = spawn(command.binary, command.args, {
      stdio: ['ignore', log.fd, log.fd],
      // Separate process group: Ctrl-C in the terminal only reaches us, so we
      // decide the order in which servers and their clients stop.
      detached: true,
      ...opts.spawnOptions,
    });
  } finally {
    log.close();
  }
  const exited = exitOf(child);
  let exitInfo: ExitInfo | undefined;
  void exited.then((info) => (exitInfo = info));
  // Track it right away so a signal during start-up stops it as well.
  const tracked: Stoppable = {
    name: opts.name,
    priority: opts.priority,
    stop: () => terminate(child, exited, opts.stopSteps),
    kill: (force) => child.kill(force ? opts.kill.force : opts.kill.graceful),
  };
  const untrack = trackForShutdown(tracked);
  // A server that ends by itself has nothing left to stop.
  void exited.then(untrack);

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitInfo) {
      untrack();
      const lines = await tailLines(logFile, log.offset);
      const error = new Error(`${label} ${describeExit(exitInfo)} during start-up; ${indentLog(lines, logFile)}`);
      Object.assign(error, { portInUse: opts.portInUse(lines) });
      throw error;
    }
    if (await opts.isReady(child)) return { child, exited, tracked, untrack };
    if (Date.now() > deadline) {
      await terminate(child, exited, opts.timeoutSteps);
      untrack();
      throw new Error(`${label} did not ${opts.readiness} within ${timeoutMs / 1000} s; ${indentLog(await tailLines(logFile, log.offset), logFile)}`);
    }
    await sleep(5);
  }
}

/** True when the pid belongs to a live (non-zombie) process. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; Z = exited but not yet reaped.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z';
  } catch {
    return true; // no procfs (macOS): trust kill(0)
  }
}

/** Executable name of a process ("postgres", "redis-server", "node"), or undefined. */
export function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    try {
      const out = execFileSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return out.trim().split('/').pop() || undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Stops a process that is not our child (one left behind by an earlier run):
 * the signals are sent in turn and liveness is polled.
 */
export async function terminatePid(pid: number, steps: Array<{ signal: NodeJS.Signals; waitMs: number }>): Promise<boolean> {
  for (const { signal, waitMs } of steps) {
    if (!isAlive(pid)) return true;
    try {
      process.kill(pid, signal);
    } catch {
      return !isAlive(pid);
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) return true;
      await sleep(25);
    }
  }
  return !isAlive(pid);
}

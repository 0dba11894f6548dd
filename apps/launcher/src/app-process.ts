import { type ChildProcess, spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { createInterface } from 'node:readline';
import { type Incarnation, exitOf, terminate } from '@academy/infra';

/** Loaded into each app before its own code: it stops the app when the launcher is gone. */
const WATCHDOG = new URL('./child-watchdog.js', import.meta.url).href;

const EXEC_ARGV = ['--enable-source-maps', '--import', WATCHDOG];

/**
 * Runs `node <entry>` as a node:cluster worker of the launcher, for API_PROCESSES > 1: the
 * launcher holds the one listening socket and hands each new connection to the next api
 * process in turn (round robin), so several api processes answer on the same PORT and each
 * one is still supervised on its own. Cluster workers cannot have a process group of their
 * own, so a terminal Ctrl-C also reaches them; they then stop as on SIGTERM.
 */
function forkSharingPort(entry: string, env: NodeJS.ProcessEnv, cwd: string): ChildProcess {
  cluster.setupPrimary({ exec: entry, execArgv: EXEC_ARGV, cwd, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return cluster.fork(env).process;
}

/** Resolves when the cluster worker with `pid` listens on the shared port; rejects when it exits first. */
export function listening(pid: number | undefined, exited: Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const onListening = (worker: { process: ChildProcess }) => {
      if (worker.process.pid !== pid) return;
      cluster.off('listening', onListening);
      resolve();
    };
    cluster.on('listening', onListening);
    void exited.then(() => {
      cluster.off('listening', onListening);
      reject(new Error(`api process ${pid} ended before it listened`));
    });
  });
}

const COLOURS = [36, 35, 33, 32, 34, 31];
const colours = new Map<string, number>();

/** SIGTERM, then SIGKILL when it is still running after 10 s. */
const STOP_STEPS = [
  { signal: 'SIGTERM' as const, waitMs: 10_000 },
  { signal: 'SIGKILL' as const, waitMs: 5_000 },
];

/**
 * Runs `node <entry>` with its output prefixed line by line ("[api] …"), one run of a
 * supervised app. The child gets its own process group, so a terminal Ctrl-C reaches only
 * the launcher, which then stops the apps before the servers they depend on; and an IPC
 * channel, whose end tells the child that the launcher is gone (./child-watchdog.ts).
 */
export function startApp(name: string, entry: string, env: NodeJS.ProcessEnv, cwd: string, options: { sharedPort?: boolean } = {}): Incarnation {
  const child = options.sharedPort ? forkSharingPort(entry, env, cwd) : spawn(process.execPath, [...EXEC_ARGV, entry], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const exited = exitOf(child);
  // A child that is gone cannot take messages; the channel is only there to close.
  child.on('error', () => undefined);

  const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
  if (!colours.has(name)) colours.set(name, COLOURS[colours.size % COLOURS.length]);
  const prefix = useColour ? `\u001b[${colours.get(name)}m[${name}]\u001b[0m ` : `[${name}] `;
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => target.write(`${prefix}${line}\n`));
  }

  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    exited,
    stop: () => (stopping ??= terminate(child, exited, STOP_STEPS)),
    kill: (force) => {
      child.kill(force ? 'SIGKILL' : 'SIGTERM');
    },
  };
}

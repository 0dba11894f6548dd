import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type ExitInfo, exitOf, StopPriority, terminate, trackForShutdown } from '@academy/infra';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<ExitInfo>;
  /** SIGTERM, then SIGKILL when it is still running after 10 s. */
  stop(): Promise<void>;
}

const COLOURS = [36, 35, 33, 32, 34, 31];
let colourIndex = 0;

/**
 * Runs `node <entry>` with its output prefixed line by line ("[api] …"). The
 * child gets its own process group: a terminal Ctrl-C reaches only the
 * launcher, which then stops the apps before the servers they depend on.
 */
export function startApp(name: string, entry: string, env: NodeJS.ProcessEnv, cwd: string): AppProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = exitOf(child);

  const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
  const colour = COLOURS[colourIndex++ % COLOURS.length];
  const prefix = useColour ? `\u001b[${colour}m[${name}]\u001b[0m ` : `[${name}] `;
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => target.write(`${prefix}${line}\n`));
  }

  let stopping: Promise<void> | undefined;
  const untrack = trackForShutdown({
    name,
    priority: StopPriority.app,
    stop: () => app.stop(),
    kill: (force) => child.kill(force ? 'SIGKILL' : 'SIGTERM'),
  });
  const app: AppProcess = {
    name,
    child,
    exited,
    stop: () =>
      (stopping ??= terminate(child, exited, [
        { signal: 'SIGTERM', waitMs: 10_000 },
        { signal: 'SIGKILL', waitMs: 5_000 },
      ]).then(untrack)),
  };
  return app;
}

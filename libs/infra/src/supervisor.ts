/**
 * Restarting what crashed: the launcher keeps each of its processes (PostgreSQL,
 * redis-server, the api, every worker) under a `Supervised` unit that starts it again
 * after an unexpected exit, waiting longer after each crash, and gives up only when the
 * same process keeps crashing.
 */
import { describeExit, type ExitInfo, isShuttingDown, type Stoppable, trackForShutdown } from './processes.js';

export interface RestartPolicy {
  /** Wait before the first restart; doubled after each further crash, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A process that ran this long before it crashed starts again after `firstDelayMs`. */
  healthyAfterMs: number;
  /** Give up when one process crashed this many times within `windowMs`. */
  maxCrashes: number;
  windowMs: number;
}

/** 0.5 s, 1 s, 2 s, 4 s … 10 s; back to 0.5 s after a healthy minute; 5 crashes within 60 s stop everything. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 500,
  maxDelayMs: 10_000,
  healthyAfterMs: 60_000,
  maxCrashes: 5,
  windowMs: 60_000,
};

/**
 * The crashes of one process and the wait before its next start. Pure bookkeeping
 * (the clock is passed in), so the policy can be tested without processes.
 */
export class CrashHistory {
  private crashes: number[] = [];
  private delay: number;

  constructor(private readonly policy: RestartPolicy) {
    this.delay = policy.firstDelayMs;
  }

  /**
   * Records a crash at `now` of a process that had run for `ranMs` (0 for a start that
   * failed). Returns how long to wait before the next start, or `giveUp` with the number
   * of crashes within the window once that reaches the limit.
   */
  crashed(now: number, ranMs: number): { giveUp: false; delayMs: number } | { giveUp: true; crashes: number } {
    this.crashes = [...this.crashes.filter((t) => now - t < this.policy.windowMs), now];
    if (this.crashes.length >= this.policy.maxCrashes) return { giveUp: true, crashes: this.crashes.length };
    if (ranMs >= this.policy.healthyAfterMs) this.delay = this.policy.firstDelayMs;
    const delayMs = this.delay;
    this.delay = Math.min(this.delay * 2, this.policy.maxDelayMs);
    return { giveUp: false, delayMs };
  }
}

/** "was killed by SIGKILL (out of memory?)", "exited with code 1": what happened, with a likely cause. */
export function describeCrash(info: ExitInfo): string {
  const hint: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: 'out of memory?',
    SIGABRT: 'aborted; out of memory?',
    SIGSEGV: 'crashed',
    SIGBUS: 'crashed',
  };
  const cause = info.signal ? hint[info.signal] : info.code === 0 ? 'without being asked to stop' : undefined;
  return `${describeExit(info)}${cause ? (info.signal ? ` (${cause})` : ` ${cause}`) : ''}`;
}

/** One run of a supervised process. */
export interface Incarnation {
  pid: number | undefined;
  /** Resolves when this run ends, however it ends. */
  exited: Promise<ExitInfo>;
  /** Graceful stop; resolves once the process is gone. */
  stop(): Promise<void>;
  /** Synchronous last-resort signal (the host process is exiting). */
  kill(force: boolean): void;
}

export interface SupervisedOptions {
  /** "postgres", "redis", "api", "worker-1": used in log lines. */
  name: string;
  /** Stop order at shutdown (see StopPriority). */
  priority: number;
  /** Starts a new run; resolves once it is running (a server: ready). A rejection counts as a crash. */
  start(): Promise<Incarnation>;
  /** Called with every run that was started again (to record its pid). */
  restarted?(run: Incarnation): void | Promise<void>;
  /** A reason not to restart after this exit (e.g. a bad setting), or undefined. */
  fatal?(info: ExitInfo): string | undefined;
  policy?: RestartPolicy;
  log(message: string): void;
  /** The process cannot be kept running: stop everything. Called at most once. */
  giveUp(message: string): void;
  now?: () => number;
}

/**
 * Keeps one process running. Registered for shutdown in place of the process itself:
 * stopping it cancels a pending restart and stops the current run.
 */
export class Supervised {
  private current: Incarnation | undefined;
  private starting: Promise<Incarnation | undefined> | undefined;
  private stopping: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly history: CrashHistory;
  private readonly untrack: () => void;
  private readonly now: () => number;

  constructor(
    private readonly opts: SupervisedOptions,
    first: Incarnation,
  ) {
    this.history = new CrashHistory(opts.policy ?? DEFAULT_RESTART_POLICY);
    this.now = opts.now ?? Date.now;
    const tracked: Stoppable = {
      name: opts.name,
      priority: opts.priority,
      stop: () => this.stop(),
      kill: (force) => this.current?.kill(!!force),
    };
    this.untrack = trackForShutdown(tracked);
    void this.watch(first);
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.wake?.();
      const starting = await this.starting?.catch(() => undefined);
      await Promise.all([this.current?.stop(), starting && starting !== this.current ? starting.stop() : undefined]);
      this.untrack();
    })();
    return this.stopping;
  }

  private async watch(first: Incarnation): Promise<void> {
    let run: Incarnation | undefined = first;
    while (run) {
      this.current = run;
      const startedAt = this.now();
      const info = await run.exited;
      this.current = undefined;
      // Whatever ends while everything is being stopped is not restarted.
      if (this.stopping || isShuttingDown()) return;
      const fatal = this.opts.fatal?.(info);
      if (fatal) return this.opts.giveUp(`${this.opts.name} ${describeExit(info)} (${fatal}); not restarting it: stopping everything`);
      const next = this.history.crashed(this.now(), this.now() - startedAt);
      if (next.giveUp) return this.giveUpAfter(next.crashes, describeCrash(info));
      this.opts.log(`${this.opts.name} ${describeCrash(info)}; restarting in ${seconds(next.delayMs)}`);
      run = await this.restart(next.delayMs);
    }
  }

  /** Waits, then starts a new run; a start that fails is a crash too. Undefined once stopping. */
  private async restart(delayMs: number): Promise<Incarnation | undefined> {
    for (;;) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      if (this.stopping || isShuttingDown()) return undefined;
      this.starting = this.opts.start();
      try {
        const run = await this.starting;
        if (this.stopping) return undefined; // stop() stops it
        this.current = run;
        this.starting = undefined;
        this.opts.log(`${this.opts.name} restarted${run?.pid ? ` (pid ${run.pid})` : ''}`);
        await this.opts.restarted?.(run!);
        return run;
      } catch (err) {
        this.starting = undefined;
        if (this.stopping) return undefined;
        const message = (err as Error)?.message ?? String(err);
        const next = this.history.crashed(this.now(), 0);
        if (next.giveUp) {
          this.giveUpAfter(next.crashes, `could not be started (${firstLine(message)})`);
          return undefined;
        }
        this.opts.log(`${this.opts.name} could not be started again: ${message}; trying again in ${seconds(next.delayMs)}`);
        delayMs = next.delayMs;
      }
    }
  }

  private giveUpAfter(crashes: number, last: string): void {
    const policy = this.opts.policy ?? DEFAULT_RESTART_POLICY;
    this.opts.giveUp(
      `${this.opts.name} ${last}: ${crashes} crashes within ${policy.windowMs / 1000} s, giving up: stopping everything`,
    );
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

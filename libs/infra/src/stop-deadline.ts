/**
 * A time limit on an app process's shutdown (api, worker): once it is asked to stop
 * (SIGTERM or SIGINT) it exits with code 1 if it is still running when the limit is up,
 * whatever its shutdown hooks still wait for (a server that does not answer, a connection
 * that cannot close).
 */
let pending: { timer: NodeJS.Timeout; at: number } | undefined;
let report: (message: string) => void = (m) => process.stderr.write(`${m}\n`);

function exitIn(ms: number, why: string): void {
  if (pending) clearTimeout(pending.timer);
  const timer = setTimeout(() => {
    report(`${why}: exiting now`);
    process.exit(1);
  }, ms);
  timer.unref();
  pending = { timer, at: Date.now() + ms };
}

/** Arms the limit for the first SIGTERM or SIGINT. Call it once the app's own shutdown hooks are installed. */
export function limitShutdownTime(ms: number, log?: (message: string) => void): void {
  if (log) report = log;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (!pending) exitIn(ms, `still stopping ${ms / 1000} s after ${signal}`);
    });
  }
}

/**
 * During a shutdown under limitShutdownTime: end it within `ms` instead, because nothing
 * left is worth waiting for (`why` says what). Does nothing in a process without a limit
 * (e.g. an app inside a test) or when the limit is sooner anyway.
 */
export function hurryShutdown(ms: number, why: string): void {
  if (pending && Date.now() + ms < pending.at) exitIn(ms, why);
}

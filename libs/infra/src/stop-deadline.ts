/**
 * For an app process (api, worker): once it is asked to stop (SIGTERM or SIGINT) it exits
 * with code 1 if it is still running `ms` later, whatever its shutdown hooks still wait for
 * (a server that does not answer, a connection that does not close).
 */
export function limitShutdownTime(ms: number, log: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        log(`still stopping ${ms / 1000} s after ${signal}: exiting now`);
        process.exit(1);
      }, ms).unref();
    });
  }
}

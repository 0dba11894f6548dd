/**
 * Loaded first (`node --import`) into every api and worker process the launcher starts.
 * The launcher keeps an IPC channel open to each of them; the channel closes when the
 * launcher ends, however it ends (also SIGKILL), and the process then stops itself as if
 * it had been sent SIGTERM, and at the latest 5 s later. Nothing is printed: its output
 * went to the launcher, which is gone.
 *
 * Without a channel (started by hand, `npm run start:api`) this does nothing.
 */
const LAST_RESORT_MS = 5_000;

if (process.channel) {
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), LAST_RESORT_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  });
  // The channel carries no messages and must not keep the process alive by itself.
  process.channel.unref();
}

export {};

/**
 * The load of bench/account-check.ts, run as its child process: keep-alive GETs with a bearer
 * token, `connections` at a time; for each round it is asked for, sends back how many
 * answered 200 and how long the round took.
 *
 *   (forked by account-check.js) node dist/bench/account-check-load.js <url> <token> <connections>
 */
import http from 'node:http';

// Stays up for the whole benchmark: each message {seconds} runs one round and answers its counts.
const [, , url, token, connections] = process.argv;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });

const one = (tally: { ok: number; failed: number }) =>
  new Promise<void>((resolve) => {
    const req = http.get(url!, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) tally.ok++;
        else tally.failed++;
        resolve();
      });
    });
    req.on('error', () => (tally.failed++, resolve()));
  });

process.on('message', async (m: { seconds?: number; stop?: true }) => {
  if (m.stop) {
    agent.destroy();
    process.exit(0);
  }
  const tally = { ok: 0, failed: 0 };
  const t0 = performance.now();
  const until = Date.now() + m.seconds! * 1000;
  await Promise.all(
    Array.from({ length: Number(connections) }, async () => {
      while (Date.now() < until) await one(tally);
    }),
  );
  process.send!({ ...tally, ms: performance.now() - t0 });
});
process.send!({ ready: true });

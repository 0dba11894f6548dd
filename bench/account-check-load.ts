/**
 * The load of bench/account-check.ts, run as its child process: keep-alive GETs with a bearer
 * token, `connections` at a time, for `seconds`; sends back how many answered 200.
 *
 *   (forked by account-check.js) node dist/bench/account-check-load.js <url> <token> <seconds> <connections>
 */
import http from 'node:http';

// The load generator: keep-alive GETs, `connections` at a time, for `seconds`; prints the count.
const [, , url, token, seconds, connections] = process.argv;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const until = Date.now() + Number(seconds) * 1000;
let ok = 0;
let failed = 0;
const one = () =>
  new Promise<void>((resolve) => {
    const req = http.get(url!, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) ok++;
        else failed++;
        resolve();
      });
    });
    req.on('error', () => (failed++, resolve()));
  });
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (Date.now() < until) await one();
  }),
);
agent.destroy();
process.send!({ ok, failed });
process.exit(0);

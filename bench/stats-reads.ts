/**
 * Statistics reads against the floor, on the data stats.js left in .data/bench-stats (run it
 * first): 20 concurrent clients × 40 requests on `GET /api/me` (token check, HTTP, the client:
 * what any request costs here and now), on the 1,000,000-row programme's statistics and on the
 * city's, twice in turn. Besides latency, the CPU the whole academy (api, PostgreSQL, Redis)
 * spent per request, read from /proc: other work on a shared machine stretches latency far
 * more than it changes that. Quick to repeat, e.g. before and after a change of the read path.
 *
 *   npm run build && node dist/bench/stats-reads.js [clients=20] [requests=40]
 */
import path from 'node:path';
import { ROOT, startAcademy, treeCpuMs } from './support.js';

const clients = Number(process.argv[2] ?? 20);
const requests = Number(process.argv[3] ?? 40);
const academy = await startAcademy({ dataDir: path.join(ROOT, '.data/bench-stats'), fresh: false, workers: 1 });
const headers = { authorization: `Bearer ${academy.token}` };
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function load(route: string) {
  for (let i = 0; i < 5; i++) await (await fetch(`${academy.url}${route}`, { headers })).text(); // warm-up
  const times: number[] = [];
  const cpu0 = treeCpuMs(academy.pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const res = await fetch(`${academy.url}${route}`, { headers });
      await res.text();
      if (res.status !== 200) throw new Error(`${route}: ${res.status}`);
      times.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: times.length / seconds, p50: pct(times, 50), p95: pct(times, 95), cpu: (treeCpuMs(academy.pid) - cpu0) / times.length };
}

try {
  const programmes = (await (await fetch(`${academy.url}/api/programmes`, { headers })).json()) as { id: string; code: string }[];
  const big = programmes.find((p) => p.code === 'BENCH-0');
  if (!big) throw new Error('no BENCH-0 programme: run dist/bench/stats.js first');
  for (let round = 1; round <= 2; round++) {
    const floor = await load('/api/me');
    console.log(`round ${round} floor GET /api/me: ${floor.cpu.toFixed(2)} ms CPU/request, ${floor.perSecond.toFixed(0)}/s, ` +
      `p50 ${floor.p50.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms`);
    for (const [label, route] of [['programme', `/api/programmes/${big.id}/stats`], ['city', '/api/statistics']]) {
      const r = await load(route);
      console.log(`round ${round} ${label}: ${r.cpu.toFixed(2)} ms CPU/request (${(r.cpu / floor.cpu).toFixed(2)}× the floor's), ` +
        `${r.perSecond.toFixed(0)}/s (${(r.perSecond / floor.perSecond).toFixed(2)}× the floor's), ` +
        `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (${(r.p95 / floor.p95).toFixed(2)}× the floor's)`);
    }
  }
} finally {
  await academy.stop();
}

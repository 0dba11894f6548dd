/**
 * How fast `GET /api/programmes/:id/close-status` answers while a 10,000-learner batch is
 * being evaluated, against the same route on the same programme when nothing runs.
 *
 *   npm run build && node dist/bench/close-status.js [learners=10000] [workers=2]
 *
 * One caller asks for the close-status every 100 ms from the close until every certificate
 * is issued (an operator's page refreshing, or a script waiting), then 200 more times on the
 * finished programme (idle). Prints p50/p95/max of both and their ratio.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { api, attendanceCsv, ROOT, sleep, startAcademy } from './support.js';

const learners = Number(process.argv[2] ?? 10_000);
const workers = Number(process.argv[3] ?? 2);
const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
};
const show = (x: ReturnType<typeof summary>) =>
  `n=${x.n} p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, max ${x.max.toFixed(1)} ms`;

const academy = await startAcademy({ dataDir: path.join(ROOT, '.data/bench-close-status'), fresh: true, workers });
try {
  const { url, token } = academy;
  const programme = await api(url, token, 'POST', '/api/programmes', {
    code: `STATUS-${Date.now()}`, title: 'close-status benchmark', moduleCodes: CODES, ruleSet: 'tirana-2023', languages: ['en'],
  });
  const imported = await api(url, token, 'POST', `/api/programmes/${programme.id}/attendance/import`, attendanceCsv('s', learners, CODES, 3), 'text/csv');
  console.log(`imported ${imported.created} attendance rows for ${learners} learners`);
  const outbox = path.join(academy.dataDir, 'outbox');
  while ((await readdir(outbox).catch(() => [])).length < learners) await sleep(200);

  const timed = async () => {
    const t = performance.now();
    const body = await api(url, token, 'GET', `/api/programmes/${programme.id}/close-status`);
    return { ms: performance.now() - t, body };
  };
  const t0 = performance.now();
  await api(url, token, 'POST', `/api/programmes/${programme.id}/close`);
  const busy: number[] = [];
  let last = 0;
  for (;;) {
    const { ms, body } = await timed();
    busy.push(ms);
    if (body.pending === 0 && body.certificates.completion === learners) break;
    const s = (performance.now() - t0) / 1000;
    if (s - last >= 5) {
      console.log(`  ${s.toFixed(0)} s: ${body.certificates.completion}/${learners} issued, last answer ${ms.toFixed(0)} ms`);
      last = s;
    }
    await sleep(100);
  }
  const batchSeconds = (performance.now() - t0) / 1000;
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) {
    idle.push((await timed()).ms);
    await sleep(20);
  }
  const b = summary(busy);
  const i = summary(idle);
  console.log(`batch: ${learners} certificates in ${batchSeconds.toFixed(1)} s (${workers} workers)`);
  console.log(`close-status during the batch: ${show(b)}`);
  console.log(`close-status idle (same programme, after): ${show(i)}`);
  console.log(`ratio busy/idle: p50 ${(b.p50 / i.p50).toFixed(1)}×, p95 ${(b.p95 / i.p95).toFixed(1)}×`);
} finally {
  await academy.stop();
}

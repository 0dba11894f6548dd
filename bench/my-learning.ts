/**
 * The learner's *My learning* page with 50 learners asking at once: latency percentiles and
 * pages per second, against the API's own view of the same data (GET /api/me/programmes) in
 * the same run as the baseline. The page does more: the learner's dry run per programme,
 * the catalogue's titles in their language, the sessions to come, and the rendering.
 *
 *   npm run build && node dist/bench/my-learning.js [requests=3000] [concurrency=50]
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, attendanceCsv, ROOT, startAcademy } from './support.js';

const requests = Number(process.argv[2] ?? 3000);
const concurrency = Number(process.argv[3] ?? 50);
const learners = 200;
const academy = await startAcademy({ dataDir: path.join(ROOT, '.data/bench-my-learning'), fresh: true, workers: 1 });

/** Tokens are signed here with the academy's own secret: this measures the page, not login. */
function token(secret: string, sub: string, city: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, city, role: 'learner', ver: 1, iat: now, exp: now + 3600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(url: string, route: string, tokens: string[], expect: RegExp) {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const t = performance.now();
        // Pages take the bearer token as the API does (the session cookie only carries it).
        const res = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } });
        const text = await res.text();
        latencies.push(performance.now() - t);
        if (res.status !== 200 || !expect.test(text)) {
          failures++;
          firstFailure ??= `${route} answered ${res.status}: ${text.slice(0, 200)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  // A figure of failed requests measures nothing: refuse to print one.
  if (firstFailure) throw new Error(`${failures} of ${requests} requests failed; the first: ${firstFailure}`);
  latencies.sort((a, b) => a - b);
  return { perSecond: requests / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), failures };
}

try {
  const { url, token: admin } = academy;
  const city = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString()).city;
  const programme = (await api(url, admin, 'GET', '/api/programmes')).find((p: any) => p.code === 'TIRANA-2023');
  const codes = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];
  await api(url, admin, 'POST', `/api/programmes/${programme.id}/attendance/import`, attendanceCsv('ml', learners, codes, 3), 'text/csv');
  const users = await api(url, admin, 'GET', `/api/users?role=learner&perPage=1000`);
  const secret = readFileSync(path.join(academy.dataDir, 'jwt-secret'), 'utf8').trim();
  const tokens = users.map((u: any) => token(secret, u.id, city));

  // Warm both paths (compiled templates, pooled connections) before measuring.
  await measure(url, '/learning', tokens.slice(0, 50), /DHR-INTRO/);
  const apiView = await measure(url, '/api/me/programmes', tokens, /DHR-INTRO/);
  const page = await measure(url, '/learning', tokens, /DHR-INTRO/);
  const line = (name: string, m: typeof page) =>
    `${name}: ${m.perSecond.toFixed(0)}/s, p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, failures ${m.failures}`;
  console.log(`${requests} requests, ${concurrency} concurrent learners (${tokens.length} distinct)`);
  console.log(line('GET /api/me/programmes (baseline)', apiView));
  console.log(line('GET /learning (page)', page));
  console.log(`page / baseline: p95 ${(page.p95 / apiView.p95).toFixed(2)}x, throughput ${(page.perSecond / apiView.perSecond).toFixed(2)}x`);
} finally {
  await academy.stop();
}

/**
 * A 2,000-person hybrid session: everyone checks in with the code on screen. Prints
 * check-ins per second and latency percentiles, flat out (32 at a time) and paced
 * (2,000 spread over one minute, as in a room).
 *
 *   npm run build && node dist/bench/checkin.js [people=2000]
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, checkInCohort, ROOT, sleep, startAcademy } from './support.js';

const people = Number(process.argv[2] ?? 2000);
const academy = await startAcademy({ dataDir: path.join(ROOT, '.data/bench-checkin'), fresh: true, workers: 1 });

/** Tokens are signed here with the academy's own secret: this measures check-in, not login. */
function token(secret: string, sub: string, city: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, city, role: 'learner', ver: 1, iat: now, exp: now + 3600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

try {
  const { url, token: admin } = academy;
  const { city, programme, ids } = await checkInCohort(url, admin, people);

  const secret = readFileSync(path.join(academy.dataDir, 'jwt-secret'), 'utf8').trim();
  const tokens = ids.map((id) => token(secret, id, city));

  for (const mode of ['flat out, 32 at a time', 'paced over 60 s'] as const) {
    const start = new Date(Date.now() - 2 * 60_000);
    const session = await api(url, admin, 'POST', `/api/programmes/${programme.id}/sessions`, {
      moduleCode: 'DHR-INTRO', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(), mode: 'hybrid',
    });
    let screen = await api(url, admin, 'POST', `/api/sessions/${session.id}/checkin/open`);
    const refresher = setInterval(async () => {
      screen = await api(url, admin, 'GET', `/api/sessions/${session.id}/checkin/code`);
    }, 5000);
    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const t0 = performance.now();
    const one = async (i: number) => {
      const t = performance.now();
      const res = await fetch(`${url}/api/sessions/${session.id}/checkin`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: screen.code }),
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 201) failures++;
    };
    if (mode === 'paced over 60 s') {
      const pending: Promise<void>[] = [];
      for (let i = 0; i < ids.length; i++) {
        const due = t0 + (i * 60_000) / ids.length;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        pending.push(one(i));
      }
      await Promise.all(pending);
    } else {
      await Promise.all(Array.from({ length: 32 }, async () => {
        while (next < ids.length) await one(next++);
      }));
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(refresher);
    latencies.sort((a, b) => a - b);
    console.log(
      `${mode}: ${ids.length} check-ins in ${seconds.toFixed(2)} s = ${(ids.length / seconds).toFixed(0)}/s; ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; failures ${failures}`,
    );
  }
} finally {
  await academy.stop();
}

/**
 * Check-in through the phone page's form (POST /check-in with the session cookie, the CSRF
 * token of the page and the code on the trainer's screen), as 2,000 phones in a hall would:
 * paced (2,000 within one minute) and flat out, with the api as 1 and as 2 processes
 * (API_PROCESSES) in the same run; prints check-ins/s, p50/p99 and the ratio 2 : 1.
 *
 *   npm run build && node dist/bench/checkin-pages.js [people=2000] [concurrency=32]
 *
 * Set-up (not timed): learners from one attendance import; their session cookies are
 * signed here with the academy's own secret (this measures check-in, not sign-in); each
 * phone opens /check-in/<session> once for its CSRF token, as the QR code's link does. Each
 * flat-out figure follows an untimed flat-out round on another session of the same processes.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { api, checkInCohort, httpText, ROOT, type RunningAcademy, sleep, startAcademy } from './support.js';

const people = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
const dataDir = path.join(ROOT, '.data/bench-checkin-pages');

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const hmac = (secret: string, text: string, encoding: 'base64url' | 'base64') => createHmac('sha256', secret).update(text).digest(encoding);

/** A learner's bearer token, as sign-in would issue it. */
function token(secret: string, sub: string, city: string): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, city, role: 'learner', ver: 1, iat: now, exp: now + 3600 })}`;
  return `${body}.${hmac(secret, body, 'base64url')}`;
}

/** The signed session cookie sign-in sets (cookie-parser's `s:<value>.<signature>`, keyed as in pages/csrf.ts). */
function sessionCookie(jwtSecret: string, bearer: string): string {
  const key = hmac(jwtSecret, 'academy:cookies', 'base64url');
  const signed = `s:${bearer}.${hmac(key, bearer, 'base64').replace(/=+$/, '')}`;
  return `academy.session=${encodeURIComponent(signed)}`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Phone {
  cookie: string;
  csrf: string;
}

/** Runs `work(i)` for i in 0..count-1, `width` at a time. */
async function pool(count: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await work(next++);
  }));
}

/** Distinct pids answering GET /api/health over new connections (X-Api-Process). */
async function answeringPids(url: string, tries: number): Promise<Set<string>> {
  const pids = new Set<string>();
  for (let i = 0; i < tries; i++) {
    await new Promise<void>((resolve, reject) => {
      http.get(`${url}/api/health`, { agent: false }, (res) => {
        pids.add(String(res.headers['x-api-process']));
        res.resume().on('end', resolve);
      }).on('error', reject);
    });
  }
  return pids;
}

async function start(processes: number, fresh: boolean): Promise<RunningAcademy> {
  const academy = await startAcademy({ dataDir, fresh, workers: 1, env: { API_PROCESSES: String(processes) } });
  // The launcher starts the second api process once the first is healthy.
  for (const deadline = Date.now() + 60_000; (await answeringPids(academy.url, 8)).size < processes; await sleep(200)) {
    if (Date.now() > deadline) throw new Error(`${processes} api processes did not answer within 60 s`);
  }
  return academy;
}

interface Result {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

/** One round: a new session opened for check-in, every phone posts the code once. */
async function round(academy: RunningAcademy, programmeId: string, phones: Phone[], label: string, paced: boolean): Promise<Result> {
  const { url, token: admin } = academy;
  const begins = new Date(Date.now() - 2 * 60_000);
  const session = await api(url, admin, 'POST', `/api/programmes/${programmeId}/sessions`, {
    moduleCode: 'DHR-INTRO', startsAt: begins.toISOString(), endsAt: new Date(begins.getTime() + 90 * 60_000).toISOString(), mode: 'hybrid',
  });
  let screen = await api(url, admin, 'POST', `/api/sessions/${session.id}/checkin/open`);
  const refresher = setInterval(async () => {
    screen = await api(url, admin, 'GET', `/api/sessions/${session.id}/checkin/code`);
  }, 5000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: paced ? Infinity : concurrency });
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure = '';
  const one = async (i: number) => {
    const form = new URLSearchParams({ _csrf: phones[i].csrf, session: session.id, fixed: '1', code: screen.code }).toString();
    const t = performance.now();
    const { status, text: body } = await httpText(`${url}/check-in`, {
      method: 'POST', agent, body: form,
      headers: { cookie: phones[i].cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) },
    });
    latencies.push(performance.now() - t);
    if (status >= 300) {
      failures++;
      firstFailure ||= `HTTP ${status}: ${body.replace(/\s+/g, ' ').slice(0, 200)}`;
    }
  };
  const t0 = performance.now();
  if (paced) {
    const pending: Promise<void>[] = [];
    for (let i = 0; i < phones.length; i++) {
      const wait = t0 + (i * 60_000) / phones.length - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(one(i));
    }
    await Promise.all(pending);
  } else {
    await pool(phones.length, concurrency, one);
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(refresher);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const result = { label, perSecond: phones.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
  console.log(
    `${label}: ${phones.length} check-ins in ${seconds.toFixed(2)} s = ${result.perSecond.toFixed(0)}/s; ` +
      `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms; failures ${failures}${firstFailure ? ` (first: ${firstFailure})` : ''}`,
  );
  return result;
}

/**
 * A fresh set of api processes is slower at first (JIT, a new pool's connections and their
 * prepared statements): each configuration is measured after one untimed round of its own.
 */
async function warmThenRound(academy: RunningAcademy, programmeId: string, phones: Phone[], processes: number): Promise<Result> {
  const label = `flat out (${concurrency} at a time), ${processes} api process${processes === 1 ? '' : 'es'}`;
  await round(academy, programmeId, phones, `warm-up, not counted: ${label}`, false);
  return round(academy, programmeId, phones, label, false);
}

let academy = await start(1, true);
try {
  const { url, token: admin } = academy;
  const { city, programme, ids } = await checkInCohort(url, admin, people);
  ids.length = Math.min(ids.length, people);

  // Each phone opens the check-in page once: the CSRF cookie and the form's token.
  const secret = readFileSync(path.join(academy.dataDir, 'jwt-secret'), 'utf8').trim();
  const phones: Phone[] = new Array(ids.length);
  const tSetup = performance.now();
  await pool(ids.length, 16, async (i) => {
    const session = sessionCookie(secret, token(secret, ids[i], city));
    const res = await fetch(`${url}/check-in`, { headers: { cookie: session } });
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const csrfCookie = res.headers.getSetCookie().find((c) => c.startsWith('academy.csrf='))?.split(';')[0];
    if (res.status !== 200 || !csrf || !csrfCookie) throw new Error(`GET /check-in for learner ${i}: HTTP ${res.status}, no form token`);
    phones[i] = { cookie: `${session}; ${csrfCookie}`, csrf };
  });
  console.log(`set-up: ${ids.length} learners, each opened the check-in page in ${((performance.now() - tSetup) / 1000).toFixed(1)} s`);

  const paced = await round(academy, programme.id, phones, 'paced, 2,000 within 60 s, 1 api process', true);
  const one = await warmThenRound(academy, programme.id, phones, 1);
  const first = academy;
  academy = undefined as unknown as RunningAcademy;
  await first.stop();
  academy = await start(2, false);
  const two = await warmThenRound(academy, programme.id, phones, 2);
  console.log(
    `ratio 2 : 1 processes: ${(two.perSecond / one.perSecond).toFixed(2)} x check-ins/s, p99 ${(two.p99 / one.p99).toFixed(2)} x; ` +
      `goal >= 500/s with p99 < 100 ms: ${[one, two].map((r) => `${r.label.split(', ')[1]} ${r.perSecond >= 500 && r.p99 < 100 ? 'met' : 'not met'}`).join(', ')}; ` +
      `paced p99 ${paced.p99.toFixed(1)} ms`,
  );
} finally {
  await academy?.stop();
}

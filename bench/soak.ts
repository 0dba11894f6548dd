/**
 * A soak: `npm start` (two workers) under a bounded mixed load for ten minutes — logins,
 * reads, attendance imports, check-ins and a programme closed every minute — counting
 * errors (goal 0) and the memory (RSS) of the api and the workers at the start and the end
 * (goal: flat). Loopback only; every loop is paced and ends with the run.
 *
 *   npm run build && node dist/bench/soak.js [seconds=600]
 *
 * Per second, on average: 0.5 logins, 6 reads, 3.3 check-ins; an import of 25 new learners
 * every 20 s; every minute a 200-learner programme imported and closed (its certificates
 * issued by the workers while the rest goes on).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, attendanceCsv, ROOT, sleep, startAcademy } from './support.js';

const seconds = Number(process.argv[2] ?? 600);
const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];
const PEOPLE = 200;
const DATA_DIR = path.join(ROOT, '.data/bench-soak');

const academy = await startAcademy({ dataDir: DATA_DIR, fresh: true, workers: 2, env: { LOGIN_LIMIT_PER_ACCOUNT: '100000/1m', LOGIN_LIMIT_PER_ADDRESS: '100000/1m' } });
const { url, token: admin } = academy;

const errors = new Map<string, number>();
let requests = 0;
const latencies: number[] = [];
/** One request; anything but `ok` statuses counts as an error, by route and status. */
async function call(label: string, method: string, route: string, token: string, body?: unknown, contentType = 'application/json', ok = [200, 201, 202]) {
  const t = performance.now();
  requests++;
  try {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    latencies.push(performance.now() - t);
    if (!ok.includes(res.status)) {
      const key = `${label} ${res.status}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      if ((errors.get(key) ?? 0) <= 3) console.log(`  error: ${method} ${route} → ${res.status} ${text.slice(0, 200)}`);
      return undefined;
    }
    return text ? JSON.parse(text) : undefined;
  } catch (err) {
    const key = `${label} ${(err as Error).message}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
    return undefined;
  }
}

function rss(): Record<string, number> {
  const record = JSON.parse(readFileSync(path.join(DATA_DIR, 'launcher.json'), 'utf8')) as { processes: { name: string; pid: number }[] };
  const out: Record<string, number> = {};
  for (const p of record.processes.filter((x) => x.name === 'api' || x.name.startsWith('worker'))) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1]);
      out[p.name] = Math.round(kb / 1024);
    } catch {
      out[p.name] = NaN;
    }
  }
  return out;
}

/** Tokens are signed here with the academy's own secret, like the check-in benchmark: check-in is measured, not login. */
function learnerToken(secret: string, sub: string, city: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, city, role: 'learner', ver: 1, iat: now, exp: now + 3 * 3600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

try {
  // Set-up: a programme whose 200 learners check in, 20 of them with a password to log in.
  const city = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString()).city;
  const home = await api(url, admin, 'POST', '/api/programmes', {
    code: 'SOAK-HOME', title: 'Soak: check-ins and reads', moduleCodes: CODES, ruleSet: 'tirana-2023', languages: ['en'],
  });
  await api(url, admin, 'POST', `/api/programmes/${home.id}/attendance/import`, attendanceCsv('home', PEOPLE, CODES, 1), 'text/csv');
  const learners: { id: string; email: string }[] = await api(url, admin, 'GET', '/api/users?role=learner&perPage=1000');
  const secret = readFileSync(path.join(DATA_DIR, 'jwt-secret'), 'utf8').trim();
  const tokens = learners.map((l) => learnerToken(secret, l.id, city));
  const loginPeople: string[] = [];
  for (let i = 0; i < 20; i++) {
    const email = `login${i}@soak.example`;
    await api(url, admin, 'POST', '/api/users', { email, name: `Login ${i}`, role: 'learner', password: 'a-soak-password-123' });
    loginPeople.push(email);
  }
  await sleep(5000);
  const rssStart = rss();
  console.log(`set up; RSS at the start (MiB): ${JSON.stringify(rssStart)}; running ${seconds} s`);

  const t0 = Date.now();
  const end = t0 + seconds * 1000;
  const running = () => Date.now() < end;
  const every = async (ms: number, work: (n: number) => Promise<unknown>) => {
    for (let n = 0; running(); n++) {
      const next = t0 + (n + 1) * ms;
      await work(n);
      await sleep(Math.max(0, next - Date.now()));
    }
  };
  let closes = 0;
  await Promise.all([
    every(2000, (n) => call('login', 'POST', '/api/auth/login', '', { email: loginPeople[n % 20], password: 'a-soak-password-123' })),
    every(1000, async (n) => {
      await Promise.all([
        call('programmes', 'GET', '/api/programmes', admin),
        call('programme', 'GET', `/api/programmes/${home.id}`, admin),
        call('stats', 'GET', `/api/programmes/${home.id}/stats`, admin),
        call('close-status', 'GET', `/api/programmes/${home.id}/close-status`, admin),
        call('certificates', 'GET', `/api/programmes/${home.id}/certificates?perPage=100`, admin),
        call('me', 'GET', '/api/me/programmes', tokens[n % tokens.length]),
      ]);
    }),
    every(20_000, (n) => call('import', 'POST', `/api/programmes/${home.id}/attendance/import`, admin, attendanceCsv(`imp${n}-`, 25, CODES, 2), 'text/csv')),
    every(60_000, async (n) => {
      // A session a minute (of the module every learner is enrolled in); each of the 200 checks in once, spread over the minute.
      const start = new Date(Date.now() - 2 * 60_000);
      const session = await call('session', 'POST', `/api/programmes/${home.id}/sessions`, admin, {
        moduleCode: CODES[0], startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(), mode: 'hybrid',
      });
      if (!session) return;
      const screen = await call('checkin-open', 'POST', `/api/sessions/${session.id}/checkin/open`, admin);
      if (!screen) return;
      let code = screen.code;
      const began = Date.now();
      for (let i = 0; i < tokens.length && running(); i++) {
        if (i % 10 === 0) code = (await call('checkin-code', 'GET', `/api/sessions/${session.id}/checkin/code`, admin))?.code ?? code;
        await call('checkin', 'POST', `/api/sessions/${session.id}/checkin`, tokens[i], { code });
        await sleep(Math.max(0, began + ((i + 1) * 58_000) / tokens.length - Date.now()));
      }
    }),
    every(60_000, async (n) => {
      const p = await call('create', 'POST', '/api/programmes', admin, {
        code: `SOAK-CLOSE-${n}`, title: `Soak close ${n}`, moduleCodes: CODES, ruleSet: 'tirana-2023', languages: ['en'],
      });
      if (!p) return;
      await call('import', 'POST', `/api/programmes/${p.id}/attendance/import`, admin, attendanceCsv(`close${n}-`, 200, CODES, 3), 'text/csv');
      if (await call('close', 'POST', `/api/programmes/${p.id}/close`, admin)) closes++;
    }),
  ]);
  // Let the last close finish before the final reading.
  for (let i = 0; i < 120; i++) {
    const list: { id: string; code: string }[] = (await call('programmes', 'GET', '/api/programmes?perPage=100', admin)) ?? [];
    const statuses = await Promise.all(list.filter((p) => p.code.startsWith('SOAK-CLOSE')).map((p) => call('close-status', 'GET', `/api/programmes/${p.id}/close-status`, admin)));
    if (statuses.every((s) => s && s.pending === 0)) break;
    await sleep(1000);
  }
  const rssEnd = rss();
  const sorted = [...latencies].sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  console.log(`soak: ${seconds} s, ${requests} requests, ${closes} closes, p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)].toFixed(1)} ms`);
  console.log(`errors: ${errorCount}${errorCount ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}`);
  console.log(`RSS (MiB) start ${JSON.stringify(rssStart)} → end ${JSON.stringify(rssEnd)}`);
} finally {
  await academy.stop();
}

import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort } from '@academy/infra';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface RunningAcademy {
  url: string;
  dataDir: string;
  /** Milliseconds from spawn to a healthy /api/health. */
  startMs: number;
  token: string;
  /** The launcher's process id (its children: PostgreSQL, Redis, the api, the workers). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the academy exactly as `npm start` does (embedded PostgreSQL and Redis, api,
 * workers) in its own data directory, and logs in as the seeded administrator.
 */
export async function startAcademy(opts: {
  dataDir: string;
  fresh: boolean;
  workers?: number;
  env?: Record<string, string>;
  port?: number;
}): Promise<RunningAcademy> {
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  // BENCH_PORT pins the api's port (e.g. to stay in a range agreed on a shared machine).
  const port = opts.port ?? (process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort());
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist/apps/launcher/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: opts.dataDir,
      WORKERS: String(opts.workers ?? 2),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`academy exited early:\n${output.slice(-3000)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - t0 > 120_000) throw new Error(`academy not healthy after 120 s:\n${output.slice(-3000)}`);
    await sleep(25);
  }
  const startMs = performance.now() - t0;
  const login = await api(url, '', 'POST', '/api/auth/login', {
    email: 'admin@tirana.example',
    password: 'academy-admin-2023',
  });
  return {
    url,
    dataDir: opts.dataDir,
    startMs,
    token: login.accessToken,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export async function api(url: string, token: string, method: string, route: string, body?: unknown, contentType = 'application/json'): Promise<any> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * One request over node:http (a keep-alive `agent` when given), its status and body as text:
 * the measured requests go through it, as it costs the client less than fetch.
 */
export function httpText(
  url: string,
  options: { method?: string; agent?: http.Agent; headers?: http.OutgoingHttpHeaders; body?: string } = {},
): Promise<{ status: number; text: string }> {
  const { body, ...request } = options;
  return new Promise((resolve, reject) => {
    const req = http.request(url, request, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject).end(body);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Attendance CSV: `learners` people, each present at the first `modules` of the given module codes. */
export function attendanceCsv(prefix: string, learners: number, codes: string[], modules: number): string {
  const dates = ['2024-01-16', '2024-01-23', '2024-02-13', '2024-03-05'];
  const parts: string[] = ['email,name,department,module,session,status,minutes\n'];
  for (let i = 0; i < learners; i++) {
    const email = `${prefix}${i}@bench.example`;
    for (let m = 0; m < modules; m++) {
      parts.push(`${email},Learner ${i},Department ${i % 40},${codes[m]},${dates[m]},${m % 5 === 4 ? 'late' : 'present'},${60 + (i % 30)}\n`);
    }
  }
  return parts.join('');
}

/**
 * The people of the check-in benchmarks: `people` learners of TIRANA-2023 imported as absent
 * from one DHR-PRIVACY session, with the admin's city, the programme and the learners' ids.
 */
export async function checkInCohort(url: string, admin: string, people: number): Promise<{ city: string; programme: any; ids: string[] }> {
  const city = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString()).city;
  const programme = (await api(url, admin, 'GET', '/api/programmes')).find((p: any) => p.code === 'TIRANA-2023');
  const rows = ['email,name,department,module,session,status,minutes'];
  for (let i = 0; i < people; i++) rows.push(`p${i}@bench.example,Person ${i},Dept ${i % 20},DHR-PRIVACY,2023-01-24,absent,`);
  await api(url, admin, 'POST', `/api/programmes/${programme.id}/attendance/import`, rows.join('\n'), 'text/csv');
  const ids: string[] = [];
  for (let page = 1; ids.length < people; page++) {
    const batch = await api(url, admin, 'GET', `/api/users?role=learner&perPage=1000&page=${page}`);
    if (!batch.length) break;
    ids.push(...batch.map((u: any) => u.id));
  }
  return { city, programme, ids };
}

/**
 * CPU time (ms, user + system) used so far by a process and everything under it, from /proc
 * (Linux). Differences over a stretch of requests give CPU per request, which other work on
 * the machine slows far less than it slows latency.
 */
export function treeCpuMs(root: number): number {
  const ticks = 100; // USER_HZ on Linux
  const procs = new Map<number, { ppid: number; cpu: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(entry), { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) });
    } catch {
      /* exited meanwhile */
    }
  }
  let total = 0;
  for (const [pid, p] of procs) {
    for (let at: number | undefined = pid; at && at > 1; at = procs.get(at)?.ppid) {
      if (at === root) {
        total += p.cpu;
        break;
      }
    }
  }
  return (total * 1000) / ticks;
}

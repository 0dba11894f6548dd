/**
 * A certificate batch on a running stack (./stack.ts), through its HTTP API: a programme of
 * a few hundred learners with the Tirana cohort's attendance pattern, closed, and checked
 * exactly once it is done — each learner holds the certificates the rule set gives (as the
 * dry run says before the close), no learner two valid ones of a kind, no decision twice.
 */
import { Queue } from 'bullmq';
import pg from 'pg';
import { type Stack, waitUntil } from './stack.js';
import { MODULE_DATES, tiranaCohort } from './tirana-cohort.js';

export interface Batch {
  programmeId: string;
  learners: number;
  /** Per learner e-mail: the certificate kinds the rule set gives, sorted. */
  expected: Map<string, string[]>;
}

export interface CloseStatus {
  status: string;
  enrolled: number;
  evaluated: number;
  pending: number;
  certificates: Record<string, number>;
}

/** Logs in as the seeded administrator of Tirana; returns the Authorization header. */
export async function adminAuth(stack: Stack): Promise<Record<string, string>> {
  const res = await call(stack, 'POST', '/api/auth/login', undefined, {
    email: 'admin@tirana.example',
    password: 'academy-admin-2023',
  });
  return { authorization: `Bearer ${res.accessToken}` };
}

async function call(stack: Stack, method: string, url: string, auth?: Record<string, string>, body?: unknown, csv?: string) {
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: { ...auth, 'content-type': csv === undefined ? 'application/json' : 'text/csv' },
    body: csv ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${url}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * A new programme with the four Tirana modules, the rule set of the seeded TIRANA-2023, and
 * `copies` times the 47 people of the Tirana cohort (imported as one CSV); not closed yet.
 */
export async function prepareBatch(stack: Stack, auth: Record<string, string>, code: string, copies = 6): Promise<Batch> {
  const programmes: { code: string; ruleSet: string }[] = await call(stack, 'GET', '/api/programmes?perPage=100', auth);
  const ruleSet = programmes.find((p) => p.code === 'TIRANA-2023')!.ruleSet;
  const programme = await call(stack, 'POST', '/api/programmes', auth, {
    code,
    title: `Crash drill ${code}`,
    moduleCodes: Object.keys(MODULE_DATES),
    ruleSet,
    periodStart: '2023-01-01',
    periodEnd: '2023-12-31',
    timezone: 'Europe/Tirane',
  });
  const lines = ['email,name,department,module,session,status,minutes'];
  const tag = code.toLowerCase();
  for (let copy = 1; copy <= copies; copy++) {
    for (const person of tiranaCohort()) {
      const email = person.email.replace('@', `.${tag}.${copy}@`);
      for (const module of person.modules) {
        lines.push(`${email},${person.name} ${copy},${person.department},${module},${MODULE_DATES[module]},present,85`);
      }
    }
  }
  const imported = await call(stack, 'POST', `/api/programmes/${programme.id}/attendance/import`, auth, undefined, `${lines.join('\n')}\n`);
  if (imported.errors.length > 0) throw new Error(`import errors: ${JSON.stringify(imported.errors.slice(0, 3))}`);

  const dryRun: { learnerEmail: string; awards: { kind: string }[] }[] = await call(
    stack, 'GET', `/api/programmes/${programme.id}/dry-run?perPage=1000`, auth,
  );
  const expected = new Map(dryRun.map((d) => [d.learnerEmail, d.awards.map((a) => a.kind).sort()]));
  return { programmeId: programme.id, learners: copies * tiranaCohort().length, expected };
}

export async function closeBatch(stack: Stack, auth: Record<string, string>, batch: Batch): Promise<CloseStatus> {
  return call(stack, 'POST', `/api/programmes/${batch.programmeId}/close`, auth);
}

/** close-status; undefined while the api does not answer it (restarting, or its database is down). */
export async function closeStatus(stack: Stack, auth: Record<string, string>, batch: Batch): Promise<CloseStatus | undefined> {
  try {
    return await call(stack, 'GET', `/api/programmes/${batch.programmeId}/close-status`, auth);
  } catch {
    return undefined;
  }
}

/**
 * Waits until every learner was evaluated and the certificates queue has nothing left in
 * it (a job that stalled in a killed worker counts as left until BullMQ runs it again).
 */
export async function waitForBatch(stack: Stack, auth: Record<string, string>, batch: Batch, timeoutMs: number): Promise<CloseStatus> {
  const queue = new Queue('certificates', { connection: { url: stack.redisUrl! }, prefix: 'academy' });
  queue.on('error', () => undefined); // Redis may be restarting
  let last: unknown;
  try {
    return await waitUntil(
      'the batch to complete',
      async () => {
        const progress = await closeStatus(stack, auth, batch);
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children').catch(() => undefined);
        last = { progress, counts };
        const busy = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
        return progress?.status === 'closed' && progress.pending === 0 && busy === 0 && progress;
      },
      { timeoutMs, intervalMs: 200 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last)}`);
  } finally {
    await queue.close();
  }
}

/** The exact checks: what each learner holds, through the API, and the decisions, in the database. */
export async function checkBatch(stack: Stack, auth: Record<string, string>, batch: Batch): Promise<void> {
  const certificates: { learnerEmail: string; kind: string; status: string }[] = await call(
    stack, 'GET', `/api/programmes/${batch.programmeId}/certificates?perPage=1000`, auth,
  );
  const held = new Map<string, string[]>();
  for (const c of certificates.filter((c) => c.status === 'valid')) {
    held.set(c.learnerEmail, [...(held.get(c.learnerEmail) ?? []), c.kind].sort());
  }
  const wrong = [...batch.expected].filter(([email, kinds]) => JSON.stringify(held.get(email) ?? []) !== JSON.stringify(kinds));
  expect(wrong.map(([email, kinds]) => `${email}: expected [${kinds}] holds [${held.get(email) ?? []}]`)).toEqual([]);
  expect(batch.expected.size).toBe(batch.learners);
  // The cohort earns both kinds, so the check above is not about empty lists only.
  expect([...held.values()].flat()).toEqual(expect.arrayContaining(['completion', 'attendance']));

  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const decided = await db.query(`SELECT count(DISTINCT user_id)::int AS n FROM decisions WHERE programme_id = $1`, [batch.programmeId]);
    expect(decided.rows[0].n).toBe(batch.learners);
    const twice = await db.query(
      `SELECT user_id, revision, close_count, count(*)::int AS n
         FROM decisions WHERE programme_id = $1 GROUP BY user_id, revision, close_count HAVING count(*) > 1`,
      [batch.programmeId],
    );
    expect(twice.rows).toEqual([]);
  } finally {
    await db.end();
  }
}

import { performance } from 'node:perf_hooks';
import { CaseBuilder, type FuzzCase, type OpenApiDocument, type Operation, operationsOf } from './support/fuzz-cases.js';
import { ADMIN, bearer, TestAcademy } from './support/academy.js';
import { type Answer, clientAt, listening } from './support/from-address.js';

/** Pages outside the OpenAPI document that take input from anyone. */
const UNDOCUMENTED: Operation[] = [
  { method: 'GET', path: '/verify/{code}', op: { parameters: [{ name: 'code', in: 'path', required: true }] } },
  { method: 'POST', path: '/admin/queues/login', op: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } } } } } } },
];

/**
 * Every operation of /docs/openapi.json (and the public pages outside it) gets hostile
 * requests, built from the document (support/fuzz-cases.ts), as an administrator and with
 * no token; where the administrator is refused (a learner's route), as a learner too.
 * Not one answer may be 500 or above, and the academy is healthy afterwards.
 */
describe('fuzzing every operation', () => {
  let academy: TestAcademy;
  let send: ReturnType<typeof clientAt>;
  let operations: Operation[];
  let builder: CaseBuilder;
  const tokens = { admin: '', learner: '' };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const unlimited = '1000000/1h';
    academy = await TestAcademy.start('fuzz', {
      LOGIN_LIMIT_PER_ACCOUNT: unlimited, LOGIN_LIMIT_PER_ADDRESS: unlimited, TOKEN_LIMIT_PER_ADDRESS: unlimited,
      RESET_LIMIT_PER_ADDRESS: unlimited, VERIFY_LIMIT_PER_ADDRESS: unlimited, CHECKIN_LIMIT_PER_LEARNER: unlimited,
    });
    tokens.admin = await academy.login();
    ids.programme = (await academy.tirana()).id;
    ids.learner = (await academy.createUser({ email: 'fuzz.learner@tirana.example', name: 'Fuzz Learner', role: 'learner' })).id;
    tokens.learner = await academy.login('fuzz.learner@tirana.example', 'a-long-password');
    const session = await academy.http.post(`/api/programmes/${ids.programme}/sessions`).set(bearer(tokens.admin))
      .send({ moduleCode: 'DHR-INTRO', startsAt: new Date(Date.now() + 10 * 60_000).toISOString() });
    expect(session.status).toBe(201);
    ids.session = session.body.id;
    ids.material = (await academy.db.query(`SELECT id FROM materials ORDER BY slug LIMIT 1`))[0]?.id;
    ids.lesson = (await academy.db.query(`SELECT id FROM lessons ORDER BY position LIMIT 1`))[0]?.id;

    const doc: OpenApiDocument = (await academy.http.get('/docs/openapi.json')).body;
    operations = [...operationsOf(doc), ...UNDOCUMENTED];
    builder = new CaseBuilder(doc, (path, name) => {
      if (name === 'code' || name === 'moduleCode') return path.includes('verify') ? 'AAAA-BBBB-CCCC' : 'DHR-INTRO';
      if (name === 'userId') return ids.learner;
      if (name !== 'id') return undefined;
      const room = path.split('/')[2];
      return { users: ids.learner, programmes: ids.programme, sessions: ids.session, materials: ids.material, lessons: ids.lesson, 'rule-sets': 'tirana-2023' }[room];
    });
    send = clientAt('127.0.0.1', await listening(academy.api));
  });
  afterAll(() => academy.stop());

  const freshLogin = async (email: string, password: string): Promise<string> =>
    (await academy.http.post('/api/auth/login').send({ email, password })).body.accessToken;

  /** Milliseconds spent per kind of case (its label without the field name), to see what a run costs. */
  const spent = new Map<string, number>();
  const request = async (operation: Operation, c: FuzzCase, token?: string): Promise<Answer> => {
    const started = performance.now();
    const res = await send(operation.method, c.path, c.body, {
      ...(c.contentType ? { 'content-type': c.contentType } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    const kind = c.label.replace(/^[^:]*: /, '');
    spent.set(kind, (spent.get(kind) ?? 0) + performance.now() - started);
    return res;
  };

  // Under 60 s on a loaded 2-core machine (about 45 s at a load average of 11); the timeout leaves room for a worse day.
  it('answers no hostile request with 500 or above, signed in or not', async () => {
    const failures: string[] = [];
    let count = 0;
    const started = Date.now();
    const record = (who: string, operation: Operation, c: FuzzCase, res: Answer) => {
      count++;
      if (res.status >= 500) {
        const message = typeof res.body === 'object' ? res.body?.message : String(res.body).slice(0, 120);
        failures.push(`${who} ${operation.method} ${operation.path} [${c.label}] → ${res.status} ${message}`);
      }
    };
    for (const operation of operations) {
      // Unauthenticated: what is parsed before the guard (bodies, ids) and every public route.
      for (const c of builder.cases(operation, false)) record('anonymous', operation, c, await request(operation, c));
      // As an administrator, everything; a route the administrator may not use is fuzzed as a learner.
      const cases = builder.cases(operation, true);
      let refused = false;
      for (const c of cases) {
        const res = await request(operation, c, tokens.admin);
        record('admin', operation, c, res);
        if (c.label === 'real ids, no body' && res.status === 403) refused = true;
        if (res.status === 401) tokens.admin = await freshLogin(ADMIN.email, ADMIN.password); // a case ended the session (a logout)
      }
      if (refused) for (const c of cases) record('learner', operation, c, await request(operation, c, tokens.learner));
    }
    const costliest = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`);
    console.log(
      `fuzz: ${count} requests over ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(costliest: ${costliest.join(', ')})`,
    );
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(operations.length * 10);
  }, 120_000);

  it('is healthy afterwards', async () => {
    expect((await academy.http.get('/api/health')).status).toBe(200);
    const login = await academy.http.post('/api/auth/login').send({ email: 'admin@tirana.example', password: 'academy-admin-2023' });
    expect(login.status).toBe(200);
    const list = await academy.http.get('/api/programmes').set(bearer(login.body.accessToken));
    expect(list.status).toBe(200);
    expect(list.body.map((p: { code: string }) => p.code)).toContain('TIRANA-2023');
  });
});

import type { Test } from 'supertest';
import { operationsOf, type OpenApiDocument } from './support/fuzz-cases.js';
import { buildRouteFixture, IDENTITIES, type Identity, type RouteFixture, TOKEN_FAILURES } from './support/route-fixture.js';
import { matrixRows, type Row } from './support/route-matrix-rows.js';

/**
 * Every operation of /docs/openapi.json, called by every kind of caller — no token, a forged,
 * an expired token, the token of a deleted and of a deactivated account, a learner, the
 * session's trainer, another trainer, Tirana's administrator, Dublin's administrator and the
 * platform role — on real records of Tirana's. The expected answer of every cell is written in
 * support/route-matrix-rows.ts; a new operation without a row fails, and so does a row without
 * an operation.
 */
describe('route × role matrix', () => {
  let fx: RouteFixture;
  let operations: { method: string; path: string }[];
  const failures: string[] = [];
  const leaks: string[] = [];
  let cells = 0;

  beforeAll(async () => {
    fx = await buildRouteFixture();
    const doc: OpenApiDocument = (await fx.academy.http.get('/docs/openapi.json')).body;
    operations = operationsOf(doc).map(({ method, path }) => ({ method, path }));
  }, 90_000);
  afterAll(() => fx?.academy.stop());

  it('has one row per operation of the document, and no row without an operation', () => {
    const documented = operations.map((o) => `${o.method} ${o.path}`).sort();
    const written = Object.keys(matrixRows).sort();
    expect(documented.filter((o) => !written.includes(o))).toEqual([]);
    expect(written.filter((o) => !documented.includes(o))).toEqual([]);
  });

  /** The path with its parameters filled in from the fixture (the row's own values first). */
  const pathOf = (template: string, row: Row, extra: Record<string, string>): string =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = extra[name] ?? row.params?.[name]?.(fx) ?? defaultParam(template, name);
      if (!value) throw new Error(`${template}: no value for {${name}}`);
      return encodeURIComponent(value);
    });

  const defaultParam = (template: string, name: string): string | undefined => {
    const room = template.split('/')[2];
    if (name === 'userId') return fx.ids.learner;
    if (name === 'programmeId') return fx.ids.programme;
    if (name === 'code' || name === 'moduleCode') return fx.ids.module;
    if (name !== 'id') return undefined;
    return ({
      users: fx.ids.subject, cities: fx.ids.city, programmes: fx.ids.programme, sessions: fx.ids.session, materials: fx.ids.material,
      lessons: fx.ids.lesson, certificates: fx.ids.certificate, submissions: fx.ids.submission, 'review-items': fx.ids.reviewItem,
      'rule-sets': fx.ids.ruleSet,
    } as Record<string, string>)[room];
  };

  const expected = (row: Row, who: Identity): number =>
    row.expect[who] ?? (TOKEN_FAILURES.includes(who) ? 401 : (() => { throw new Error(`no expected answer for ${who}`); })());

  const call = async (method: string, template: string, row: Row, who: Identity) => {
    const extra = (await row.cell?.(fx, who)) ?? {};
    const url = pathOf(template, row, extra);
    let req: Test = (fx.academy.http as any)[method.toLowerCase()](url);
    const token = fx.tokens[who];
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    if (row.send) req = row.send(req, fx, who);
    else if (row.body) req = req.send(row.body(fx, who) as object);
    const res = await req;
    cells++;
    const want = expected(row, who);
    const label = `${method} ${template} as ${who}`;
    if (res.status !== want) {
      failures.push(`${label}: expected ${want}, got ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
    }
    if (res.status < 300 && method === 'GET') {
      const text = typeof res.body === 'object' && Object.keys(res.body).length ? JSON.stringify(res.body) : res.text ?? '';
      // A public answer is the same for everyone; the others must not hold what the caller may not read.
      const forbidden = expected(row, 'none') < 400 ? [] : who === 'otherAdmin' ? fx.tiranaPrivate : who === 'platform' ? fx.personal
        : who === 'learner' ? [...fx.dublinPrivate, ...fx.otherLearner] : fx.dublinPrivate;
      for (const value of [...forbidden, ...(row.hide?.[who] ?? [])]) {
        if (value && text.includes(value)) leaks.push(`${label}: the answer holds ${value}`);
      }
    }
    await row.after?.(fx, who, res);
  };

  // Phases keep destructive rows from breaking later cells: check-in opens before it is used,
  // revocation after the certificate is read, password changes and logouts last.
  it('answers every cell as the table says, and leaks nothing to another city or the platform', async () => {
    const started = Date.now();
    const rows = Object.entries(matrixRows)
      .filter(([key]) => operations.some((o) => `${o.method} ${o.path}` === key))
      .sort(([, a], [, b]) => (a.phase ?? 0) - (b.phase ?? 0));
    for (const [key, row] of rows) {
      const [method, template] = key.split(' ');
      await row.before?.(fx);
      if (row.serial) for (const who of row.serial === true ? IDENTITIES : row.serial) await call(method, template, row, who);
      else await Promise.all(IDENTITIES.map((who) => call(method, template, row, who)));
    }
    console.log(`route matrix: ${rows.length} operations × ${IDENTITIES.length} identities = ${cells} cells in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(failures).toEqual([]);
    expect(leaks).toEqual([]);
    expect(cells).toBe(operations.length * IDENTITIES.length);
  }, 120_000);
});

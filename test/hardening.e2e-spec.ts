import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { bearer, PLATFORM, TestAcademy } from './support/academy.js';
import { clientAt, listening } from './support/from-address.js';

const cspOf = (res: { headers: Record<string, string> }) => {
  const header = res.headers['content-security-policy'] ?? '';
  return Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
};

/**
 * What an answer always carries (security headers), what a request may not hold (deep
 * nesting, NUL characters, numbers out of range, broken UTF-8), and what a database error
 * shows: to the caller only the one error shape, to the log no query parameters.
 */
describe('hardening', () => {
  let academy: TestAcademy;
  let admin: string;
  let learner: string;
  let programmeId: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('hardening');
    admin = await academy.login();
    programmeId = (await academy.tirana()).id;
    await academy.createUser({ email: 'learner@tirana.example', name: 'Learner', role: 'learner' });
    learner = await academy.login('learner@tirana.example', 'a-long-password');
  });
  afterAll(() => academy.stop());

  describe('security headers', () => {
    it('puts a strict CSP with a fresh nonce, nosniff and a referrer policy on every answer', async () => {
      const answers = [
        await academy.http.get('/api/health'),
        await academy.http.get('/api/programmes'),
        await academy.http.post('/api/auth/login').send({}),
        await academy.http.get('/no/such/route'),
      ];
      const nonces = new Set<string>();
      for (const res of answers) {
        const csp = cspOf(res);
        expect(csp['default-src']).toEqual(["'self'"]);
        expect(csp['script-src']).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/=]{20,}'$/)]);
        expect(csp['style-src']).toEqual(["'self'", csp['script-src'][1]]);
        expect(csp['object-src']).toEqual(["'none'"]);
        expect(csp['frame-ancestors']).toEqual(["'none'"]);
        expect(csp['base-uri']).toEqual(["'self'"]);
        expect(csp['form-action']).toEqual(["'self'"]);
        expect(csp['upgrade-insecure-requests']).toBeUndefined(); // PUBLIC_BASE_URL is http here
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin', 'x-frame-options': 'DENY',
        });
        expect(res.headers['x-powered-by']).toBeUndefined();
        nonces.add(csp['script-src'][1]);
      }
      expect(nonces.size).toBe(answers.length);
    });

    it("gives the verification page's stylesheet the answer's nonce, and no inline style or script", async () => {
      const res = await academy.http.get('/verify/AAAA-BBBB-CCCC');
      const nonce = /'nonce-([^']+)'/.exec(res.headers['content-security-policy'])![1];
      // Handlebars writes '=' in an attribute as &#x3D;, which the browser reads back as '='.
      expect(res.text).toContain(`<link rel="stylesheet" href="/static/academy.css" nonce="${nonce.replace(/=/g, '&#x3D;')}">`);
      expect(res.text).not.toMatch(/<style|<script>/);
    });

    it('keeps the Swagger UI and the queue dashboard working under their own policy, on their paths only', async () => {
      const docs = await academy.http.get('/docs/');
      expect(docs.status).toBe(200);
      expect(cspOf(docs)['style-src']).toContain("'unsafe-inline'");
      expect(cspOf(docs)['script-src']).toEqual(["'self'"]);
      // Every script the page loads is served from here (the policy allows 'self' only) and none is inline.
      const scripts = [...docs.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, inline] of scripts) {
        expect(inline.trim()).toBe('');
        const src = /src="([^"]+)"/.exec(attributes)![1];
        expect((await academy.http.get(new URL(src, 'http://x/docs/').pathname)).status).toBe(200);
      }
      expect((await academy.http.get('/docs/openapi.json')).status).toBe(200);

      // The dashboard is the platform role's (the coalition's academy team).
      const operator = await academy.login(PLATFORM.email, PLATFORM.password);
      const board = await academy.http.get('/admin/queues').set(bearer(operator)).set('Accept', 'text/html');
      expect(board.status).toBe(200);
      expect(cspOf(board)['style-src']).toEqual(expect.arrayContaining(["'unsafe-inline'", 'https://fonts.googleapis.com']));
      expect(cspOf(board)['font-src']).toContain('https://fonts.gstatic.com');
      for (const [, src] of board.text.matchAll(/<script[^>]*src="([^"]+)"/g)) {
        expect((await academy.http.get(`/admin/queues/${src}`).set(bearer(operator))).status).toBe(200);
      }
      expect(cspOf(await academy.http.get('/admin/queues/login'))['style-src']).toContain("'unsafe-inline'");
      // The relaxed policy stops at those paths.
      expect(cspOf(await academy.http.get('/docsx'))['style-src']).not.toContain("'unsafe-inline'");
    });
  });

  describe('what a request may hold', () => {
    it('answers 10,000-deep JSON with 400 at once, before any route, signed in or not', async () => {
      const arrays = '['.repeat(10_000) + ']'.repeat(10_000);
      const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
      for (const [route, token] of [['/api/auth/login', null], ['/api/programmes', admin], ['/api/users', null]] as const) {
        for (const body of [arrays, objects]) {
          const started = Date.now();
          let req = academy.http.post(route).set('Content-Type', 'application/json');
          if (token) req = req.set(bearer(token));
          const res = await req.send(body);
          expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: 'body: nested deeper than 32 levels' });
          expect(res.body.requestId).toEqual(expect.any(String));
          expect(Date.now() - started).toBeLessThan(2_000);
        }
      }
      // 32 levels are fine (and then answered by validation).
      const ok = await academy.http.post('/api/auth/login').send({ email: 'a@b.example', password: JSON.parse('['.repeat(31) + ']'.repeat(31)) });
      expect(ok.status).toBe(400);
      expect(ok.body.message).toMatch(/password/);
    });

    it('refuses NUL characters in a body field, a query, a route parameter and a form field, naming it', async () => {
      const cases = [
        [academy.http.post('/api/auth/login').send({ email: 'admin@tirana.example', password: 'x\u0000y' }), 'password'],
        [academy.http.post('/api/users').set(bearer(admin)).send({ email: 'n@tirana.example', name: 'N\u0000', role: 'learner' }), 'name'],
        [
          academy.http.post('/api/rule-sets').set(bearer(admin)).send({ format: 'academy.rule-set/1', awards: [{ kind: 'completion', when: { requiredModules: ['DHR\u0000'] } }] }),
          'awards[0].when.requiredModules[0]',
        ],
        [academy.http.get('/api/users?role=learner%00').set(bearer(admin)), 'role'],
        [academy.http.get('/api/certificates/verify/AAAA%00BBBB'), 'code'],
        [
          academy.http.post(`/api/programmes/${programmeId}/submissions`).set(bearer(learner)).field('text', 'my\u0000work').attach('file', Buffer.from('%PDF-1.4\n'), 'a.pdf'),
          'text',
        ],
      ] as const;
      for (const [call, field] of cases) {
        const res = await call;
        expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: `${field}: must not contain NUL characters` });
      }
    });

    it('refuses a CSV upload holding NUL characters with 400 naming the file', async () => {
      const csv = 'email,name,department,module,session,status,minutes\nnul@tirana.example,Nu\u0000l,Finance,DHR-INTRO,2023-01-17,present,\n';
      for (const res of [
        await academy.importCsv(programmeId, csv),
        await academy.http.post(`/api/programmes/${programmeId}/attendance/import`).set(bearer(admin)).attach('file', Buffer.from(csv), 'a.csv'),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/^file: .*NUL/);
      }
    });

    it('refuses numbers out of range with 400 naming the field', async () => {
      for (const [query, field] of [['page=1e20', 'page'], ['page=-3', 'page'], ['perPage=1e400', 'perPage'], ['page=99999999999999999999999', 'page']]) {
        const res = await academy.http.get(`/api/programmes?${query}`).set(bearer(admin));
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(new RegExp(`^${field} `));
      }
      const minutes = await academy.http.put(`/api/sessions/${programmeId}/attendance/${programmeId}`).set(bearer(admin)).send({ status: 'present', minutes: 1e20 });
      expect(minutes.status).toBe(400);
      expect(minutes.body.message).toMatch(/^minutes /);
    });

    it('refuses a body that is not valid UTF-8', async () => {
      const json = Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('@x.example","password":"p"}')]);
      const form = Buffer.concat([Buffer.from('email='), Buffer.from([0xff, 0xfe]), Buffer.from('&password=p')]);
      const port = await listening(academy.api);
      for (const [type, body] of [['application/json', json], ['application/x-www-form-urlencoded', form]] as const) {
        // Sent byte for byte (supertest would re-encode a Buffer as JSON).
        const res = await clientAt('127.0.0.1', port)('POST', '/api/auth/login', body, { 'content-type': type });
        expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: 'body: is not valid UTF-8' });
      }
    });
  });

  it('keeps the mail outbox to the academy: folder 0700, messages 0600', async () => {
    const res = await academy.http.post('/api/users').set(bearer(admin)).send({ email: 'invited@tirana.example', name: 'Invited', role: 'learner' });
    expect(res.status).toBe(201);
    const outbox = path.join(academy.config.dataDir, 'outbox');
    const deadline = Date.now() + 20_000;
    let files: string[] = [];
    while (Date.now() < deadline) {
      files = (await readdir(outbox).catch(() => [])).filter((f) => f.endsWith('.eml') && f.includes('invited'));
      if (files.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(files).toHaveLength(1);
    expect(statSync(outbox).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(outbox, files[0])).mode & 0o777).toBe(0o600);
  });
});

import { randomUUID } from 'node:crypto';
import { bearer, DUBLIN_ADMIN, TestAcademy } from './support/academy.js';

/**
 * Every mistake a caller can make gets the right 4xx and a message naming the problem;
 * nothing answers 500, and the good rows of a mixed import are kept.
 */
describe('bad input', () => {
  let academy: TestAcademy;
  let admin: string;
  let learner: string;
  let otherCityAdmin: string;
  let programmeId: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('badinput');
    admin = await academy.login();
    programmeId = (await academy.tirana()).id;
    await academy.createUser({ email: 'learner@tirana.example', name: 'Learner', role: 'learner' });
    learner = await academy.login('learner@tirana.example', 'a-long-password');
    // Dublin's administrator is seeded.
    otherCityAdmin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
  });
  afterAll(() => academy.stop());

  it('keeps the good rows of a mixed CSV and reports each bad one by line', async () => {
    const csv = [
      'email,name,department,module,session,status,minutes',
      'good.one@tirana.example,Good One,Finance,DHR-INTRO,2023-01-17,present,90', // 2
      'not-an-email,Bad Email,Finance,DHR-INTRO,2023-01-17,present,90', // 3
      'x@tirana.example,Unknown Module,Finance,DHR-UNKNOWN,2023-01-17,present,90', // 4
      'y@tirana.example,Unknown Status,Finance,DHR-INTRO,2023-01-17,here,90', // 5
      'z@tirana.example,Impossible Date,Finance,DHR-INTRO,2023-02-30,present,90', // 6
      'w@tirana.example,Negative,Finance,DHR-INTRO,2023-01-17,present,-5', // 7
      'good.two@tirana.example,Good Two,Finance,DHR-PRIVACY,2023-01-24,late,', // 8
      'admin@dublin.example,Other City,Finance,DHR-INTRO,2023-01-17,present,', // 9
      'v@tirana.example,Short Row,Finance', // 10
    ].join('\n');
    const res = await academy.importCsv(programmeId, csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 9, created: 2, updated: 0, unchanged: 0 });
    const byLine = Object.fromEntries(res.body.errors.map((e: any) => [e.line, e.message]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 7, 9, 10]);
    expect(byLine[3]).toMatch(/^email: /);
    expect(byLine[4]).toMatch(/^module: "DHR-UNKNOWN"/);
    expect(byLine[5]).toMatch(/^status: "here"/);
    expect(byLine[6]).toMatch(/^session: "2023-02-30" is not a real date/);
    expect(byLine[7]).toMatch(/^minutes: "-5"/);
    expect(byLine[9]).toMatch(/another city/);
    expect(byLine[10]).toMatch(/fields/);
    const people = await academy.db.query(`SELECT email FROM users WHERE email LIKE 'good.%' ORDER BY email`);
    expect(people.map((p: any) => p.email)).toEqual(['good.one@tirana.example', 'good.two@tirana.example']);
  });

  const id = () => randomUUID();
  type Case = [string, () => Promise<{ status: number; body: any }>, number, RegExp];
  const cases: Case[] = [
    ['missing token', () => academy.http.get('/api/programmes'), 401, /bearer token is required/],
    ['forged token', () => academy.http.get('/api/programmes').set(bearer(forge())), 401, /invalid or expired/],
    ['wrong password', () => academy.http.post('/api/auth/login').send({ email: 'admin@tirana.example', password: 'nope' }), 401, /not correct/],
    ['login without password', () => academy.http.post('/api/auth/login').send({ email: 'admin@tirana.example' }), 400, /password/],
    ['login with a number as e-mail', () => academy.http.post('/api/auth/login').send({ email: 42, password: 'x' }), 400, /email must be an email/],
    ['learner on an admin route', () => academy.http.post('/api/programmes').set(bearer(learner)).send({}), 403, /for admin users/],
    ['learner reading statistics', () => academy.http.get(`/api/programmes/${programmeId}/stats`).set(bearer(learner)), 403, /admin/],
    ['admin of another city reads a programme', () => academy.http.get(`/api/programmes/${programmeId}`).set(bearer(otherCityAdmin)), 404, /not found/],
    ['admin of another city closes a programme', () => academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(otherCityAdmin)), 404, /not found/],
    ['admin of another city imports', () => academy.importCsv(programmeId, 'email,module,session,status\n', otherCityAdmin), 404, /not found/],
    ['malformed id', () => academy.http.get('/api/programmes/not-a-uuid').set(bearer(admin)), 400, /id: must be a UUID/],
    ['unknown id', () => academy.http.get(`/api/programmes/${id()}`).set(bearer(admin)), 404, /programme .* not found/],
    ['unknown certificate code', () => academy.http.get('/api/certificates/verify/AAAA-BBBB-CCCC'), 404, /no certificate/],
    ['malformed certificate code', () => academy.http.get('/api/certificates/verify/%27%3B--'), 404, /no certificate/],
    ['programme with missing fields', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'X-1' }), 400, /title must be a string.*moduleCodes/],
    ['programme with wrong JSON types', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'X-2', title: 7, moduleCodes: 'DHR-INTRO', ruleSet: 'tirana-2023' }), 400, /title must be a string.*moduleCodes must be an array/],
    ['programme with an unknown rule set', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'X-3', title: 'T', moduleCodes: ['DHR-INTRO'], ruleSet: 'paris-2030' }), 400, /ruleSet: "paris-2030" is not a known rule set/],
    ['programme with an unknown module', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'X-4', title: 'T', moduleCodes: ['DHR-NOPE'], ruleSet: 'tirana-2023' }), 400, /moduleCodes: unknown module DHR-NOPE/],
    ['programme with an unknown field', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'X-5', title: 'T', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023', hack: true }), 400, /property hack should not exist/],
    ['programme with an impossible period date', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'X-6', title: 'T', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023', periodStart: '2023-02-30' }), 400, /periodStart/],
    ['programme with an unknown time zone', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'X-7', title: 'T', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023', timezone: 'Mars/Olympus' }), 400, /timezone: "Mars\/Olympus"/],
    ['duplicate programme code', () => academy.http.post('/api/programmes').set(bearer(admin)).send({ code: 'TIRANA-2023', title: 'T', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023' }), 409, /code: a programme TIRANA-2023 already exists/],
    ['duplicate user e-mail', () => academy.http.post('/api/users').set(bearer(admin)).send({ email: 'learner@tirana.example', name: 'L', role: 'learner' }), 409, /already registered/],
    ['user with an unknown role', () => academy.http.post('/api/users').set(bearer(admin)).send({ email: 'r@tirana.example', name: 'R', role: 'king' }), 400, /role must be one of/],
    ['attendance with an unknown status', () => academy.http.put(`/api/sessions/${id()}/attendance/${id()}`).set(bearer(admin)).send({ status: 'sleeping' }), 400, /status must be one of/],
    ['attendance with negative minutes', () => academy.http.put(`/api/sessions/${id()}/attendance/${id()}`).set(bearer(admin)).send({ status: 'present', minutes: -3 }), 400, /minutes must not be less than 0/],
    ['attendance for an unknown session', () => academy.http.put(`/api/sessions/${id()}/attendance/${id()}`).set(bearer(admin)).send({ status: 'present' }), 404, /session .* not found/],
    ['import with no body', () => academy.http.post(`/api/programmes/${programmeId}/attendance/import`).set(bearer(admin)), 400, /file: send the CSV/],
    ['import without required columns', () => academy.importCsv(programmeId, 'email,name\na@b.example,A\n'), 400, /file: .*module/],
    ['import of an empty file', () => academy.importCsv(programmeId, ' '), 400, /file: /],
    ['session ending before it starts', () => academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin)).send({ moduleCode: 'DHR-INTRO', startsAt: '2023-01-17T10:00:00Z', endsAt: '2023-01-17T09:00:00Z' }), 400, /endsAt: must be after startsAt/],
    ['session of a module outside the programme', () => academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin)).send({ moduleCode: 'DHR-TOT', startsAt: '2023-01-17T10:00:00Z' }), 400, /moduleCode: DHR-TOT is not a module of this programme/],
    ['malformed JSON', () => academy.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":'), 400, /JSON|Unexpected|Expected/],
    ['pagination out of range', () => academy.http.get('/api/programmes?perPage=5000').set(bearer(admin)), 400, /perPage must not be greater than 1000/],
  ];

  it.each(cases)('%s', async (_name, call, status, message) => {
    const res = await call();
    expect({ status: res.status, message: res.body.message }).toEqual({ status, message: expect.stringMatching(message) });
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('refuses an import larger than the documented limit with 413, body or multipart', async () => {
    const small = await TestAcademy.start('toolarge', { IMPORT_MAX_BYTES: '2048' });
    try {
      const token = await small.login();
      const pid = (await small.tirana()).id;
      const big = 'email,module,session,status\n' + 'a@tirana.example,DHR-INTRO,2023-01-17,present\n'.repeat(100);
      const body = await small.importCsv(pid, big);
      expect(body.status).toBe(413);
      expect(body.body.message).toMatch(/larger than the limit of 2048 bytes/);
      const multipart = await small.http
        .post(`/api/programmes/${pid}/attendance/import`)
        .set(bearer(token))
        .attach('file', Buffer.from(big), 'attendance.csv');
      expect(multipart.status).toBe(413);
    } finally {
      await small.stop();
    }
  });
});

function forge(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: randomUUID(), city: randomUUID(), role: 'admin' })}.c2lnbmF0dXJl`;
}

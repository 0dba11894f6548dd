import request from 'supertest';
import { bearer, TestAcademy } from './support/academy.js';
import { tokenIn, waitForMails } from './support/outbox.js';

/** The token of the first form on a page. */
const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];
const cookies = (res: { headers: Record<string, unknown> }): string[] => (res.headers['set-cookie'] as string[] | undefined) ?? [];

/** Pages over HTTP: cookie sessions mapped to the API's guard, CSRF, localised errors. */
describe('pages: sessions, CSRF and errors', () => {
  let academy: TestAcademy;

  beforeAll(async () => {
    // The tests speak to it as a proxy on loopback would (X-Forwarded-Proto), so that proxy is trusted.
    academy = await TestAcademy.start('pages', { TRUST_PROXY: 'loopback' });
    await academy.createUser({ email: 'learner@tirana.example', name: 'Drita Learner', role: 'learner', language: 'sq' });
  });
  afterAll(() => academy.stop());

  const agent = () => request.agent(academy.api.getHttpServer());

  async function signedIn(email = 'learner@tirana.example', password = 'a-long-password') {
    const browser = agent();
    const form = await browser.get('/sign-in');
    const res = await browser.post('/sign-in').type('form').send({ _csrf: csrfOf(form.text), email, password, next: '/' });
    expect(res.status).toBe(303);
    return { browser, res };
  }

  it('/ sends a stranger to the sign-in page, in the language the browser asks for', async () => {
    const home = await agent().get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/sign-in');
    const page = await agent().get('/sign-in').set('Accept-Language', 'sq-AL,sq;q=0.9,en;q=0.5');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="sq">');
    expect(page.text).toContain('Adresa e-mail');
    expect((await agent().get('/learning')).headers.location).toBe('/sign-in?next=%2Flearning');
  });

  it('a form posted without its CSRF token is refused with a 403 page', async () => {
    const res = await agent().post('/sign-in').type('form').send({ email: 'learner@tirana.example', password: 'a-long-password' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('The form has expired');
    expect(cookies(res).some((c: string) => c.startsWith('academy.session='))).toBeFalsy();
  });

  it('a wrong password shows the error summary linking the field; the right one sets an httpOnly, Lax session', async () => {
    const browser = agent();
    const form = await browser.get('/sign-in');
    const wrong = await browser.post('/sign-in').type('form').send({ _csrf: csrfOf(form.text), email: 'learner@tirana.example', password: 'nope' });
    // A refused sign-in answers 401 (so the login limits count it), with the form again.
    expect(wrong.status).toBe(401);
    expect(wrong.text).toMatch(/<a href="#field-email">The e-mail address or the password is not correct<\/a>/);
    expect(wrong.text).toContain('aria-invalid="true"');
    expect(wrong.text).toContain('value="learner@tirana.example"');
    const empty = await browser.post('/sign-in').type('form').send({ _csrf: csrfOf(form.text), email: '', password: '' });
    expect(empty.text).toContain('href="#field-email">Enter your e-mail address');
    expect(empty.text).toContain('href="#field-password">Enter your password');

    const { browser: signed, res } = await signedIn();
    const cookie = cookies(res).find((c: string) => c.startsWith('academy.session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await signed.get('/')).headers.location).toBe('/learning');
    // The learner's saved language (sq) is the default.
    const learning = await signed.get('/learning');
    expect(learning.status).toBe(200);
    expect(learning.text).toContain('<html lang="sq">');
    expect(learning.text).toContain('Mësimi im');
    // The cookie is for pages only: the API never reads it.
    expect((await signed.get('/api/me')).status).toBe(401);
  });

  it('behind an https proxy the session cookie is Secure', async () => {
    // Secure cookies are not sent back over plain http by the test client: carry them by hand.
    const form = await agent().get('/sign-in').set('X-Forwarded-Proto', 'https');
    const csrfCookie = cookies(form).find((c: string) => c.startsWith('academy.csrf='))!;
    expect(csrfCookie).toMatch(/Secure/);
    const res = await agent()
      .post('/sign-in').set('X-Forwarded-Proto', 'https').set('Cookie', csrfCookie.split(';')[0]).type('form')
      .send({ _csrf: csrfOf(form.text), email: 'learner@tirana.example', password: 'a-long-password' });
    expect(res.status).toBe(303);
    expect(cookies(res).find((c: string) => c.startsWith('academy.session='))).toMatch(/Secure/);
  });

  it('403, 404 and the API keep their answers: a page for pages, JSON for the API', async () => {
    const { browser } = await signedIn();
    const admin = await browser.get('/admin');
    expect(admin.status).toBe(403);
    expect(admin.text).toContain('Kjo faqe nuk është për rolin tuaj');
    const missing = await browser.get('/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Faqja nuk u gjet');
    const api = await browser.get('/api/no-such-route');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ statusCode: 404 });
    const unknown = await agent().get('/verify/AAAA-BBBB-CCCC');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('No certificate has this code');
    const pdf = await browser.get('/certificates/not-a-uuid/pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.text).toContain('<html lang="sq">');
  });

  it('the language switcher is remembered in a cookie and comes back to the page', async () => {
    const { browser } = await signedIn();
    const page = await browser.get('/learning');
    const switched = await browser.post('/language').type('form').send({ _csrf: csrfOf(page.text), lang: 'en', next: '/learning' });
    expect(switched.status).toBe(303);
    expect(switched.headers.location).toBe('/learning');
    expect((await browser.get('/learning')).text).toContain('<html lang="en">');
    const away = await browser.post('/language').type('form').send({ _csrf: csrfOf(page.text), lang: 'sq', next: '//evil.example' });
    expect(away.headers.location).toBe('/');
  });

  it('without JavaScript the invitation code is pasted into the form; a wrong one names the field', async () => {
    await academy.createUser({ email: 'newcomer@tirana.example', name: 'Newcomer', role: 'learner', password: undefined });
    const [mail] = await waitForMails(academy.db, academy.config.dataDir, 'newcomer@tirana.example', /invitation#token=/);
    const token = tokenIn(mail!, 'invitation');
    const browser = agent();
    const form = await browser.get('/invitation');
    expect(form.text).toContain('id="field-token"');
    expect(form.text).toMatch(/<script src="\/static\/invitation.js" defer nonce="[^"]+"><\/script>/);
    const wrong = await browser.post('/invitation').type('form')
      .send({ _csrf: csrfOf(form.text), token: 'x'.repeat(30), password: 'a-new-password', confirm: 'a-new-password' });
    expect(wrong.text).toContain('<a href="#field-token">This invitation is unknown');
    const ok = await browser.post('/invitation').type('form')
      .send({ _csrf: csrfOf(form.text), token, password: 'a-new-password', confirm: 'a-new-password' });
    expect(ok.status).toBe(303);
    expect((await browser.get('/')).headers.location).toBe('/learning');
  });

  it('the sign-in page shares the login limits: the eleventh failed attempt for one account waits', async () => {
    const browser = agent();
    const form = await browser.get('/sign-in');
    const attempt = () => browser.post('/sign-in').type('form').send({ _csrf: csrfOf(form.text), email: 'guess@tirana.example', password: 'guess' });
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(303);
    expect(limited.headers.location).toBe('/sign-in?limited=1');
    expect((await browser.get('/sign-in?limited=1')).text).toContain('Too many attempts');
  });

  it('My learning lists the sessions to come in the city\'s time, with the zone, the place and the link', async () => {
    const admin = await academy.login();
    const programmeId = (await academy.tirana()).id;
    const [learner] = await academy.db.query(`SELECT id FROM users WHERE email = 'learner@tirana.example'`);
    await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: learner.id }).expect(201);
    const year = new Date().getUTCFullYear() + 1;
    const created = await academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin)).send({
      moduleCode: 'DHR-PRIVACY', startsAt: `${year}-07-01T10:00:00`, endsAt: `${year}-07-01T11:30:00`, mode: 'hybrid',
      place: 'City Hall, room 204', link: 'https://meet.example/privacy',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ place: 'City Hall, room 204', link: 'https://meet.example/privacy' });
    const badLink = await academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin))
      .send({ moduleCode: 'DHR-PRIVACY', startsAt: `${year}-07-02T10:00:00`, link: 'javascript:alert(1)' });
    expect(badLink.status).toBe(400);
    expect(badLink.body.message).toMatch(/link/);

    const { browser } = await signedIn();
    const page = await browser.get('/learning').set('Cookie', 'academy.lang=en');
    expect(page.text).toContain(`<time datetime="${year}-07-01T08:00:00.000Z">1 July ${year} at 10:00 CEST (Europe/Tirane)</time>`);
    expect(page.text).toContain('City Hall, room 204');
    expect(page.text).toContain('<a href="https://meet.example/privacy">Join online');
    expect(page.text).toContain('In person and online');
  });

  it('signing out forgets the session; the form needs its token', async () => {
    const { browser } = await signedIn();
    const page = await browser.get('/learning');
    expect((await browser.post('/sign-out').type('form').send({})).status).toBe(403);
    const out = await browser.post('/sign-out').type('form').send({ _csrf: csrfOf(page.text) });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    expect((await browser.get('/learning')).status).toBe(303);
  });
});

describe('pages: the public verification page', () => {
  let academy: TestAcademy;

  beforeAll(async () => {
    academy = await TestAcademy.start('verify-page');
  });
  afterAll(() => academy.stop());

  it('names the city, the kind in words and the code; a superseded certificate links to the current one', async () => {
    const admin = await academy.login();
    const programmeId = (await academy.tirana()).id;
    const csv = [
      'email,name,department,module,session,status,minutes',
      'besa@tirana.example,Besa Hoxha,Finance,DHR-INTRO,2023-01-17,present,',
      'besa@tirana.example,Besa Hoxha,Finance,DHR-PRIVACY,2023-01-24,present,',
      'besa@tirana.example,Besa Hoxha,Finance,DHR-INCLUSION,2023-02-14,absent,',
    ].join('\n');
    expect((await academy.importCsv(programmeId, csv)).status).toBe(200);
    await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(programmeId);
    const [besa] = await academy.db.query(`SELECT id FROM users WHERE email = 'besa@tirana.example'`);
    const [first] = await academy.db.query(`SELECT code, kind FROM certificates WHERE user_id = $1`, [besa.id]);
    expect(first.kind).toBe('attendance');

    const sessions = await academy.http.get(`/api/programmes/${programmeId}/sessions`).set(bearer(admin));
    const inclusion = sessions.body.find((s: any) => s.moduleCode === 'DHR-INCLUSION');
    await academy.http
      .put(`/api/sessions/${inclusion.id}/attendance/${besa.id}`).set(bearer(admin))
      .send({ status: 'present', minutes: 80, reason: 'Attended the make-up session' }).expect(200);
    await academy.waitForEvaluation(programmeId);
    const [current] = await academy.db.query(`SELECT code FROM certificates WHERE user_id = $1 AND status = 'valid'`, [besa.id]);

    const old = await request(academy.api.getHttpServer()).get(`/verify/${first.code}`).set('Accept-Language', 'sq');
    expect(old.status).toBe(200);
    expect(old.text).toContain('<html lang="sq">');
    expect(old.text).toContain('Kjo certifikatë u zëvendësua nga një më e re');
    expect(old.text).toContain('Certifikatë pjesëmarrjeje');
    expect(old.text).toContain(`<code>${first.code}</code>`);
    expect(old.text).toContain(`<a href="/verify/${current.code}">`);
    expect(old.text).toMatch(/Tiran/);

    const now = await request(academy.api.getHttpServer()).get(`/verify/${current.code.toLowerCase()}`);
    expect(now.text).toContain('Valid certificate');
    expect(now.text).toContain('Certificate of completion');
    expect(now.text).not.toContain('replaces it');
  });
});

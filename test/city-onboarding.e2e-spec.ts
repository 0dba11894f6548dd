import { bearer, DUBLIN_ADMIN, PLATFORM, TestAcademy } from './support/academy.js';
import { binary, invitationToken, mailTo } from './support/city.js';
import { pdfText } from './support/pdf.js';

/**
 * The coalition onboards a city through HTTP: the platform role creates it and appoints its
 * administrator, who accepts the mailed invitation and runs a programme to its certificates,
 * which carry the new city's issuer. Platform sees aggregates, never a learner.
 */
describe('onboarding a city', () => {
  let academy: TestAcademy;
  let platform: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('city-onboarding');
    platform = await academy.login(PLATFORM.email, PLATFORM.password);
  });
  afterAll(() => academy.stop());

  it('seeds the platform account and a Dublin administrator who reaches DUBLIN-2023', async () => {
    const dublin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    const programmes = await academy.http.get('/api/programmes').set(bearer(dublin));
    expect(programmes.body.map((p: { code: string }) => p.code)).toEqual(['DUBLIN-2023']);
    const me = await academy.http.get('/api/me').set(bearer(platform));
    expect(me.status).toBe(200);
    const cities = await academy.http.get('/api/cities').set(bearer(platform));
    expect(cities.status).toBe(200);
    // The coalition's own row is not a city.
    expect(cities.body.map((c: { code: string }) => c.code)).toEqual(['DUBLIN', 'TIRANA']);
  });

  it('refuses the cities API to everyone but the platform role', async () => {
    const tirana = await academy.login();
    const dublin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    expect((await academy.http.get('/api/cities')).status).toBe(401);
    for (const token of [tirana, dublin]) {
      expect((await academy.http.get('/api/cities').set(bearer(token))).status).toBe(403);
      expect((await academy.http.post('/api/cities').set(bearer(token)).send({})).status).toBe(403);
    }
    // Nor can a city give anyone the platform role.
    const res = await academy.http.post('/api/users').set(bearer(tirana))
      .send({ email: 'sneaky@tirana.example', name: 'Sneaky', role: 'platform', password: 'a-long-password' });
    expect(res.status).toBe(400);
  });

  it('validates a new city field by field', async () => {
    const bad = await academy.http.post('/api/cities').set(bearer(platform))
      .send({ code: 'GHENT', name: 'Ghent', issuers: { nl: 'Stad Gent' }, defaultLanguage: 'nl', timezone: 'Europe/Atlantis' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('timezone: "Europe/Atlantis" is not an IANA time zone');
    const noDefault = await academy.http.post('/api/cities').set(bearer(platform))
      .send({ code: 'GHENT', name: 'Ghent', issuers: { en: 'City of Ghent' }, defaultLanguage: 'nl', timezone: 'Europe/Brussels' });
    expect(noDefault.status).toBe(400);
    expect(noDefault.body.message).toMatch(/^issuers: must have the issuer's name in the default language "nl"/);
    const taken = await academy.http.post('/api/cities').set(bearer(platform))
      .send({ code: 'TIRANA', name: 'Tirana', issuers: { en: 'x' }, defaultLanguage: 'en', timezone: 'UTC' });
    expect(taken.status).toBe(409);
  });

  it('onboards Vienna and its administrator, whose programme ends in certificates issued by Vienna', async () => {
    const created = await academy.http.post('/api/cities').set(bearer(platform)).send({
      code: 'VIENNA', name: 'Vienna', issuers: { de: 'Stadt Wien', en: 'City of Vienna' }, defaultLanguage: 'de',
      timezone: 'Europe/Vienna',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'VIENNA', issuers: { de: 'Stadt Wien', en: 'City of Vienna' }, defaultLanguage: 'de', timezone: 'Europe/Vienna',
      programmes: 0, people: { learners: 0, trainers: 0, administrators: 0 },
    });
    const vienna = created.body.id;

    const appointed = await academy.http.post(`/api/cities/${vienna}/administrators`).set(bearer(platform))
      .send({ email: 'Eva.Gruber@Vienna.example', name: 'Eva Gruber', language: 'de' });
    expect(appointed.status).toBe(201);
    expect(appointed.body).toMatchObject({ email: 'eva.gruber@vienna.example', name: 'Eva Gruber', invited: true });

    const mail = await mailTo(academy, 'eva.gruber@vienna.example');
    expect(mail.replace(/=\r?\n/g, '').replace(/=3D/gi, '=')).toContain('http://academy.test/invitation#token=');
    const accepted = await academy.http.post('/api/auth/accept-invitation')
      .send({ token: invitationToken(mail), password: 'eva-chooses-this-one' });
    expect(accepted.status).toBe(200);
    const eva = accepted.body.accessToken;

    const programme = await academy.http.post('/api/programmes').set(bearer(eva)).send({
      code: 'VIENNA-2024', title: 'Digitale Menschenrechte', titles: { de: 'Digitale Menschenrechte', en: 'Digital human rights' },
      moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'], ruleSet: 'tirana-2023',
      languages: ['en'], timezone: 'Europe/Vienna',
    });
    expect(programme.status).toBe(201);
    const pid = programme.body.id;
    const csv = ['email,name,department,module,session,status,minutes',
      'lena.huber@vienna.example,Lena Huber,Stadtplanung,DHR-INTRO,2024-03-05,present,90',
      'lena.huber@vienna.example,Lena Huber,Stadtplanung,DHR-PRIVACY,2024-03-12,present,90',
      'lena.huber@vienna.example,Lena Huber,Stadtplanung,DHR-INCLUSION,2024-03-19,present,90',
      'jonas.bauer@vienna.example,Jonas Bauer,Finanzen,DHR-INTRO,2024-03-05,present,90',
      'jonas.bauer@vienna.example,Jonas Bauer,Finanzen,DHR-PRIVACY,2024-03-12,late,80'].join('\n');
    const imported = await academy.importCsv(pid, csv, eva);
    expect(imported.status).toBe(200);
    expect(imported.body.errors).toEqual([]);
    await academy.http.post(`/api/programmes/${pid}/close`).set(bearer(eva)).expect(202);
    await academy.waitForEvaluation(pid, eva);

    const certificates = (await academy.http.get(`/api/programmes/${pid}/certificates`).set(bearer(eva))).body;
    expect(certificates.map((c: { kind: string }) => c.kind).sort()).toEqual(['attendance', 'completion']);
    for (const c of certificates) {
      const pdf = await academy.http.get(`/api/certificates/${c.id}/pdf`).set(bearer(eva)).buffer(true).parse(binary);
      expect(pdf.status).toBe(200);
      const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
      expect(text).toContain('City of Vienna');
      expect(text).not.toMatch(/Tirana|Dublin/);
    }

    // The onboarding is audited under Vienna.
    const audit = await academy.db.query(
      `SELECT action FROM audit_events WHERE city_id = $1 AND action IN ('city.created', 'administrator.appointed') ORDER BY id`, [vienna],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['city.created', 'administrator.appointed']);

    // Platform sees Vienna's programmes and figures, and no learner.
    const city = (await academy.http.get(`/api/cities/${vienna}`).set(bearer(platform))).body;
    expect(city).toMatchObject({ programmes: 1, people: { learners: 2, administrators: 1 } });
    const list = await academy.http.get(`/api/cities/${vienna}/programmes`).set(bearer(platform));
    expect(list.body.map((p: { code: string }) => p.code)).toEqual(['VIENNA-2024']);
    const stats = await academy.http.get(`/api/cities/${vienna}/programmes/${pid}/stats`).set(bearer(platform));
    expect(stats.status).toBe(200);
    // Figures for the platform are suppressed below 5 people: Vienna's two learners show as hidden cells.
    expect(stats.body.suppression.audience).toBe('platform');
    expect(stats.body.scope.programmes.map((p: { code: string }) => p.code)).toEqual(['VIENNA-2024']);
    const people = ['enrolled', 'attendees', 'completed'].map((k) => stats.body.headline[k]);
    expect(people.filter((v) => v !== null && v > 0 && v < 5)).toEqual([]);
    const everything = JSON.stringify([city, list.body, stats.body]);
    expect(everything).not.toMatch(/lena|jonas|huber|bauer|@vienna/i);
    // Another city's programme is not found under Vienna.
    const tirana = await academy.tirana();
    expect((await academy.http.get(`/api/cities/${vienna}/programmes/${tirana.id}/stats`).set(bearer(platform))).status).toBe(404);
  });

  it('removes an administrator (audited): the account stays as a learner and loses the administrator routes', async () => {
    const vienna = (await academy.http.get('/api/cities').set(bearer(platform))).body.find((c: { code: string }) => c.code === 'VIENNA');
    const [eva] = (await academy.http.get(`/api/cities/${vienna.id}/administrators`).set(bearer(platform))).body;
    const dublin = (await academy.http.get('/api/cities').set(bearer(platform))).body.find((c: { code: string }) => c.code === 'DUBLIN');
    const before = await academy.http.post('/api/auth/login').send({ email: 'eva.gruber@vienna.example', password: 'eva-chooses-this-one' });
    expect((await academy.http.get('/api/programmes').set(bearer(before.body.accessToken))).status).toBe(200);
    // Not an administrator of Dublin: 404, like an unknown id.
    expect((await academy.http.delete(`/api/cities/${dublin.id}/administrators/${eva.id}`).set(bearer(platform))).status).toBe(404);
    expect((await academy.http.delete(`/api/cities/${vienna.id}/administrators/${eva.id}`).set(bearer(platform))).status).toBe(204);
    expect((await academy.http.get(`/api/cities/${vienna.id}/administrators`).set(bearer(platform))).body).toEqual([]);
    // The token from before the removal ends at once.
    expect((await academy.http.get('/api/programmes').set(bearer(before.body.accessToken))).status).toBe(401);
    const login = await academy.http.post('/api/auth/login').send({ email: 'eva.gruber@vienna.example', password: 'eva-chooses-this-one' });
    expect((await academy.http.get('/api/programmes').set(bearer(login.body.accessToken))).status).toBe(403);
    const [entry] = await academy.db.query(`SELECT city_id, before, after FROM audit_events WHERE action = 'administrator.removed'`);
    expect(entry).toMatchObject({ city_id: vienna.id, before: { role: 'admin' }, after: { role: 'learner' } });
  });
});

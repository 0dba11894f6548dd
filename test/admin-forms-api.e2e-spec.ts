/**
 * The two services the admin forms brought to the API: adding catalogue modules to a
 * programme after it was created (POST /api/programmes/{id}/modules), and people from a CSV
 * (POST /api/users/import) — each line as POST /api/users, bad lines by number.
 */
import { bearer, TestAcademy } from './support/academy.js';
import { cityAdmin } from './support/city.js';
import { waitForMails } from './support/outbox.js';

describe('admin forms’ services through the API', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('adminformsapi');
    admin = await academy.login();
    const created = await academy.http.post('/api/programmes').set(bearer(admin))
      .send({ code: 'ADD-2024', title: 'Modules added later', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023', timezone: 'Europe/Tirane' });
    expect(created.status).toBe(201);
    programmeId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    await academy?.stop();
  });

  it('appends modules in the order given, leaves those it has, and audits what was added', async () => {
    const res = await academy.http.post(`/api/programmes/${programmeId}/modules`).set(bearer(admin))
      .send({ moduleCodes: ['dhr-privacy', 'DHR-INTRO', 'DHR-INCLUSION'] });
    expect(res.status).toBe(200);
    expect(res.body.modules.map((m: { code: string }) => m.code)).toEqual(['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION']);
    const again = await academy.http.post(`/api/programmes/${programmeId}/modules`).set(bearer(admin)).send({ moduleCodes: ['DHR-PRIVACY'] });
    expect(again.body.modules).toHaveLength(3);
    const audit = await academy.db.query(`SELECT after FROM audit_events WHERE entity_id = $1 AND action = 'programme.modules-added'`, [programmeId]);
    expect(audit.map((a: { after: unknown }) => a.after)).toEqual([{ moduleCodes: ['DHR-PRIVACY', 'DHR-INCLUSION'] }]);
    // A session of an added module can be scheduled at once.
    const session = await academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin))
      .send({ moduleCode: 'DHR-INCLUSION', startsAt: '2024-02-14T09:00:00' });
    expect(session.status).toBe(201);
  });

  it('refuses an empty list or an unknown module naming moduleCodes, another city’s programme with 404, a closed one with 409', async () => {
    const empty = await academy.http.post(`/api/programmes/${programmeId}/modules`).set(bearer(admin)).send({ moduleCodes: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/^moduleCodes/);
    const unknown = await academy.http.post(`/api/programmes/${programmeId}/modules`).set(bearer(admin)).send({ moduleCodes: ['DHR-NOPE'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('moduleCodes: unknown module DHR-NOPE');
    const dublin = await cityAdmin(academy, 'DUBLIN', 'coordinator@dublin.example');
    const other = await academy.http.post(`/api/programmes/${programmeId}/modules`).set(bearer(dublin)).send({ moduleCodes: ['DHR-TOT'] });
    expect(other.status).toBe(404);
    expect((await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin))).status).toBe(202);
    const closed = await academy.http.post(`/api/programmes/${programmeId}/modules`).set(bearer(admin)).send({ moduleCodes: ['DHR-TOT'] });
    expect(closed.status).toBe(409);
    expect(closed.body.message).toMatch(/closed/);
  });

  it('imports people: semicolons and Windows-1252 read, each created and invited, bad lines by number', async () => {
    // Excel's "CSV" on Windows: semicolons, Windows-1252 (Ë is 0xCB, Ç 0xC7).
    const csv = Buffer.from(
      'Email;Name;Role;Department\r\nendrra.cela@tirana.example;\xCBndrra \xC7ela;;Social Services\r\n' +
        'new.trainer@tirana.example;Teuta Trainer;trainer;\r\nwho@tirana.example;;;\r\nplat@tirana.example;Plat;platform;\r\n' +
        'admin@tirana.example;The admin again;;\r\n',
      'latin1',
    );
    const res = await academy.http.post('/api/users/import').set(bearer(admin)).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      rows: 5, created: 2, invited: 2,
      errors: [
        { line: 4, message: expect.stringMatching(/^name/) },
        { line: 5, message: expect.stringMatching(/^role/) },
        { line: 6, message: 'email: admin@tirana.example is already registered' },
      ],
    });
    const users = (await academy.http.get('/api/users?role=trainer').set(bearer(admin))).body;
    expect(users.find((u: { email: string }) => u.email === 'new.trainer@tirana.example')).toMatchObject({ role: 'trainer', invited: true });
    const [endrra] = (await academy.db.query(`SELECT name FROM users WHERE email = 'endrra.cela@tirana.example'`));
    expect(endrra.name).toBe('Ëndrra Çela');
    await waitForMails(academy.db, academy.config.dataDir, 'endrra.cela@tirana.example', /\/invitation#token=/);
  });

  it('refuses a file without the email or name column, or no file, naming file; a trainer gets 403', async () => {
    const noName = await academy.http.post('/api/users/import').set(bearer(admin)).set('Content-Type', 'text/csv').send('email\nx@tirana.example\n');
    expect(noName.status).toBe(400);
    expect(noName.body.message).toMatch(/^file: .*name/);
    const none = await academy.http.post('/api/users/import').set(bearer(admin)).set('Content-Type', 'text/csv').send('');
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/^file/);
    await academy.createUser({ email: 'plain.trainer@tirana.example', name: 'Plain Trainer', role: 'trainer' });
    const trainer = await academy.login('plain.trainer@tirana.example', 'a-long-password');
    const refused = await academy.http.post('/api/users/import').set(bearer(trainer)).set('Content-Type', 'text/csv').send('email,name\nz@tirana.example,Z\n');
    expect(refused.status).toBe(403);
  });
});

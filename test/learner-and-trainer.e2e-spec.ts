import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, TestAcademy } from './support/academy.js';
import { pdfText } from './support/pdf.js';
import { invitationToken } from './support/city.js';
import { waitForMails } from './support/outbox.js';

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The learner's and the trainer's side: invitation, progress, certificates, materials. */
describe('learners and trainers', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('learner');
    admin = await academy.login();
    programmeId = (await academy.tirana()).id;
  });
  afterAll(() => academy.stop());

  it('an imported learner is invited by mail, sets a password and sees their progress', async () => {
    const csv = [
      'email,name,department,module,session,status,minutes',
      'endrra.cela@tirana.example,Ëndrra Çela,Social Services,DHR-INTRO,2023-01-17,present,88',
      'endrra.cela@tirana.example,Ëndrra Çela,Social Services,DHR-PRIVACY,2023-01-24,late,70',
      'endrra.cela@tirana.example,Ëndrra Çela,Social Services,DHR-INCLUSION,2023-02-14,present,',
      'endrra.cela@tirana.example,Ëndrra Çela,Social Services,DHR-TRANSPARENCY,2023-03-07,excused,',
      'other@tirana.example,Other Person,Finance,DHR-INTRO,2023-01-17,present,',
      'other@tirana.example,Other Person,Finance,DHR-PRIVACY,2023-01-24,present,',
    ].join('\n');
    expect((await academy.importCsv(programmeId, csv)).status).toBe(200);

    // The invitation is delivered by the worker to DATA_DIR/outbox (no SMTP_URL in tests).
    const [mail] = await waitForMails(academy.db, academy.config.dataDir, 'endrra.cela@tirana.example', /invitation#token=/);
    expect(mail).toBeDefined();
    const token = invitationToken(mail!);
    const accepted = await academy.http.post('/api/auth/accept-invitation').send({ token, password: 'my-own-password' });
    expect(accepted.status).toBe(200);
    const reused = await academy.http.post('/api/auth/accept-invitation').send({ token, password: 'my-own-password' });
    expect(reused.status).toBe(400);

    const learner = await academy.login('endrra.cela@tirana.example', 'my-own-password');
    const mine = await academy.http.get('/api/me/programmes').set(bearer(learner));
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0].modulesAttended).toBe(3);
    expect(mine.body[0].modules.map((m: any) => [m.code, m.attended])).toEqual([
      ['DHR-INTRO', true],
      ['DHR-PRIVACY', true],
      ['DHR-INCLUSION', true],
      ['DHR-TRANSPARENCY', false],
    ]);
  });

  it('after closing, the learner downloads an Albanian certificate with ë and ç printed right', async () => {
    await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(programmeId);
    const learner = await academy.login('endrra.cela@tirana.example', 'my-own-password');
    const certs = await academy.http.get('/api/me/certificates').set(bearer(learner));
    expect(certs.body).toEqual([
      expect.objectContaining({ kind: 'completion', status: 'valid', verifyUrl: expect.stringMatching(/^http:\/\/academy\.test\/verify\//) }),
    ]);
    const pdf = await academy.http.get(`/api/certificates/${certs.body[0].id}/pdf`).set(bearer(learner)).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.body);
    expect(text).toContain('Ëndrra Çela');
    expect(text).toMatch(/Certifikatë/);

    const view = await academy.http.get(`/api/certificates/${certs.body[0].id}/html`).set(bearer(learner));
    expect(view.status).toBe(200);
    expect(view.headers['content-type']).toMatch(/text\/html/);
    expect(view.text).toContain('Ëndrra Çela');
    expect(view.text).toContain(certs.body[0].code);

    // Someone else cannot download it; the public verification page shows it without a login.
    const other = await academy.createUser({ email: 'nosy@tirana.example', name: 'Nosy', role: 'learner' });
    expect(other.id).toBeDefined();
    const nosy = await academy.login('nosy@tirana.example', 'a-long-password');
    expect((await academy.http.get(`/api/certificates/${certs.body[0].id}/pdf`).set(bearer(nosy))).status).toBe(404);
    const page = await academy.http.get(`/verify/${certs.body[0].code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Valid certificate');
    expect(page.text).toContain('Ëndrra Çela');
  });

  it('trainers see trainer material of the modules they deliver; learners get 403 for it', async () => {
    const trainer = await academy.createUser({ email: 'trainer@tirana.example', name: 'Trainer', role: 'trainer' });
    const session = await academy.http
      .post(`/api/programmes/${programmeId}/sessions`)
      .set(bearer(admin))
      .send({
        moduleCode: 'DHR-PRIVACY', startsAt: '2023-03-26T00:30:00Z', endsAt: '2023-03-26T02:30:00Z',
        timezone: 'Europe/Tirane', trainers: [{ userId: trainer.id, role: 'lead' }],
      });
    expect(session.status).toBe(201);
    // Across the spring DST change in Tirana: 01:30 CET, then 04:30 CEST.
    expect(session.body).toMatchObject({ localStart: '2023-03-26T01:30:00', localEnd: '2023-03-26T04:30:00' });

    const trainerToken = await academy.login('trainer@tirana.example', 'a-long-password');
    const materials = await academy.http.get('/api/me/materials').set(bearer(trainerToken));
    expect(materials.status).toBe(200);
    expect(materials.body.length).toBeGreaterThan(0);
    expect(materials.body.every((m: any) => m.audience === 'trainer' && m.moduleCode === 'DHR-PRIVACY')).toBe(true);

    const learner = await academy.login('endrra.cela@tirana.example', 'my-own-password');
    const forbidden = await academy.http.get(`/api/materials/${materials.body[0].id}`).set(bearer(learner));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toMatch(/trainers only/);
    const catalogue = await academy.http.get('/api/modules').set(bearer(learner));
    const all = catalogue.body.flatMap((m: any) => m.materials);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((m: any) => m.audience === 'learner')).toBe(true);
    expect((await academy.http.get('/api/me/materials').set(bearer(learner))).status).toBe(403);
  });

  it('accepts the sample attendance file as a multipart upload by a trainer', async () => {
    await academy.createUser({ email: 'uploader@tirana.example', name: 'Uploader', role: 'trainer' });
    const trainer = await academy.login('uploader@tirana.example', 'a-long-password');
    const file = readFileSync(path.join(import.meta.dirname, 'fixtures/attendance-import.csv'));
    const res = await academy.http
      .post(`/api/programmes/${programmeId}/attendance/import`)
      .set(bearer(trainer))
      .attach('file', file, 'attendance-import.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 4, errors: [] });
    expect(res.body.created + res.body.updated + res.body.unchanged).toBe(4);
  });

  it('serves health and OpenAPI docs without a token', async () => {
    const health = await academy.http.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
    const docs = await academy.http.get('/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/programmes/{id}/attendance/import', '/api/certificates/verify/{code}']),
    );
  });
});

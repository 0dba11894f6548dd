import { CertificateIssuer } from '@academy/certificates';
import { DEFAULT_JOB_OPTIONS, JobName } from '@academy/queue';
import { bearer, TestAcademy } from './support/academy.js';
import { MODULE_DATES } from './support/tirana-cohort.js';

const HEADER = 'email,name,department,module,session,status,minutes';
const row = (email: string, module: string, status = 'present') =>
  `${email},${email.split('@')[0]},Finance,${module},${MODULE_DATES[module]},${status},`;

describe('a job, an import or a close that runs twice issues nothing twice', () => {
  let academy: TestAcademy;
  let token: string;
  let programmeId: string;
  const csv = [
    HEADER,
    row('ana@tirana.example', 'DHR-INTRO'),
    row('ana@tirana.example', 'DHR-PRIVACY'),
    row('ana@tirana.example', 'DHR-INCLUSION'),
    row('besa@tirana.example', 'DHR-INTRO'),
    row('besa@tirana.example', 'DHR-PRIVACY', 'late'),
    row('besa@tirana.example', 'DHR-INCLUSION', 'absent'),
  ].join('\n');

  const validCertificates = () =>
    academy.db.query(
      `SELECT u.email, c.kind, c.status, c.code FROM certificates c JOIN users u ON u.id = c.user_id
        WHERE c.programme_id = $1 ORDER BY u.email, c.issued_at`,
      [programmeId],
    );

  beforeAll(async () => {
    academy = await TestAcademy.start('idempotency');
    token = await academy.login();
    programmeId = (await academy.tirana()).id;
  });
  afterAll(() => academy.stop());

  it('re-importing the same file changes nothing', async () => {
    const first = await academy.importCsv(programmeId, csv);
    expect(first.body).toMatchObject({ rows: 6, created: 6, updated: 0, unchanged: 0, learnersCreated: 2 });
    const again = await academy.importCsv(programmeId, csv);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ rows: 6, created: 0, updated: 0, unchanged: 6, learnersCreated: 0, sessionsCreated: 0, errors: [] });
    const [{ n }] = await academy.db.query(`SELECT count(*)::int AS n FROM attendance`);
    expect(n).toBe(6);
  });

  it('closing twice issues each certificate once', async () => {
    expect((await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(token))).status).toBe(202);
    await academy.waitForEvaluation(programmeId);
    const before = await validCertificates();
    expect(before.map((c: any) => [c.email, c.kind, c.status])).toEqual([
      ['ana@tirana.example', 'completion', 'valid'],
      ['besa@tirana.example', 'attendance', 'valid'],
    ]);
    expect((await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(token))).status).toBe(202);
    await academy.waitForEvaluation(programmeId);
    expect(await validCertificates()).toEqual(before);
  });

  it('a job re-run, or the same evaluation run by several workers at once, issues nothing new', async () => {
    const before = await validCertificates();
    const [ana] = await academy.db.query(`SELECT id FROM users WHERE email = 'ana@tirana.example'`);
    // The same evaluation enqueued again under another id, as a retry or a stray duplicate would be.
    await academy.certificatesQueue.add(
      JobName.EvaluateLearner,
      { programmeId, userId: ana.id, revision: 0, closeCount: 99 },
      { ...DEFAULT_JOB_OPTIONS, jobId: `manual-rerun-${Date.now()}` },
    );
    // And five concurrent evaluations straight through the issuer, like five workers racing.
    const issuer = academy.worker.get(CertificateIssuer);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => issuer.evaluate(programmeId, ana.id)));
    expect(outcomes.every((o) => o.outcome === 'decided' && o.issued.length === 0)).toBe(true);
    await academy.waitForEvaluation(programmeId);
    expect(await validCertificates()).toEqual(before);
  });

  it('the database itself refuses a second valid certificate for the same slot', async () => {
    const [c] = await academy.db.query(
      `SELECT * FROM certificates WHERE programme_id = $1 AND status = 'valid' LIMIT 1`,
      [programmeId],
    );
    await expect(
      academy.db.query(
        `INSERT INTO certificates (code, programme_id, user_id, decision_id, kind, scope, slot, language, holder_name,
                                   modules, sha256, issued_at)
         VALUES ('ZZZZ-ZZZZ-ZZZZ', $1, $2, $3, $4, $5, $6, 'en', 'x', '[]', 'x', now())`,
        [c.programme_id, c.user_id, c.decision_id, c.kind, c.scope, c.slot],
      ),
    ).rejects.toThrow(/uq_certificates_one_valid_per_slot/);
  });

  it('an attendance correction after closing upgrades Attendance to Completion, superseding it', async () => {
    const [besa] = await academy.db.query(`SELECT id FROM users WHERE email = 'besa@tirana.example'`);
    const sessions = await academy.http.get(`/api/programmes/${programmeId}/sessions`).set(bearer(token));
    const inclusion = sessions.body.find((s: any) => s.moduleCode === 'DHR-INCLUSION');
    const oldCode = (await validCertificates()).find((c: any) => c.email === 'besa@tirana.example').code;

    const put = await academy.http
      .put(`/api/sessions/${inclusion.id}/attendance/${besa.id}`)
      .set(bearer(token))
      .send({ status: 'present', minutes: 80, reason: 'Attended the make-up session' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ status: 'present', minutes: 80, source: 'manual' });
    await academy.waitForEvaluation(programmeId);

    const besas = (await validCertificates()).filter((c: any) => c.email === 'besa@tirana.example');
    expect(besas.map((c: any) => [c.kind, c.status])).toEqual([
      ['attendance', 'superseded'],
      ['completion', 'valid'],
    ]);
    const old = await academy.http.get(`/api/certificates/verify/${oldCode}`);
    expect(old.body.status).toBe('superseded');

    const history = await academy.http
      .get(`/api/sessions/${inclusion.id}/attendance/${besa.id}/history`)
      .set(bearer(token));
    expect(history.body).toEqual([
      expect.objectContaining({
        action: 'attendance.corrected',
        before: { status: 'absent', minutes: null },
        after: expect.objectContaining({ status: 'present', minutes: 80, reason: 'Attended the make-up session' }),
        by: 'admin@tirana.example',
      }),
    ]);
  });

  it('a revoked certificate verifies as revoked, with the public reason and not the administrator\'s words', async () => {
    const list = await academy.http.get(`/api/programmes/${programmeId}/certificates?status=valid`).set(bearer(token));
    const target = list.body[0];
    const revoke = await academy.http
      .post(`/api/certificates/${target.id}/revoke`)
      .set(bearer(token))
      .send({ reason: 'Issued to the wrong person' });
    expect(revoke.status).toBe(204);
    const verify = await academy.http.get(`/api/certificates/verify/${target.code.toLowerCase()}`);
    // A free-text reason (the request as it was before the fixed list) is kept as the private note.
    expect(verify.body).toMatchObject({ status: 'revoked', revokedReason: 'other' });
    expect(JSON.stringify(verify.body)).not.toContain('wrong person');
    const again = await academy.http
      .post(`/api/certificates/${target.id}/revoke`)
      .set(bearer(token))
      .send({ reason: 'twice' });
    expect(again.status).toBe(409);
  });
});

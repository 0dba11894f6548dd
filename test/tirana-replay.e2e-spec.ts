import { createHash } from 'node:crypto';
import { bearer, TestAcademy } from './support/academy.js';
import { tiranaCohort, tiranaCsv } from './support/tirana-cohort.js';

/** Replays the 2023 Tirana cohort through HTTP and checks the city's published figures. */
describe('Tirana 2023 replay', () => {
  let academy: TestAcademy;
  let token: string;
  let programmeId: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('tirana');
    token = await academy.login();
    programmeId = (await academy.tirana()).id;
  });
  afterAll(() => academy.stop());

  it('imports the cohort CSV and reports the figures the city published', async () => {
    const csv = tiranaCsv();
    const res = await academy.importCsv(programmeId, csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: csv.trim().split('\n').length - 1, updated: 0, unchanged: 0, errors: [] });
    expect(res.body.created).toBe(res.body.rows);
    expect(res.body.learnersCreated).toBe(47);
    expect(res.body.sessionsCreated).toBe(4);

    const stats = await academy.http.get(`/api/programmes/${programmeId}/stats`).set(bearer(token));
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      attendees: 47,
      modules: { 'DHR-INTRO': 27, 'DHR-PRIVACY': 23, 'DHR-INCLUSION': 17, 'DHR-TRANSPARENCY': 22 },
      modulesAttended: { '1': 24, '2': 10, '3': 7, '4': 6 },
      certificates: { completion: 0, attendance: 0 },
    });
  });

  it('closes with a queued job and issues exactly 13 Completion and 10 Attendance certificates', async () => {
    const close = await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(token));
    expect(close.status).toBe(202);
    expect(close.body).toMatchObject({ status: 'closed', enrolled: 47 });
    await academy.waitForEvaluation(programmeId);

    const list = await academy.http
      .get(`/api/programmes/${programmeId}/certificates?perPage=1000`)
      .set(bearer(token));
    expect(list.status).toBe(200);
    expect(list.headers['x-total-count']).toBe('23');
    const valid = list.body.filter((c: { status: string }) => c.status === 'valid');
    expect(valid.filter((c: { kind: string }) => c.kind === 'completion')).toHaveLength(13);
    expect(valid.filter((c: { kind: string }) => c.kind === 'attendance')).toHaveLength(10);

    // Each certificate went to the right person: 3+ modules → completion, exactly 2 → attendance.
    const expected = new Map(tiranaCohort().map((p) => [p.email, p.modules.length >= 3 ? 'completion' : 'attendance']));
    for (const c of valid) expect(c.kind).toBe(expected.get(c.learnerEmail));

    const stats = await academy.http.get(`/api/programmes/${programmeId}/stats`).set(bearer(token));
    expect(stats.body.certificates).toEqual({ completion: 13, attendance: 10, trainer: 0 });
  });

  it('stores every certificate as a valid PDF whose hash is recorded, and every code verifies', async () => {
    const list = await academy.http.get(`/api/programmes/${programmeId}/certificates?perPage=1000`).set(bearer(token));
    const hashes = await academy.db.query(`SELECT id, sha256 FROM certificates`);
    const sha = new Map(hashes.map((h: { id: string; sha256: string }) => [h.id, h.sha256]));
    for (const c of list.body) {
      const pdf = await academy.http
        .get(`/api/certificates/${c.id}/pdf`)
        .set(bearer(token))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const body = pdf.body as Buffer;
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(body.subarray(-6).toString()).toContain('%%EOF');
      expect(createHash('sha256').update(body).digest('hex')).toBe(sha.get(c.id));

      const verify = await academy.http.get(`/api/certificates/verify/${c.code}`);
      expect(verify.status).toBe(200);
      expect(verify.body).toEqual({
        status: 'valid',
        holderName: c.learnerName,
        programme: 'Digital human rights capacity building for civil servants',
        city: 'Tirana',
        kind: c.kind,
        issuedAt: c.issuedAt,
      });
    }
  });

  it('pages through certificates with Link headers', async () => {
    const seen = new Set<string>();
    let url: string | null = `/api/programmes/${programmeId}/certificates?perPage=10`;
    while (url) {
      const res: { status: number; body: { id: string }[]; headers: Record<string, string> } = await academy.http
        .get(url)
        .set(bearer(token));
      expect(res.status).toBe(200);
      for (const c of res.body) seen.add(c.id);
      url = /<([^>]+)>; rel="next"/.exec(res.headers.link ?? '')?.[1] ?? null;
    }
    expect(seen.size).toBe(23);
  });
});

import { bearer, DUBLIN_ADMIN, TestAcademy } from './support/academy.js';

/** Dublin 2023: audiences, evidence and its review, through HTTP. */
describe('Dublin 2023', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;
  /** The youth session the facilitator leads (so they may review its evidence). */
  let youthSessionLed: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('dublin');
    // Dublin's administrator is seeded, like Tirana's.
    admin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    const list = await academy.http.get('/api/programmes').set(bearer(admin));
    programmeId = list.body.find((p: { code: string }) => p.code === 'DUBLIN-2023').id;
  });
  afterAll(() => academy.stop());

  const person = async (email: string, extra: Record<string, unknown>) => {
    const res = await academy.http
      .post('/api/users')
      .set(bearer(admin))
      .send({ email, name: email.split('@')[0], role: 'learner', password: 'a-long-password', ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: string; audience: string };
  };

  it('seeds the four Dublin modules with learner and trainer materials', async () => {
    const programme = await academy.http.get(`/api/programmes/${programmeId}`).set(bearer(admin));
    expect(programme.body).toMatchObject({ ruleSet: 'dublin-2023', deliveryMode: 'in-person', timezone: 'Europe/Dublin' });
    expect(programme.body.modules.map((m: { code: string }) => m.code)).toEqual(['DUB-STAFF', 'DUB-YOUTH', 'DUB-COMMUNITY', 'DHR-TOT']);
    const modules = await academy.http.get('/api/modules').set(bearer(admin));
    for (const code of ['DUB-STAFF', 'DUB-YOUTH', 'DUB-COMMUNITY']) {
      const mod = modules.body.find((m: { code: string }) => m.code === code);
      const audiences = new Set(mod.materials.map((m: { audience: string }) => m.audience));
      expect(audiences).toEqual(new Set(['learner', 'trainer']));
    }
  });

  it('keeps a module to its audience: staff cannot enrol in the youth debate', async () => {
    const staff = await person('officer@dublin.example', { audience: 'staff' });
    const refused = await academy.http
      .post(`/api/programmes/${programmeId}/enrolments`)
      .set(bearer(admin))
      .send({ userId: staff.id, moduleCodes: ['DUB-YOUTH'] });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/DUB-YOUTH is for the youth audience, and this learner is staff/);

    const student = await person('student@dublin.example', { audience: 'youth', school: 'Larkin College', deisSchool: true });
    const ok = await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: student.id });
    expect(ok.status).toBe(201);
    // Modules with no audience (the train-the-trainer module) stay open to everyone.
    expect(ok.body.moduleCodes).toEqual(['DUB-YOUTH', 'DHR-TOT']);
  });

  it('keeps a self-described gender only with consent', async () => {
    const res = await academy.http
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'noconsent@dublin.example', name: 'N', role: 'learner', audience: 'youth', gender: 'female' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/gender: can only be recorded with demographicsConsent/);
  });

  it('takes evidence as text or a checked file, and lets a trainer accept or return it', async () => {
    const student = await academy.login('student@dublin.example', 'a-long-password');
    const fake = await academy.http
      .post(`/api/programmes/${programmeId}/submissions`)
      .set(bearer(student))
      .field('kind', 'zine')
      .field('moduleCode', 'DUB-YOUTH')
      .attach('file', Buffer.from('MZ\x90\x00 not a pdf'), 'zine.pdf');
    expect(fake.status).toBe(400);
    expect(fake.body.message).toMatch(/file: only PDF, PNG or JPEG/);

    const wrongModule = await academy.http
      .post(`/api/programmes/${programmeId}/submissions`)
      .set(bearer(student))
      .send({ kind: 'reflection', moduleCode: 'DUB-STAFF', body: 'x' });
    expect(wrongModule.status).toBe(400);

    const zine = await academy.http
      .post(`/api/programmes/${programmeId}/submissions`)
      .set(bearer(student))
      .field('kind', 'zine')
      .field('moduleCode', 'DUB-YOUTH')
      .attach('file', Buffer.from('%PDF-1.4\n% our zine\n%%EOF\n'), 'zine.pdf');
    expect(zine.status).toBe(201);
    expect(zine.body).toMatchObject({ kind: 'zine', moduleCode: 'DUB-YOUTH', status: 'submitted', file: { contentType: 'application/pdf' } });

    const asLearner = await academy.http.post(`/api/submissions/${zine.body.id}/review`).set(bearer(student)).send({ decision: 'accept' });
    expect(asLearner.status).toBe(403);

    await academy.http
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'facilitator@dublin.example', name: 'Facilitator', role: 'trainer', password: 'a-long-password' });
    const trainer = await academy.login('facilitator@dublin.example', 'a-long-password');
    const queue = await academy.http.get(`/api/programmes/${programmeId}/submissions?status=submitted`).set(bearer(trainer));
    expect(queue.body.map((s: { id: string }) => s.id)).toEqual([zine.body.id]);
    // Separation of duties: a trainer reviews only evidence of a module whose sessions they deliver.
    const notTheirs = await academy.http.post(`/api/submissions/${zine.body.id}/review`).set(bearer(trainer)).send({ decision: 'accept' });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.message).toMatch(/separation of duties: trainers review evidence only for modules whose sessions they deliver/);
    const [{ id: facilitatorId }] = await academy.db.query(`SELECT id FROM users WHERE email = 'facilitator@dublin.example'`);
    const youthSession = await academy.http
      .post(`/api/programmes/${programmeId}/sessions`)
      .set(bearer(admin))
      .send({ moduleCode: 'DUB-YOUTH', startsAt: '2023-03-09T10:00:00Z', endsAt: '2023-03-09T12:00:00Z', mode: 'in-person',
        trainers: [{ userId: facilitatorId, role: 'lead' }] });
    expect(youthSession.status).toBe(201);
    youthSessionLed = youthSession.body.id;
    const accepted = await academy.http
      .post(`/api/submissions/${zine.body.id}/review`)
      .set(bearer(trainer))
      .send({ decision: 'accept', comment: 'Clear recommendations' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', reviewComment: 'Clear recommendations' });

    const file = await academy.http.get(`/api/submissions/${zine.body.id}/file`).set(bearer(student));
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
  });

  it('selects 22 of 60 youth applicants reproducibly, with at least half girls and half from DEIS schools', async () => {
    const session = await academy.http
      .post(`/api/programmes/${programmeId}/sessions`)
      .set(bearer(admin))
      .send({ moduleCode: 'DUB-YOUTH', startsAt: '2023-03-15T10:00:00Z', endsAt: '2023-03-15T12:00:00Z', mode: 'in-person', capacity: 22 });
    expect(session.status).toBe(201);
    const sessionId = session.body.id;
    // 60 applicants: 24 girls and 26 boys who consented to give their gender, 10 who did not;
    // 21 from DEIS schools, spread across both.
    for (let i = 0; i < 60; i++) {
      const gender = i < 24 ? 'female' : i < 50 ? 'male' : undefined;
      const res = await academy.http
        .post('/api/users')
        .set(bearer(admin))
        .send({
          email: `applicant${i}@school.example`, name: `Applicant ${i}`, role: 'learner', audience: 'youth',
          school: `School ${i % 6}`, deisSchool: i % 3 === 0 || i === 59,
          ...(gender ? { gender, demographicsConsent: true } : {}),
        });
      expect(res.status).toBe(201);
      const applied = await academy.http.post(`/api/sessions/${sessionId}/applications`).set(bearer(admin)).send({ userId: res.body.id });
      expect(applied.status).toBe(201);
    }
    const first = await academy.http.post(`/api/sessions/${sessionId}/selection`).set(bearer(admin)).send({ seed: 'dublin-youth-2023' });
    expect(first.status).toBe(200);
    expect(first.body.selected).toHaveLength(22);
    expect(first.body.waitingList).toHaveLength(38);
    const criteria = Object.fromEntries(first.body.report.criteria.map((c: any) => [c.label, c]));
    expect(criteria.girls).toMatchObject({ met: true });
    expect(criteria.girls.achievedCount).toBeGreaterThanOrEqual(11);
    expect(criteria['students of DEIS schools']).toMatchObject({ met: true });
    expect(criteria['students of DEIS schools'].achievedCount).toBeGreaterThanOrEqual(11);
    const people = await academy.db.query(
      `SELECT id, gender, deis_school FROM users WHERE id = ANY($1)`,
      [first.body.selected.map((s: any) => s.userId)],
    );
    expect(people.filter((p: any) => p.gender === 'female').length).toBe(criteria.girls.achievedCount);
    expect(people.filter((p: any) => p.deis_school).length).toBe(criteria['students of DEIS schools'].achievedCount);

    const again = await academy.http.post(`/api/sessions/${sessionId}/selection`).set(bearer(admin)).send({ seed: 'dublin-youth-2023' });
    expect(again.body.selected).toEqual(first.body.selected);
    const other = await academy.http.post(`/api/sessions/${sessionId}/selection`).set(bearer(admin)).send({ seed: 'another-seed' });
    expect(other.body.selected).not.toEqual(first.body.selected);

    // A withdrawal frees a place for the waiting list.
    const leaving = other.body.selected[0].userId;
    const withdrawn = await academy.http.post(`/api/sessions/${sessionId}/applications/${leaving}/withdraw`).set(bearer(admin));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.selected).toHaveLength(22);
    expect(withdrawn.body.selected.map((s: any) => s.userId)).not.toContain(leaving);
    expect(withdrawn.body.withdrawn).toEqual([leaving]);
  });

  it('refuses an application from outside the module audience', async () => {
    const staff = await academy.db.query(`SELECT id FROM users WHERE email = 'officer@dublin.example'`);
    const sessions = await academy.http.get(`/api/programmes/${programmeId}/sessions`).set(bearer(admin));
    const youth = sessions.body.find((s: any) => s.moduleCode === 'DUB-YOUTH');
    const res = await academy.http.post(`/api/sessions/${youth.id}/applications`).set(bearer(admin)).send({ userId: staff[0].id });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/for the youth audience/);
  });

  it('issues per-module Attendance and Completion and a Trainer certificate exactly as dublin-2023 says', async () => {
    const users = Object.fromEntries(
      (await academy.db.query(`SELECT email, id FROM users WHERE email LIKE '%@dublin.example'`)).map((u: any) => [u.email, u.id]),
    );
    const officer = users['officer@dublin.example'];
    const student = users['student@dublin.example'];
    const trainer = users['facilitator@dublin.example'];
    for (const id of [officer, trainer]) {
      await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: id }).expect(201);
    }
    const newSession = async (moduleCode: string, day: string, trainers: { userId: string; role: string }[] = []) => {
      const res = await academy.http
        .post(`/api/programmes/${programmeId}/sessions`)
        .set(bearer(admin))
        .send({ moduleCode, startsAt: `${day}T09:30:00Z`, endsAt: `${day}T12:00:00Z`, mode: 'in-person', trainers });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const mark = (sessionId: string, userId: string, status: string) =>
      academy.http.put(`/api/sessions/${sessionId}/attendance/${userId}`).set(bearer(admin)).send({ status }).expect(200);

    const tot = await newSession('DHR-TOT', '2022-10-04');
    const staffWorkshop = await newSession('DUB-STAFF', '2022-11-08', [{ userId: trainer, role: 'co-facilitator' }]);
    const staffRerun = await newSession('DUB-STAFF', '2023-02-07', [{ userId: trainer, role: 'lead' }]);
    const debate = await newSession('DUB-YOUTH', '2023-03-16');
    await mark(tot, trainer, 'present');
    await mark(staffWorkshop, officer, 'present');
    await mark(staffRerun, officer, 'absent');
    await mark(debate, student, 'late');

    const record = await academy.http.get(`/api/users/${trainer}/trainer-record`).set(bearer(admin));
    expect(record.body).toMatchObject({ totModule: { code: 'DHR-TOT', attended: true } });
    expect(record.body.coFacilitated.map((s: any) => s.sessionId)).toEqual([staffWorkshop]);
    expect(record.body.led.map((s: any) => s.sessionId)).toEqual([staffRerun, youthSessionLed]);

    await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(programmeId, admin);
    const certs = await academy.http.get(`/api/programmes/${programmeId}/certificates?status=valid`).set(bearer(admin));
    const got = certs.body.map((c: any) => `${c.learnerEmail} ${c.kind} ${c.scope}`).sort();
    expect(got).toEqual([
      'facilitator@dublin.example attendance DHR-TOT',
      'facilitator@dublin.example trainer programme',
      'officer@dublin.example attendance DUB-STAFF',
      // The zine was accepted earlier in this file, so the debate is completed, not just attended.
      'student@dublin.example completion DUB-YOUTH',
    ]);

    // The officer's policy exercise, accepted after closing, upgrades the staff module to Completion.
    const officerToken = await academy.login('officer@dublin.example', 'a-long-password');
    const exercise = await academy.http
      .post(`/api/programmes/${programmeId}/submissions`)
      .set(bearer(officerToken))
      .send({ kind: 'policy-exercise', moduleCode: 'DUB-STAFF', body: 'Permit with conditions: speed, hours, routes.' });
    expect(exercise.status).toBe(201);
    const trainerToken = await academy.login('facilitator@dublin.example', 'a-long-password');
    await academy.http.post(`/api/submissions/${exercise.body.id}/review`).set(bearer(trainerToken)).send({ decision: 'accept' }).expect(200);
    await academy.waitForEvaluation(programmeId, admin);
    const after = await academy.db.query(
      `SELECT c.kind, c.status FROM certificates c JOIN users u ON u.id = c.user_id
        WHERE u.email = 'officer@dublin.example' ORDER BY c.issued_at`,
    );
    expect(after).toEqual([{ kind: 'attendance', status: 'superseded' }, { kind: 'completion', status: 'valid' }]);
  });
});

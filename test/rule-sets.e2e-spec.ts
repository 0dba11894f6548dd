import { bearer, TestAcademy } from './support/academy.js';

const CUSTOM = {
  format: 'academy.rule-set/1',
  id: 'tirana-2025',
  version: 1,
  title: 'Tirana 2025',
  description: 'Completion: 4 of 6 modules including DHR-INTRO and an accepted final assignment; attendance: 2.',
  moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: 0.8, selfPaced: 'all-lessons-and-check' },
  awards: [
    { kind: 'completion', scope: 'programme', when: { minModules: 4, requiredModules: ['DHR-INTRO'], acceptedEvidence: ['final-assignment'] } },
    { kind: 'attendance', scope: 'programme', when: { minModules: 2 } },
  ],
};
const MODULES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY', 'DHR-PARTICIPATION', 'DHR-PUBLIC-GOODS'];

/** Rule sets as data: validation by path, publishing, freezing, and a dry run that the job then honours. */
describe('rule sets as data', () => {
  let academy: TestAcademy;
  let admin: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('rulesets');
    admin = await academy.login();
  });
  afterAll(() => academy.stop());

  it.each([
    ['a negative module count', { awards: [{ kind: 'completion', scope: 'programme', when: { minModules: -1 } }] }, 'awards[0].when.minModules'],
    ['a share above one', { moduleAttended: { ...CUSTOM.moduleAttended, minShareOfMinutes: 1.5 } }, 'moduleAttended.minShareOfMinutes'],
    ['an unknown award kind', { awards: [{ kind: 'gold', scope: 'programme', when: { minModules: 1 } }] }, 'awards[0].kind'],
    ['an unknown key', { colour: 'blue' }, 'colour'],
  ])('refuses %s with 400 naming the path', async (_name, patch, path) => {
    for (const url of ['/api/rule-sets/validate', '/api/rule-sets']) {
      const res = await academy.http.post(url).set(bearer(admin)).send({ ...CUSTOM, ...patch });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(path);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
  });

  it('publishes immutable, increasing versions', async () => {
    expect((await academy.http.post('/api/rule-sets/validate').set(bearer(admin)).send(CUSTOM)).body).toEqual({ valid: true });
    const published = await academy.http.post('/api/rule-sets').set(bearer(admin)).send(CUSTOM);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ id: 'tirana-2025', version: 1, builtIn: false });
    expect((await academy.http.post('/api/rule-sets').set(bearer(admin)).send(CUSTOM)).status).toBe(409);
    const builtIn = await academy.http.post('/api/rule-sets').set(bearer(admin)).send({ ...CUSTOM, id: 'tirana-2023' });
    expect(builtIn.status).toBe(409);
    const list = await academy.http.get('/api/rule-sets').set(bearer(admin));
    expect(list.body.map((r: { id: string }) => r.id)).toEqual(['tirana-2023', 'dublin-2023', 'mooc-2024', 'tirana-2025']);
  });

  it('issues what the dry run predicted, learner by learner, and freezes the rule set', async () => {
    const programme = await academy.http
      .post('/api/programmes')
      .set(bearer(admin))
      .send({ code: 'TIRANA-2025', title: 'Tirana 2025', moduleCodes: MODULES, ruleSet: 'tirana-2025' });
    expect(programme.status).toBe(201);
    const pid = programme.body.id;
    const sessions: Record<string, string> = {};
    for (const [i, code] of MODULES.entries()) {
      const res = await academy.http
        .post(`/api/programmes/${pid}/sessions`)
        .set(bearer(admin))
        .send({ moduleCode: code, startsAt: `2025-02-${10 + i}T09:00:00Z`, endsAt: `2025-02-${10 + i}T10:30:00Z` });
      sessions[code] = res.body.id;
    }
    // minutes per module (90-minute sessions; 80% = 72 minutes)
    const plan: Record<string, { minutes: Record<string, number>; finalAssignment?: boolean }> = {
      'complete@tirana.example': { minutes: { 'DHR-INTRO': 90, 'DHR-PRIVACY': 80, 'DHR-INCLUSION': 75, 'DHR-TRANSPARENCY': 88 }, finalAssignment: true },
      'short-stay@tirana.example': { minutes: { 'DHR-INTRO': 90, 'DHR-PRIVACY': 45, 'DHR-INCLUSION': 85, 'DHR-TRANSPARENCY': 88 }, finalAssignment: true },
      'no-assignment@tirana.example': { minutes: { 'DHR-INTRO': 90, 'DHR-PRIVACY': 90, 'DHR-INCLUSION': 90, 'DHR-PARTICIPATION': 90 } },
      'no-intro@tirana.example': { minutes: { 'DHR-PRIVACY': 90, 'DHR-INCLUSION': 90, 'DHR-TRANSPARENCY': 90, 'DHR-PUBLIC-GOODS': 90 }, finalAssignment: true },
      'one-module@tirana.example': { minutes: { 'DHR-INTRO': 90 } },
    };
    const reviewerUser = await academy.createUser({ email: 'reviewer@tirana.example', name: 'Reviewer', role: 'trainer' });
    const reviewer = await academy.login('reviewer@tirana.example', 'a-long-password');
    // A trainer reviews evidence only of a programme whose sessions they deliver.
    await academy.http.post(`/api/sessions/${sessions[MODULES[0]!]}/trainers`).set(bearer(admin))
      .send({ userId: reviewerUser.id, role: 'lead' }).expect(201);
    for (const [email, p] of Object.entries(plan)) {
      const user = await academy.createUser({ email, name: email.split('@')[0], role: 'learner' });
      await academy.http.post(`/api/programmes/${pid}/enrolments`).set(bearer(admin)).send({ userId: user.id }).expect(201);
      for (const [code, minutes] of Object.entries(p.minutes)) {
        await academy.http.put(`/api/sessions/${sessions[code]}/attendance/${user.id}`).set(bearer(admin)).send({ status: 'present', minutes }).expect(200);
      }
      if (p.finalAssignment) {
        const token = await academy.login(email, 'a-long-password');
        const sub = await academy.http.post(`/api/programmes/${pid}/submissions`).set(bearer(token))
          .send({ kind: 'final-assignment', body: 'Applying the six areas to the city permit portal.' });
        await academy.http.post(`/api/submissions/${sub.body.id}/review`).set(bearer(reviewer)).send({ decision: 'accept' }).expect(200);
      }
    }

    const dry = await academy.http.get(`/api/programmes/${pid}/dry-run`).set(bearer(admin));
    expect(dry.status).toBe(200);
    const predicted = Object.fromEntries(dry.body.map((d: any) => [d.learnerEmail, d.awards.map((a: any) => a.kind).join(',') || 'none']));
    expect(predicted).toEqual({
      'complete@tirana.example': 'completion',
      'short-stay@tirana.example': 'attendance',
      'no-assignment@tirana.example': 'attendance',
      'no-intro@tirana.example': 'attendance',
      'one-module@tirana.example': 'none',
    });
    const why = Object.fromEntries(dry.body.map((d: any) => [d.learnerEmail, d.explanation.join(' ')]));
    expect(why['short-stay@tirana.example']).toMatch(/DHR-PRIVACY: 45 of 90 minutes/);
    expect(why['no-assignment@tirana.example']).toMatch(/final assignment/i);
    expect(why['no-intro@tirana.example']).toMatch(/DHR-INTRO/);
    expect(dry.body.every((d: any) => d.ruleSet === 'tirana-2025' && d.ruleSetVersion === 1)).toBe(true);

    await academy.http.post(`/api/programmes/${pid}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(pid);
    const certs = await academy.http.get(`/api/programmes/${pid}/certificates?status=valid`).set(bearer(admin));
    const issued = Object.fromEntries(Object.keys(plan).map((e) => [e, 'none']));
    for (const c of certs.body) issued[c.learnerEmail] = c.kind;
    expect(issued).toEqual(predicted);

    const frozen = await academy.http.put(`/api/programmes/${pid}/rule-set`).set(bearer(admin)).send({ ruleSet: 'tirana-2023' });
    expect(frozen.status).toBe(409);
    expect(frozen.body.message).toMatch(/frozen/);
  });
});

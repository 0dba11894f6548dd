import { compileRuleSet, type RuleSetDefinition, sessionCounts, type SessionRecord } from '@academy/rules';
import { bearer, PLATFORM, TestAcademy } from './support/academy.js';
import { person } from './support/city.js';

const RULES: RuleSetDefinition = {
  format: 'academy.rule-set/1',
  id: 'agreement-2025',
  version: 1,
  title: 'Agreement 2025',
  description: 'A live session counts from 75% of its minutes; completion for 3 modules, attendance for 2; a trainer certificate.',
  moduleAttended: { statuses: ['present', 'late'], minShareOfMinutes: 0.75, selfPaced: 'all-lessons-and-check' },
  totModules: ['DHR-TOT'],
  awards: [
    { kind: 'completion', scope: 'programme', when: { minModules: 3 } },
    { kind: 'attendance', scope: 'programme', when: { minModules: 2 } },
    { kind: 'trainer', scope: 'programme', when: { totModuleAttended: true, minCoFacilitated: 1, minLed: 1 } },
  ],
};
const MODULES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-PUBLIC-GOODS', 'DHR-TOT'];

/**
 * "Enrolled" and "attended" mean the same to the statistics, the dry run and the certificate
 * job: attendance at a module someone is not enrolled in, or at a session they delivered,
 * counts for none of them; the dry run says when a missed module was excused.
 */
describe('one definition of enrolled and attended', () => {
  let academy: TestAcademy;
  let admin: string;
  /** The shared catalogue's lessons and checks are written by the coalition's academy team. */
  let author: string;
  let pid: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    academy = await TestAcademy.start('one-definition');
    admin = await academy.login();
    author = await academy.login(PLATFORM.email, PLATFORM.password);
  });
  afterAll(() => academy.stop());

  it('sets up a programme with a trainer enrolled and attendance outside a learner\'s modules', async () => {
    await academy.http.post('/api/rule-sets').set(bearer(admin)).send(RULES).expect(201);
    await academy.http.put('/api/modules/DHR-PUBLIC-GOODS/lessons').set(bearer(author))
      .send({ lessons: [{ kind: 'text', title: 'Public goods in one page', body: 'What stays in public hands.' }] }).expect(200);
    await academy.http.put('/api/modules/DHR-PUBLIC-GOODS/knowledge-check').set(bearer(author))
      .send({ passMark: 1, maxAttempts: 3, questions: [{ prompt: 'Open standards help with…', options: ['Lock-in', 'Interoperability'], correctIndex: 1 }] }).expect(200);
    const programme = await academy.http.post('/api/programmes').set(bearer(admin))
      .send({ code: 'AGREEMENT-2025', title: 'Agreement', moduleCodes: MODULES, ruleSet: RULES.id, timezone: 'Europe/Tirane' });
    pid = programme.body.id;

    for (const [name, role] of [['ana', 'learner'], ['besa', 'learner'], ['cela', 'learner'], ['trainer', 'trainer']] as const) {
      ids[name] = (await person(academy, admin, { email: `${name}@agreement.example`, role })).id;
    }
    const enrol = (userId: string, moduleCodes?: string[]) =>
      academy.http.post(`/api/programmes/${pid}/enrolments`).set(bearer(admin)).send({ userId, ...(moduleCodes ? { moduleCodes } : {}) }).expect(201);
    await enrol(ids.ana, ['DHR-INTRO', 'DHR-PRIVACY']);
    for (const name of ['besa', 'cela', 'trainer']) await enrol(ids[name]);

    const session = async (moduleCode: string, day: string, trainers: { userId: string; role: string }[] = []) =>
      (await academy.http.post(`/api/programmes/${pid}/sessions`).set(bearer(admin))
        .send({ moduleCode, startsAt: `${day}T09:00:00`, endsAt: `${day}T10:40:00`, trainers }).expect(201)).body.id as string;
    const s = {
      intro: await session('DHR-INTRO', '2025-03-04'),
      privacy: await session('DHR-PRIVACY', '2025-03-11', [{ userId: ids.trainer, role: 'lead' }]),
      inclusion: await session('DHR-INCLUSION', '2025-03-18', [{ userId: ids.trainer, role: 'co-facilitator' }]),
      tot: await session('DHR-TOT', '2025-03-25'),
    };
    const mark = (sessionId: string, userId: string, status: string, minutes?: number) =>
      academy.http.put(`/api/sessions/${sessionId}/attendance/${userId}`).set(bearer(admin)).send({ status, minutes }).expect(200);
    // Ana: both her modules, and a record at DHR-INCLUSION, which she is not enrolled in.
    await mark(s.intro, ids.ana, 'present', 100);
    await mark(s.privacy, ids.ana, 'present', 90);
    await mark(s.inclusion, ids.ana, 'present', 100);
    // Besa: a short stay, a full one, an excused absence and the self-paced module done.
    await mark(s.intro, ids.besa, 'present', 50);
    await mark(s.privacy, ids.besa, 'late', 80);
    await mark(s.inclusion, ids.besa, 'excused');
    const besa = await academy.login('besa@agreement.example', 'a-long-password');
    const [lesson] = (await academy.http.get('/api/modules/DHR-PUBLIC-GOODS/lessons').set(bearer(besa))).body;
    await academy.http.post(`/api/lessons/${lesson.id}/done`).set(bearer(besa)).expect(200);
    await academy.http.post('/api/modules/DHR-PUBLIC-GOODS/knowledge-check/attempts').set(bearer(besa)).send({ answers: [1] }).expect(201);
    // Cela: absent.
    await mark(s.intro, ids.cela, 'absent');
    // The trainer: a participant of the introduction and the train-the-trainer module, and
    // marked present at the sessions they led and co-facilitated, which is delivering, not attending.
    await mark(s.intro, ids.trainer, 'present', 95);
    await mark(s.tot, ids.trainer, 'present');
    await mark(s.privacy, ids.trainer, 'present', 100);
    await mark(s.inclusion, ids.trainer, 'present', 100);
  });

  const expected: Record<string, string[]> = {
    ana: ['DHR-INTRO', 'DHR-PRIVACY'],
    besa: ['DHR-PRIVACY', 'DHR-PUBLIC-GOODS'],
    cela: [],
    trainer: ['DHR-INTRO', 'DHR-TOT'],
  };
  const nameOf = (email: string) => email.split('@')[0];

  it('agrees learner by learner: statistics, dry run, the learner\'s own view and the certificates', async () => {
    const dry = (await academy.http.get(`/api/programmes/${pid}/dry-run`).set(bearer(admin))).body;
    const attended = Object.fromEntries(dry.map((d: any) => [nameOf(d.learnerEmail), d.attendedModules]));
    expect(attended).toEqual(expected);
    expect(Object.fromEntries(dry.map((d: any) => [nameOf(d.learnerEmail), d.awards.map((a: any) => a.kind)]))).toEqual({
      ana: ['attendance'], besa: ['attendance'], cela: [], trainer: ['attendance', 'trainer'],
    });
    const besa = dry.find((d: any) => nameOf(d.learnerEmail) === 'besa').explanation;
    expect(besa).toContain('DHR-INTRO: 50 of 100 minutes, below 75%.');
    expect(besa).toContain('DHR-INCLUSION: excused from 1 session, which does not count as attending under this rule set.');
    // Ana's module list is hers: DHR-INCLUSION is not one of them.
    expect(dry.find((d: any) => nameOf(d.learnerEmail) === 'ana').missingModules).toEqual([]);

    const stats = (await academy.http.get(`/api/programmes/${pid}/stats`).set(bearer(admin))).body;
    const perModule = Object.fromEntries(MODULES.map((m) => [m, Object.values(expected).filter((x) => x.includes(m)).length]));
    const distribution: Record<string, number> = Object.fromEntries(MODULES.map((_, i) => [String(i + 1), 0]));
    for (const modules of Object.values(expected)) if (modules.length) distribution[String(modules.length)]++;
    expect(stats).toMatchObject({
      enrolled: dry.length,
      attendees: Object.values(expected).filter((x) => x.length).length,
      modules: perModule,
      modulesAttended: distribution,
      trainers: 1,
      ruleSet: RULES.id,
      ruleSetVersion: 1,
    });
    expect(stats.modules['DHR-INCLUSION']).toBe(0);

    const ana = await academy.login('ana@agreement.example', 'a-long-password');
    const mine = (await academy.http.get('/api/me/programmes').set(bearer(ana))).body.find((p: any) => p.code === 'AGREEMENT-2025');
    expect(mine.modules.map((m: any) => [m.code, m.attended])).toEqual([['DHR-INTRO', true], ['DHR-PRIVACY', true]]);

    await academy.http.post(`/api/programmes/${pid}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(pid);
    const decisions = await academy.db.query(
      `SELECT DISTINCT ON (d.user_id) u.email, d.attended_modules FROM decisions d JOIN users u ON u.id = d.user_id
        WHERE d.programme_id = $1 ORDER BY d.user_id, d.decided_at DESC`,
      [pid],
    );
    expect(Object.fromEntries(decisions.map((d: any) => [nameOf(d.email), d.attended_modules]))).toEqual(expected);
    const certs = (await academy.http.get(`/api/programmes/${pid}/certificates`).set(bearer(admin))).body;
    const issued: Record<string, string[]> = { ana: [], besa: [], cela: [], trainer: [] };
    for (const c of certs) issued[nameOf(c.learnerEmail)].push(c.kind);
    expect(Object.fromEntries(Object.entries(issued).map(([k, v]) => [k, v.sort()]))).toEqual({
      ana: ['attendance'], besa: ['attendance'], cela: [], trainer: ['attendance', 'trainer'],
    });
    const after = (await academy.http.get(`/api/programmes/${pid}/stats`).set(bearer(admin))).body;
    expect(after.certificates).toEqual({ completion: 0, attendance: 3, trainer: 1 });
    expect(after.modules).toEqual(stats.modules);
  });

  it("counts a session in SQL exactly as the evaluator does, for every status, share and policy", async () => {
    const minutes = [null, 0, 50, 74, 75, 76, 100, 150];
    const planned = [null, 0, 90, 100];
    const cases: SessionRecord[] = [];
    for (const status of ['present', 'late', 'excused', 'absent'] as const) {
      for (const m of minutes) for (const p of planned) cases.push({ status, minutes: m, sessionMinutes: p });
    }
    for (const statuses of [['present', 'late'], ['present'], ['present', 'late', 'excused']] as const) {
      for (const minShareOfMinutes of [null, 0, 0.75, 0.8, 1]) {
        const def = compileRuleSet({ ...RULES, moduleAttended: { statuses: [...statuses], minShareOfMinutes } }).definition;
        const rows: { i: number; counts: boolean }[] = await academy.db.query(
          `SELECT t.i, session_counts(t.status::attendance_status, t.minutes, t.planned, $4::text[], $5) AS counts
             FROM unnest($1::text[], $2::int[], $3::numeric[]) WITH ORDINALITY AS t(status, minutes, planned, i) ORDER BY t.i`,
          [cases.map((c) => c.status), cases.map((c) => c.minutes), cases.map((c) => c.sessionMinutes), statuses, minShareOfMinutes],
        );
        const sql = rows.map((r) => r.counts);
        expect({ statuses, minShareOfMinutes, counts: sql }).toEqual({ statuses, minShareOfMinutes, counts: cases.map((c) => sessionCounts(def, c)) });
      }
    }
    for (const selfPaced of ['all-lessons-and-check', 'all-lessons', 'check', 'never'] as const) {
      const ruleSet = compileRuleSet({ ...RULES, moduleAttended: { ...RULES.moduleAttended, selfPaced } });
      for (const lessonsTotal of [1, 3]) {
        for (let lessonsDone = 0; lessonsDone <= lessonsTotal; lessonsDone++) {
          for (const checkPassed of [false, true]) {
            const [row] = await academy.db.query(`SELECT self_paced_done($1, $2, $3, $4) AS done`, [lessonsTotal, lessonsDone, checkPassed, selfPaced]);
            const ts = ruleSet.moduleAttended({ code: 'M', sessions: [], selfPaced: { lessonsTotal, lessonsDone, checkPassed } });
            expect({ selfPaced, lessonsTotal, lessonsDone, checkPassed, done: row.done }).toEqual({ selfPaced, lessonsTotal, lessonsDone, checkPassed, done: ts });
          }
        }
      }
    }
  });
});

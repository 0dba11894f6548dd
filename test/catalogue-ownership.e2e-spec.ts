import { bearer, DUBLIN_ADMIN, PLATFORM, TestAcademy } from './support/academy.js';
import { person } from './support/city.js';

/**
 * Who owns the catalogue: the shared modules are changed by the platform role only, a city's
 * own module by that city only, and a city's variant of a shared module reaches that city's
 * learners only. Every Dublin attempt on Tirana's or the shared content is refused, and a
 * Tirana learner's progress stays as it was. The platform role gets no learner data.
 */
describe('catalogue ownership', () => {
  let academy: TestAcademy;
  let tirana: string;
  let dublin: string;
  let platform: string;
  let tiranaLearner: string;
  let dublinLearner: string;
  let tiranaProgramme: string;
  const LESSONS = [
    { kind: 'text', title: 'Autonomy online', body: 'Choosing for yourself, also on a screen.' },
    { kind: 'text', title: 'Consent that means something', body: 'A yes that could have been a no.' },
  ];
  const CHECK = {
    passMark: 1, maxAttempts: 3,
    questions: [{ prompt: 'Consent must be…', options: ['Freely given', 'Assumed'], correctIndex: 0 }],
  };

  const progress = async () => (await academy.http.get('/api/me/progress/DHR-AUTONOMY').set(bearer(tiranaLearner))).body;
  const tiranaView = async () => ({
    progress: await progress(),
    lessons: (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(bearer(tiranaLearner))).body
      .map((l: { title: string; done: boolean }) => [l.title, l.done]),
    check: (({ maxAttempts, passed, questions }) => ({ maxAttempts, passed, questions }))(
      (await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check').set(bearer(tiranaLearner))).body),
  });

  beforeAll(async () => {
    academy = await TestAcademy.start('catalogue-ownership');
    tirana = await academy.login();
    dublin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    platform = await academy.login(PLATFORM.email, PLATFORM.password);
    await academy.http.put('/api/modules/DHR-AUTONOMY/lessons').set(bearer(platform)).send({ lessons: LESSONS }).expect(200);
    await academy.http.put('/api/modules/DHR-AUTONOMY/knowledge-check').set(bearer(platform)).send(CHECK).expect(200);

    const programme = async (token: string, code: string) => {
      const res = await academy.http.post('/api/programmes').set(bearer(token))
        .send({ code, title: code, moduleCodes: ['DHR-AUTONOMY'], ruleSet: 'tirana-2023', deliveryMode: 'self-paced' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    tiranaProgramme = await programme(tirana, 'TIRANA-MOOC');
    const dublinProgramme = await programme(dublin, 'DUBLIN-MOOC');
    const ana = await person(academy, tirana, { email: 'ana.mooc@tirana.example' });
    const ciara = await person(academy, dublin, { email: 'ciara.mooc@dublin.example' });
    await academy.http.post(`/api/programmes/${tiranaProgramme}/enrolments`).set(bearer(tirana)).send({ userId: ana.id }).expect(201);
    await academy.http.post(`/api/programmes/${dublinProgramme}/enrolments`).set(bearer(dublin)).send({ userId: ciara.id }).expect(201);
    tiranaLearner = await academy.login(ana.email, 'a-long-password');
    dublinLearner = await academy.login(ciara.email, 'a-long-password');

    for (const lesson of (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(bearer(tiranaLearner))).body) {
      await academy.http.post(`/api/lessons/${lesson.id}/done`).set(bearer(tiranaLearner)).expect(200);
    }
    await academy.http.post('/api/modules/DHR-AUTONOMY/knowledge-check/attempts').set(bearer(tiranaLearner)).send({ answers: [0] }).expect(201);
    expect(await progress()).toMatchObject({ lessonsTotal: 2, lessonsDone: 2, checkPassed: true, attended: true });
  });
  afterAll(() => academy.stop());

  it("refuses every Dublin attempt on the shared and on Tirana's lessons and checks, and Tirana's learner keeps their progress", async () => {
    const before = await tiranaView();
    const tiranaModule = await academy.http.post('/api/modules').set(bearer(tirana))
      .send({ code: 'TIR-WALK', kind: 'audience', title: 'Tirana: a walk through the digital city', description: 'A guided walk.' });
    expect(tiranaModule.status).toBe(201);
    expect(tiranaModule.body).toMatchObject({ code: 'TIR-WALK', city: 'TIRANA' });
    await academy.http.put('/api/modules/TIR-WALK/lessons').set(bearer(tirana)).send({ lessons: LESSONS }).expect(200);
    await academy.http.put('/api/modules/TIR-WALK/knowledge-check').set(bearer(tirana)).send(CHECK).expect(200);
    const tiranaKey = await academy.http.get('/api/modules/TIR-WALK/knowledge-check/definition').set(bearer(tirana));
    expect(tiranaKey.body).toMatchObject({ scope: 'city', questions: [{ correctIndex: 0 }] });

    const attempts: [string, () => Promise<{ status: number; body: any }>, number][] = [
      ['empty the shared lessons', () => academy.http.put('/api/modules/DHR-AUTONOMY/lessons').set(bearer(dublin)).send({ lessons: [] }), 403],
      ['cut the shared attempt limit', () => academy.http.put('/api/modules/DHR-AUTONOMY/knowledge-check').set(bearer(dublin)).send({ ...CHECK, maxAttempts: 1 }), 403],
      ['read the shared answer key', () => academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check/definition').set(bearer(dublin)), 403],
      ["empty Tirana's own lessons", () => academy.http.put('/api/modules/TIR-WALK/lessons').set(bearer(dublin)).send({ lessons: [] }), 404],
      ["cut Tirana's attempt limit", () => academy.http.put('/api/modules/TIR-WALK/knowledge-check').set(bearer(dublin)).send({ ...CHECK, maxAttempts: 1 }), 404],
      ["read Tirana's answer key", () => academy.http.get('/api/modules/TIR-WALK/knowledge-check/definition').set(bearer(dublin)), 404],
      ["make a variant of Tirana's module", () => academy.http.put('/api/modules/TIR-WALK/variant/lessons').set(bearer(dublin)).send({ lessons: [] }), 404],
      ["read Tirana's lessons", () => academy.http.get('/api/modules/TIR-WALK/lessons').set(bearer(dublin)), 404],
      ['empty the shared lessons as Tirana', () => academy.http.put('/api/modules/DHR-AUTONOMY/lessons').set(bearer(tirana)).send({ lessons: [] }), 403],
      ['the shared key as Tirana', () => academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check/definition').set(bearer(tirana)), 403],
    ];
    for (const [what, attempt, expected] of attempts) {
      const res = await attempt();
      expect({ what, status: res.status }).toEqual({ what, status: expected });
      expect(JSON.stringify(res.body)).not.toMatch(/correctIndex/);
      expect(await tiranaView()).toEqual(before);
    }
    // Tirana's module answers Dublin exactly as an unknown code does.
    const unknown = await academy.http.get('/api/modules/TIR-NOPE/lessons').set(bearer(dublin));
    const hidden = await academy.http.get('/api/modules/TIR-WALK/lessons').set(bearer(dublin));
    expect(hidden.body.message.replace('TIR-WALK', 'X')).toBe(unknown.body.message.replace('TIR-NOPE', 'X'));
    // Dublin may use the same code for its own module: codes are per city.
    const same = await academy.http.post('/api/modules').set(bearer(dublin))
      .send({ code: 'TIR-WALK', kind: 'audience', title: "Dublin's own walk", description: 'Another walk.' });
    expect(same.status).toBe(201);
    const shared = await academy.http.post('/api/modules').set(bearer(dublin))
      .send({ code: 'DHR-INTRO', kind: 'introductory', title: 'x', description: 'x' });
    expect(shared.status).toBe(409);
    // The answer key is the platform's for shared modules.
    const key = await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check/definition').set(bearer(platform));
    expect(key.body).toMatchObject({ scope: 'shared', maxAttempts: 3, questions: [{ correctIndex: 0 }] });
    // Shared edits are filed under the coalition, city edits under that city.
    const audit = await academy.db.query(
      `SELECT c.code, e.action, e.entity_id FROM audit_events e JOIN cities c ON c.id = e.city_id
        WHERE e.entity = 'module' ORDER BY e.id`,
    );
    expect(audit).toEqual([
      { code: 'COALITION', action: 'lessons.replaced', entity_id: 'DHR-AUTONOMY' },
      // The shared check is seeded from the course content, so the platform replaces it.
      { code: 'COALITION', action: 'knowledge-check.replaced', entity_id: 'DHR-AUTONOMY' },
      { code: 'TIRANA', action: 'module.created', entity_id: 'TIR-WALK' },
      { code: 'TIRANA', action: 'lessons.replaced', entity_id: 'TIR-WALK' },
      { code: 'TIRANA', action: 'knowledge-check.created', entity_id: 'TIR-WALK' },
      { code: 'DUBLIN', action: 'module.created', entity_id: 'TIR-WALK' },
    ]);
  });

  it("gives Dublin's learners Dublin's variant and leaves every other city's learners on the shared module", async () => {
    const before = await tiranaView();
    const sharedLessons = (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(bearer(dublinLearner))).body;
    expect(sharedLessons.map((l: { title: string }) => l.title)).toEqual(LESSONS.map((l) => l.title));

    const variant = await academy.http.put('/api/modules/DHR-AUTONOMY/variant/lessons').set(bearer(dublin))
      .send({ lessons: [{ kind: 'text', title: 'Autonomy, the Dublin way', body: 'One lesson for Dublin.' }] });
    expect(variant.status).toBe(200);
    const key = await academy.http.put('/api/modules/DHR-AUTONOMY/variant/knowledge-check').set(bearer(dublin))
      .send({ passMark: 1, maxAttempts: 1, questions: [{ prompt: 'Dublin asks…', options: ['a', 'b', 'c'], correctIndex: 2 }] });
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ scope: 'city', maxAttempts: 1 });
    expect((await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check/definition').set(bearer(dublin))).body)
      .toMatchObject({ scope: 'city', questions: [{ prompt: 'Dublin asks…', correctIndex: 2 }] });

    // Tirana's learner is untouched; the shared definition is what the platform still sees.
    expect(await tiranaView()).toEqual(before);
    expect((await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check/definition').set(bearer(platform))).body)
      .toMatchObject({ scope: 'shared', maxAttempts: 3 });

    // Dublin's learner follows the variant: one lesson, Dublin's check; a shared lesson is not theirs.
    const lessons = (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(bearer(dublinLearner))).body;
    expect(lessons.map((l: { title: string }) => l.title)).toEqual(['Autonomy, the Dublin way']);
    expect((await academy.http.post(`/api/lessons/${sharedLessons[0].id}/done`).set(bearer(dublinLearner))).status).toBe(404);
    expect((await academy.http.post(`/api/lessons/${lessons[0].id}/done`).set(bearer(tiranaLearner))).status).toBe(404);
    await academy.http.post(`/api/lessons/${lessons[0].id}/done`).set(bearer(dublinLearner)).expect(200);
    const check = (await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check').set(bearer(dublinLearner))).body;
    expect(check).toMatchObject({ maxAttempts: 1, questions: [{ prompt: 'Dublin asks…' }] });
    await academy.http.post('/api/modules/DHR-AUTONOMY/knowledge-check/attempts').set(bearer(dublinLearner)).send({ answers: [2] }).expect(201);
    expect((await academy.http.get('/api/me/progress/DHR-AUTONOMY').set(bearer(dublinLearner))).body)
      .toMatchObject({ lessonsTotal: 1, lessonsDone: 1, checkPassed: true, attended: true });
    expect(await tiranaView()).toEqual(before);

    // The one definition of attended (the statistics read it) follows each city's own definition.
    const stats = (await academy.http.get(`/api/programmes/${tiranaProgramme}/stats`).set(bearer(tirana))).body;
    expect(stats).toMatchObject({ enrolled: 1, attendees: 1, modules: { 'DHR-AUTONOMY': 1 } });
    const [row] = await academy.db.query(
      `SELECT sp.lessons_total, sp.lessons_done, sp.check_passed FROM module_self_paced sp
         JOIN programmes p ON p.id = sp.programme_id WHERE p.code = 'DUBLIN-MOOC'`,
    );
    expect(row).toEqual({ lessons_total: 1, lessons_done: 1, check_passed: true });
  });

  it('answers the platform role no learner data', async () => {
    const programmeRoutes = ['', '/certificates', '/dry-run', '/submissions', '/sessions', '/stats', '/close-status'];
    for (const suffix of programmeRoutes) {
      const res = await academy.http.get(`/api/programmes/${tiranaProgramme}${suffix}`).set(bearer(platform));
      expect({ suffix, status: res.status }).toEqual({ suffix, status: 403 });
    }
    for (const path of ['/api/programmes', '/api/users', '/api/surveys/needs-assessment/results']) {
      expect({ path, status: (await academy.http.get(path).set(bearer(platform))).status }).toEqual({ path, status: 403 });
    }
    const [ana] = await academy.db.query(`SELECT id FROM users WHERE email = 'ana.mooc@tirana.example'`);
    expect((await academy.http.get(`/api/users/${ana.id}`).set(bearer(platform))).status).toBe(403);
    // The city routes made for it answer counts only.
    const cities = (await academy.http.get('/api/cities').set(bearer(platform))).body;
    const tiranaCity = cities.find((c: { code: string }) => c.code === 'TIRANA');
    const answers = [
      cities,
      (await academy.http.get(`/api/cities/${tiranaCity.id}/programmes`).set(bearer(platform))).body,
      (await academy.http.get(`/api/cities/${tiranaCity.id}/programmes/${tiranaProgramme}/stats`).set(bearer(platform))).body,
    ];
    // Aggregates only, and at the platform's level: one learner is a cell under 5, suppressed.
    expect(answers[2].headline).toMatchObject({ enrolled: null, attendees: null });
    expect(JSON.stringify(answers)).not.toMatch(/ana\.mooc|@tirana\.example|@dublin\.example|ciara/);
    // Lessons as content: the platform reads them, but has no progress to make and no survey to answer.
    const [lesson] = (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(bearer(platform))).body;
    expect(lesson).toMatchObject({ title: LESSONS[0].title, done: false });
    const own = [
      await academy.http.get('/api/me/progress/DHR-AUTONOMY').set(bearer(platform)),
      await academy.http.post(`/api/lessons/${lesson.id}/done`).set(bearer(platform)),
      await academy.http.post('/api/modules/DHR-AUTONOMY/knowledge-check/attempts').set(bearer(platform)).send({ answers: [0] }),
      await academy.http.post('/api/surveys/needs-assessment/responses').set(bearer(platform)).send({}),
    ];
    expect(own.map((r) => r.status)).toEqual([403, 403, 403, 403]);
  });
});

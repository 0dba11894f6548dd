import { bearer, PLATFORM, TestAcademy } from './support/academy.js';

/**
 * The MOOC format through HTTP: an administrator writes lessons and knowledge checks for two
 * self-paced modules of a programme that also has live ones; enrolled learners read, mark
 * lessons done and answer the check (never seeing the answer key); the certificate job counts
 * a finished self-paced module as attended, also when it is finished after closing.
 */
describe('Self-paced modules (MOOC)', () => {
  let academy: TestAcademy;
  let admin: string;
  /** The shared catalogue's lessons and checks are written by the coalition's academy team. */
  let author: string;
  let programmeId: string;
  const users: Record<string, { id: string; token: string }> = {};

  // The answer key of the 4-question check: question i is right with option KEY[i].
  const KEY = [1, 0, 2, 1];
  const TWO_RIGHT = [1, 0, 0, 0];
  const THREE_RIGHT = [1, 0, 2, 0];
  const ALL_RIGHT = KEY;

  const lessonsBody = (module: string) => ({
    lessons: [
      { kind: 'text', title: `${module}: why it matters`, body: 'Rights apply online as they do offline.' },
      { kind: 'video', title: `${module}: a talk`, url: 'https://video.example/talk' },
      { kind: 'reading', title: `${module}: further reading`, url: 'https://example.org/reading.pdf', body: 'Chapter 2.' },
    ],
  });
  const checkBody = {
    passMark: 0.75,
    maxAttempts: 3,
    questions: [
      { prompt: 'Which licence makes software a digital public good?', options: ['Proprietary', 'Open source', 'Freeware'], correctIndex: 1 },
      { prompt: 'Who decides in an automated decision the law allows?', options: ['A person can review it', 'Only the system'], correctIndex: 0 },
      { prompt: 'Which is personal data?', options: ['A street name', 'The weather', 'A licence plate'], correctIndex: 2 },
      { prompt: 'Open standards help most with…', options: ['Lock-in', 'Interoperability', 'Secrecy', 'Nothing'], correctIndex: 1 },
    ],
  };

  const as = (who: string) => bearer(users[who].token);

  beforeAll(async () => {
    academy = await TestAcademy.start('self-paced');
    admin = await academy.login();
    author = await academy.login(PLATFORM.email, PLATFORM.password);
    for (const name of ['ana', 'ben', 'carla', 'dora', 'outsider']) {
      const u = await academy.createUser({ email: `${name}@tirana.example`, name, role: 'learner' });
      users[name] = { id: u.id, token: await academy.login(`${name}@tirana.example`, 'a-long-password') };
    }
  });
  afterAll(() => academy.stop());

  it('lets an administrator write lessons and a knowledge check, validating every field', async () => {
    for (const code of ['DHR-PUBLIC-GOODS', 'DHR-AUTONOMY']) {
      const res = await academy.http.put(`/api/modules/${code}/lessons`).set(bearer(author)).send(lessonsBody(code));
      expect(res.status).toBe(200);
      expect(res.body.map((l: any) => [l.position, l.kind])).toEqual([[1, 'text'], [2, 'video'], [3, 'reading']]);
    }

    const badLessons = await academy.http
      .put('/api/modules/DHR-AUTONOMY/lessons')
      .set(bearer(author))
      .send({ lessons: [{ kind: 'video', title: 'No link' }, { kind: 'podcast', title: 'x', body: 'y' }] });
    expect(badLessons.status).toBe(400);
    expect(badLessons.body.message).toMatch(/lessons\[0\]\.url is required for a video lesson/);
    expect(badLessons.body.message).toMatch(/lessons\[1\]\.kind must be one of text, video, reading/);

    const badCheck = await academy.http
      .put('/api/modules/DHR-AUTONOMY/knowledge-check')
      .set(bearer(author))
      .send({
        ...checkBody,
        passMark: 75,
        questions: checkBody.questions.map((q, i) => (i === 2 ? { ...q, correctIndex: 3 } : q)),
      });
    expect(badCheck.status).toBe(400);
    expect(badCheck.body.message).toMatch(/questions\[2\]\.correctIndex must be less than the number of options/);
    expect(badCheck.body.message).toMatch(/passMark must be a share from 0 to 1/);
    expect(badCheck.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'questions[2].correctIndex' })]),
    );

    const tooFewOptions = await academy.http
      .put('/api/modules/DHR-AUTONOMY/knowledge-check')
      .set(bearer(author))
      .send({ ...checkBody, questions: [{ prompt: 'Yes?', options: ['Yes'], correctIndex: 0 }] });
    expect(tooFewOptions.status).toBe(400);
    expect(tooFewOptions.body.message).toMatch(/questions\[0\]\.options must be a list of 2 to 8 answers/);

    for (const code of ['DHR-PUBLIC-GOODS', 'DHR-AUTONOMY']) {
      const res = await academy.http.put(`/api/modules/${code}/knowledge-check`).set(bearer(author)).send(checkBody);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ moduleCode: code, passMark: 0.75, maxAttempts: 3, attempts: 0 });
      expect(res.body.questions.map((q: any) => q.correctIndex)).toEqual(KEY);
    }

    const docs = await academy.http.get('/docs/openapi.json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining([
      '/api/modules/{code}/lessons', '/api/lessons/{id}/done', '/api/modules/{code}/knowledge-check',
      '/api/modules/{code}/knowledge-check/attempts', '/api/me/progress/{moduleCode}',
    ]));

    const unknownModule = await academy.http.put('/api/modules/DHR-NOPE/lessons').set(bearer(author)).send(lessonsBody('x'));
    expect(unknownModule.status).toBe(404);
  });

  it('replaces the lesson list keeping the lessons named by id', async () => {
    const before = (await academy.http.get('/api/modules/DHR-PUBLIC-GOODS/lessons').set(bearer(admin))).body;
    const res = await academy.http
      .put('/api/modules/DHR-PUBLIC-GOODS/lessons')
      .set(bearer(author))
      .send({
        lessons: [
          { id: before[2].id, kind: 'reading', title: 'Read first', url: 'https://example.org/reading.pdf' },
          { id: before[0].id, kind: 'text', title: before[0].title, body: 'Rights apply online as they do offline.' },
          { kind: 'text', title: 'A new summary', body: 'Summary.' },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.map((l: any) => [l.position, l.title])).toEqual([
      [1, 'Read first'], [2, before[0].title], [3, 'A new summary'],
    ]);
    expect(res.body[0].id).toBe(before[2].id);
    expect(res.body[1].id).toBe(before[0].id);
    expect(res.body.map((l: any) => l.id)).not.toContain(before[1].id);

    const stranger = await academy.http
      .put('/api/modules/DHR-PUBLIC-GOODS/lessons')
      .set(bearer(author))
      .send({ lessons: [{ id: '00000000-0000-4000-8000-000000000000', kind: 'text', title: 'T', body: 'B' }] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.message).toMatch(/lessons\[0\]\.id is not a lesson of DHR-PUBLIC-GOODS/);
  });

  it('creates a programme with live and self-paced modules and enrols learners', async () => {
    const res = await academy.http
      .post('/api/programmes')
      .set(bearer(admin))
      .send({
        code: 'TIRANA-MOOC-2024',
        title: 'Digital rights, blended',
        moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-PUBLIC-GOODS', 'DHR-AUTONOMY'],
        ruleSet: 'tirana-2023',
        deliveryMode: 'hybrid',
      });
    expect(res.status).toBe(201);
    programmeId = res.body.id;
    for (const name of ['ana', 'ben', 'dora']) {
      await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: users[name].id }).expect(201);
    }
    // Carla takes the live modules only.
    await academy.http
      .post(`/api/programmes/${programmeId}/enrolments`)
      .set(bearer(admin))
      .send({ userId: users.carla.id, moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY'] })
      .expect(201);
  });

  it('shows an enrolled learner the lessons and the check without any answer key', async () => {
    const lessons = await academy.http.get('/api/modules/dhr-autonomy/lessons').set(as('ana'));
    expect(lessons.status).toBe(200);
    expect(lessons.body.map((l: any) => [l.position, l.kind, l.done])).toEqual([
      [1, 'text', false], [2, 'video', false], [3, 'reading', false],
    ]);
    expect(lessons.text).not.toMatch(/correct/i);

    const check = await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check').set(as('ana'));
    expect(check.status).toBe(200);
    expect(check.text).not.toContain('correctIndex');
    expect(check.text).not.toContain('correct_index');
    expect(check.body).toMatchObject({
      moduleCode: 'DHR-AUTONOMY', passMark: 0.75, questionsToPass: 3, maxAttempts: 3,
      attemptsUsed: 0, attemptsLeft: 3, passed: false, best: null, attempts: [], reviewAvailable: false,
    });
    expect(check.body.questions).toEqual(
      checkBody.questions.map((q, index) => ({ index, prompt: q.prompt, options: q.options })),
    );

    const asLearner = await academy.http.put('/api/modules/DHR-AUTONOMY/lessons').set(as('ana')).send(lessonsBody('x'));
    expect(asLearner.status).toBe(403);
    const key = await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check/definition').set(as('ana'));
    expect(key.status).toBe(403);
  });

  it('scores attempts, reveals wrong questions only after passing, and refuses a fourth attempt', async () => {
    const attempt = (who: string, answers: unknown) =>
      academy.http.post('/api/modules/DHR-AUTONOMY/knowledge-check/attempts').set(as(who)).send({ answers });

    const short = await attempt('ana', [1, 0, 2]);
    expect(short.status).toBe(400);
    expect(short.body.message).toBe('answers must have 4 entries, one per question (got 3)');
    const outOfRange = await attempt('ana', [1, 0, 3, 0]);
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.message).toBe('answers[2] must be an option index from 0 to 2');
    const notNumbers = await attempt('ana', ['a', 0, 2, 1]);
    expect(notNumbers.status).toBe(400);

    const wrong = await attempt('ana', TWO_RIGHT);
    expect(wrong.status).toBe(201);
    expect(wrong.body).toMatchObject({
      number: 1, correct: 2, total: 4, score: 0.5, passed: false, checkPassed: false, attemptsUsed: 1, attemptsLeft: 2,
    });
    expect(wrong.body).not.toHaveProperty('wrongQuestions');
    expect(wrong.text).not.toContain('correctIndex');

    const pass = await attempt('ana', THREE_RIGHT);
    expect(pass.status).toBe(201);
    expect(pass.body).toMatchObject({ number: 2, correct: 3, score: 0.75, passed: true, checkPassed: true, attemptsLeft: 1 });
    // Passed: which questions were wrong can no longer help, so it is shown.
    expect(pass.body.wrongQuestions).toEqual([3]);

    const last = await attempt('ana', TWO_RIGHT);
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({ number: 3, passed: false, checkPassed: true, attemptsLeft: 0, wrongQuestions: [2, 3] });

    const exhausted = await attempt('ana', ALL_RIGHT);
    expect(exhausted.status).toBe(409);
    expect(exhausted.body.message).toMatch(/no attempt left/);

    const view = await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check').set(as('ana'));
    expect(view.text).not.toContain('correctIndex');
    expect(view.body).toMatchObject({
      attemptsUsed: 3, attemptsLeft: 0, passed: true, reviewAvailable: true,
      best: { number: 2, score: 0.75, passed: true, wrongQuestions: [3] },
    });
    expect(view.body.attempts.map((a: any) => [a.number, a.correct, a.passed])).toEqual([
      [1, 2, false], [2, 3, true], [3, 2, false],
    ]);

    // Ben never passes: after his last attempt he may see what was wrong, then no more.
    for (const [i, expected] of [[1, 2], [2, 1], [3, 0]] as const) {
      const res = await attempt('ben', TWO_RIGHT);
      expect(res.body).toMatchObject({ number: i, passed: false, attemptsLeft: expected });
      if (expected > 0) expect(res.body).not.toHaveProperty('wrongQuestions');
      else expect(res.body.wrongQuestions).toEqual([2, 3]);
    }
    expect((await attempt('ben', ALL_RIGHT)).status).toBe(409);
  });

  it('gives racing submissions exactly the attempts left, and racing lesson completions one effect', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        academy.http.post('/api/modules/DHR-PUBLIC-GOODS/knowledge-check/attempts').set(as('dora')).send({ answers: TWO_RIGHT })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    expect(results.filter((r) => r.status === 201).map((r) => r.body.number).sort()).toEqual([1, 2, 3]);

    const [lesson] = (await academy.http.get('/api/modules/DHR-PUBLIC-GOODS/lessons').set(as('dora'))).body;
    const revision = async () =>
      (await academy.db.query(`SELECT revision FROM enrolments WHERE programme_id = $1 AND user_id = $2`, [
        programmeId, users.dora.id,
      ]))[0].revision;
    const before = await revision();
    const done = await Promise.all(
      Array.from({ length: 5 }, () => academy.http.post(`/api/lessons/${lesson.id}/done`).set(as('dora'))),
    );
    expect(done.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(done.map((r) => r.body.doneAt)).size).toBe(1);
    expect((await revision()) - before).toBe(1);
  });

  it('keeps the questions of an attempted check fixed, but lets the attempt limit change', async () => {
    const changed = await academy.http
      .put('/api/modules/DHR-AUTONOMY/knowledge-check')
      .set(bearer(author))
      .send({ ...checkBody, passMark: 0.5 });
    expect(changed.status).toBe(409);
    expect(changed.body.message).toMatch(/already has 6 attempt\(s\)/);
    const definition = await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check/definition').set(bearer(author));
    expect(definition.body).toMatchObject({ passMark: 0.75, maxAttempts: 3, attempts: 6 });

    const moreAttempts = await academy.http
      .put('/api/modules/DHR-AUTONOMY/knowledge-check')
      .set(bearer(author))
      .send({ ...checkBody, maxAttempts: 4 });
    expect(moreAttempts.status).toBe(200);
    expect(moreAttempts.body).toMatchObject({ maxAttempts: 4, attempts: 6 });
    const ben = await academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check').set(as('ben'));
    expect(ben.body).toMatchObject({ attemptsLeft: 1, reviewAvailable: false });
    expect(ben.body.attempts[0]).not.toHaveProperty('wrongQuestions');
    // Back to three: Ben is out of attempts again.
    await academy.http.put('/api/modules/DHR-AUTONOMY/knowledge-check').set(bearer(author)).send(checkBody).expect(200);
  });

  it('marks lessons done idempotently and reports progress, attended once all lessons are done and the check passed', async () => {
    const progress = () => academy.http.get('/api/me/progress/DHR-AUTONOMY').set(as('ana'));
    expect((await progress()).body).toEqual({
      moduleCode: 'DHR-AUTONOMY', selfPaced: true, lessonsTotal: 3, lessonsDone: 0, hasCheck: true, checkPassed: true,
      attended: false,
    });
    const lessons = (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(as('ana'))).body;
    const first = await academy.http.post(`/api/lessons/${lessons[0].id}/done`).set(as('ana'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ lessonId: lessons[0].id, done: true, progress: { lessonsDone: 1, attended: false } });
    const again = await academy.http.post(`/api/lessons/${lessons[0].id}/done`).set(as('ana'));
    expect(again.status).toBe(200);
    expect(again.body.doneAt).toBe(first.body.doneAt);
    expect(again.body.progress.lessonsDone).toBe(1);

    for (const l of lessons.slice(1)) {
      await academy.http.post(`/api/lessons/${l.id}/done`).set(as('ana')).expect(200);
    }
    expect((await progress()).body).toMatchObject({ lessonsTotal: 3, lessonsDone: 3, checkPassed: true, attended: true });
    const listed = (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(as('ana'))).body;
    expect(listed.every((l: any) => l.done)).toBe(true);
    // Progress is the caller's own: Ben has none.
    const ben = await academy.http.get('/api/me/progress/DHR-AUTONOMY').set(as('ben'));
    expect(ben.body).toMatchObject({ lessonsDone: 0, checkPassed: false, attended: false });

    const live = await academy.http.get('/api/me/progress/DHR-INTRO').set(as('ana'));
    expect(live.body).toMatchObject({ selfPaced: false, lessonsTotal: 0, attended: false });

    const missing = await academy.http.post('/api/lessons/00000000-0000-4000-8000-000000000000/done').set(as('ana'));
    expect(missing.status).toBe(404);
    const malformed = await academy.http.post('/api/lessons/not-a-uuid/done').set(as('ana'));
    expect(malformed.status).toBe(400);
  });

  it('refuses learners not enrolled in a programme with the module', async () => {
    const lessons = (await academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(as('ana'))).body;
    for (const who of ['outsider', 'carla']) {
      const requests = [
        academy.http.get('/api/modules/DHR-AUTONOMY/lessons').set(as(who)),
        academy.http.get('/api/modules/DHR-AUTONOMY/knowledge-check').set(as(who)),
        academy.http.post('/api/modules/DHR-AUTONOMY/knowledge-check/attempts').set(as(who)).send({ answers: ALL_RIGHT }),
        academy.http.post(`/api/lessons/${lessons[0].id}/done`).set(as(who)),
        academy.http.get('/api/me/progress/DHR-AUTONOMY').set(as(who)),
      ];
      for (const res of await Promise.all(requests)) {
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('you are not enrolled in a programme with module DHR-AUTONOMY');
        expect(res.text).not.toContain('correctIndex');
      }
    }
    const [{ n }] = await academy.db.query(
      `SELECT count(*)::int AS n FROM check_attempts a JOIN users u ON u.id = a.user_id WHERE u.email IN ($1, $2)`,
      ['outsider@tirana.example', 'carla@tirana.example'],
    );
    expect(n).toBe(0);
  });

  it('counts a finished self-paced module as attended, and re-evaluates work finished after closing', async () => {
    const session = await academy.http
      .post(`/api/programmes/${programmeId}/sessions`)
      .set(bearer(admin))
      .send({ moduleCode: 'DHR-INTRO', startsAt: '2024-02-06T09:00:00Z', endsAt: '2024-02-06T11:00:00Z', mode: 'online' });
    expect(session.status).toBe(201);
    await academy.http.put(`/api/sessions/${session.body.id}/attendance/${users.ana.id}`).set(bearer(admin)).send({ status: 'present' }).expect(200);

    await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(programmeId, admin);
    const certificates = async () =>
      academy.db.query(
        `SELECT u.email, c.kind, c.status FROM certificates c JOIN users u ON u.id = c.user_id
          WHERE c.programme_id = $1 ORDER BY u.email, c.issued_at`,
        [programmeId],
      );
    // Ana: DHR-INTRO live + DHR-AUTONOMY self-paced = exactly 2 modules → Attendance under tirana-2023.
    expect(await certificates()).toEqual([{ email: 'ana@tirana.example', kind: 'attendance', status: 'valid' }]);
    const [benDecision] = await academy.db.query(
      `SELECT d.explanation FROM decisions d WHERE d.programme_id = $1 AND d.user_id = $2 ORDER BY d.decided_at DESC LIMIT 1`,
      [programmeId, users.ben.id],
    );
    expect(benDecision.explanation.join('\n')).toMatch(/DHR-AUTONOMY: self-paced, 0 of 3 lessons done, knowledge check not passed/);

    // After closing, Ana finishes DHR-PUBLIC-GOODS: each step bumps her enrolment and the job runs again.
    const [{ revision: before }] = await academy.db.query(
      `SELECT revision FROM enrolments WHERE programme_id = $1 AND user_id = $2`,
      [programmeId, users.ana.id],
    );
    const lessons = (await academy.http.get('/api/modules/DHR-PUBLIC-GOODS/lessons').set(as('ana'))).body;
    for (const l of lessons) await academy.http.post(`/api/lessons/${l.id}/done`).set(as('ana')).expect(200);
    const failed = await academy.http.post('/api/modules/DHR-PUBLIC-GOODS/knowledge-check/attempts').set(as('ana')).send({ answers: TWO_RIGHT });
    expect(failed.body).toMatchObject({ passed: false, attemptsLeft: 2 });
    const passed = await academy.http.post('/api/modules/DHR-PUBLIC-GOODS/knowledge-check/attempts').set(as('ana')).send({ answers: ALL_RIGHT });
    expect(passed.body).toMatchObject({ passed: true, score: 1, attemptsLeft: 1, wrongQuestions: [] });
    const [{ revision: after }] = await academy.db.query(
      `SELECT revision FROM enrolments WHERE programme_id = $1 AND user_id = $2`,
      [programmeId, users.ana.id],
    );
    // 3 lessons newly done + the check becoming passed; the failed attempt changed no fact.
    expect(after - before).toBe(4);

    await academy.waitForEvaluation(programmeId, admin);
    expect(await certificates()).toEqual([
      { email: 'ana@tirana.example', kind: 'attendance', status: 'superseded' },
      { email: 'ana@tirana.example', kind: 'completion', status: 'valid' },
    ]);
    const [decision] = await academy.db.query(
      `SELECT attended_modules FROM decisions WHERE programme_id = $1 AND user_id = $2 ORDER BY decided_at DESC LIMIT 1`,
      [programmeId, users.ana.id],
    );
    expect(decision.attended_modules).toEqual(['DHR-INTRO', 'DHR-PUBLIC-GOODS', 'DHR-AUTONOMY']);
  });
});

import { loadCourseContent, type ModuleContent } from '@academy/course-content';
import { prepareDatabase, seedSelfPaced } from '@academy/database';
import { bearer, TestAcademy } from './support/academy.js';
import { tokenIn, waitForMails } from './support/outbox.js';
import { pdfText } from './support/pdf.js';

/**
 * MOOC-2024 end to end through HTTP, as a newcomer takes it: invited by Tirana's
 * administrator, they set a password, read the lessons of the introduction and two deep dives
 * in order, answer each knowledge check (never seeing the answer key before submitting, failing
 * once), and leave with a Certificate of Completion naming the three modules, issued without
 * anyone closing the programme. The same flow in Albanian serves the Albanian texts.
 */
describe('MOOC-2024, the self-paced programme', () => {
  let academy: TestAcademy;
  let admin: string;
  let programme: { id: string; code: string; modules: { code: string }[] };
  let content: Map<string, ModuleContent>;
  const MODULES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION'];

  beforeAll(async () => {
    academy = await TestAcademy.start('mooc');
    admin = await academy.login();
    content = new Map(loadCourseContent().map((c) => [c.code, c]));
    const list = await academy.http.get('/api/programmes').set(bearer(admin));
    programme = list.body.find((p: { code: string }) => p.code === 'MOOC-2024');
  });
  afterAll(() => academy.stop());

  /** The invitation mail in the outbox (no SMTP in tests), once its sender has committed, and the token its link carries. */
  async function invitationToken(email: string): Promise<string> {
    const [mail] = await waitForMails(academy.db, academy.config.dataDir, email, /invitation#token=/);
    return tokenIn(mail!, 'invitation');
  }

  /** Invited and enrolled by the administrator; the learner sets their own password. */
  async function newcomer(name: string, language: string): Promise<string> {
    const email = `${name}@tirana.example`;
    const created = await academy.http.post('/api/users').set(bearer(admin)).send({ email, name, role: 'learner', language });
    expect(created.status).toBe(201);
    expect(created.body.invited).toBe(true);
    await academy.http.post(`/api/programmes/${programme.id}/enrolments`).set(bearer(admin))
      .send({ userId: created.body.id }).expect((r) => expect([200, 201]).toContain(r.status));
    const token = await invitationToken(email);
    const accepted = await academy.http.post('/api/auth/accept-invitation').send({ token, password: 'my-own-long-password' });
    expect(accepted.status).toBe(200);
    return academy.login(email, 'my-own-long-password');
  }

  /** Nothing a learner is sent before submitting may hold the answer key or the feedback. */
  function expectNoAnswerKey(body: unknown, mod: ModuleContent) {
    const json = JSON.stringify(body);
    expect(json).not.toMatch(/correct_?index|answerKey|feedback|wrongQuestions/i);
    for (const q of mod.knowledgeCheck!.questions) {
      for (const text of Object.values(q.feedback)) expect(json).not.toContain(text);
    }
  }

  const wrongAnswers = (mod: ModuleContent) =>
    mod.knowledgeCheck!.questions.map((q) => (q.correctIndex + 1) % q.options.length);
  const rightAnswers = (mod: ModuleContent) => mod.knowledgeCheck!.questions.map((q) => q.correctIndex);

  async function takeModule(token: string, code: string, language: 'en' | 'sq') {
    const mod = content.get(code)!;
    const lessons = await academy.http.get(`/api/modules/${code}/lessons`).set(bearer(token));
    expect(lessons.status).toBe(200);
    expect(lessons.body.map((l: any) => l.title)).toEqual(mod.lessons.map((l) => l.title[language]));
    expect(lessons.body[0].body).toBe(mod.lessons[0].body[language]);
    expect(lessons.body.every((l: any) => l.language === language && !l.languageFallback)).toBe(true);

    // In order: the second lesson cannot be done before the first.
    const skip = await academy.http.post(`/api/lessons/${lessons.body[1].id}/done`).set(bearer(token));
    expect(skip.status).toBe(409);
    expect(skip.body.message).toMatch(/lesson 1 .* is not done yet/);
    for (const l of lessons.body) await academy.http.post(`/api/lessons/${l.id}/done`).set(bearer(token)).expect(200);

    const check = await academy.http.get(`/api/modules/${code}/knowledge-check`).set(bearer(token));
    expect(check.status).toBe(200);
    expectNoAnswerKey(check.body, mod);
    expect(check.body).toMatchObject({ language, languageFallback: false, attemptsUsed: 0, attemptsLeft: 3, passed: false });
    expect(check.body.questions.map((q: any) => q.prompt)).toEqual(mod.knowledgeCheck!.questions.map((q) => q.prompt[language]));
    expect(check.body.questions[0].options).toEqual(mod.knowledgeCheck!.questions[0].options.map((o) => o[language]));

    const failed = await academy.http.post(`/api/modules/${code}/knowledge-check/attempts`).set(bearer(token))
      .send({ answers: wrongAnswers(mod) });
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({ passed: false, checkPassed: false, attemptsUsed: 1, attemptsLeft: 2 });
    expectNoAnswerKey(failed.body, mod);
    const after = await academy.http.get(`/api/modules/${code}/knowledge-check`).set(bearer(token));
    expect(after.body).toMatchObject({ attemptsUsed: 1, attemptsLeft: 2 });
    expectNoAnswerKey(after.body, mod);

    const passed = await academy.http.post(`/api/modules/${code}/knowledge-check/attempts`).set(bearer(token))
      .send({ answers: rightAnswers(mod) });
    expect(passed.body).toMatchObject({ passed: true, checkPassed: true, attemptsLeft: 1, wrongQuestions: [] });
    // Once passed, the feedback says why each right answer is right, in the learner's language.
    expect(passed.body.feedback).toEqual(mod.knowledgeCheck!.questions.map((q) => q.feedback[language]));
    const progress = await academy.http.get(`/api/me/progress/${code}`).set(bearer(token));
    expect(progress.body).toMatchObject({ selfPaced: true, lessonsDone: mod.lessons.length, checkPassed: true, attended: true });
  }

  async function certificates(token: string, kind: string) {
    for (let i = 0; i < 400; i++) {
      const res = await academy.http.get('/api/me/certificates').set(bearer(token));
      const found = res.body.filter((c: any) => c.kind === kind && c.status === 'valid');
      if (found.length) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${kind} certificate`);
  }

  it('is seeded in Tirana as an open, self-paced programme of the introduction and two deep dives', () => {
    expect(programme).toBeDefined();
    expect(programme).toMatchObject({ status: 'open', deliveryMode: 'self-paced', ruleSet: 'mooc-2024' });
    expect(programme.modules.map((m) => m.code)).toEqual(MODULES);
  });

  it('takes a newcomer from the invitation to a Certificate of Completion naming the modules', async () => {
    const token = await newcomer('arben.mooc', 'en');
    const mine = await academy.http.get('/api/me/programmes').set(bearer(token));
    expect(mine.body.map((p: any) => p.code)).toEqual(['MOOC-2024']);

    await takeModule(token, 'DHR-INTRO', 'en');
    // One module done: a Certificate of Attendance, without anyone closing the programme.
    await certificates(token, 'attendance');
    for (const code of MODULES.slice(1)) await takeModule(token, code, 'en');

    const [completion] = await certificates(token, 'completion');
    const shown = await academy.http.get('/api/me/programmes').set(bearer(token));
    expect(shown.body[0].modules.map((m: any) => [m.code, m.attended])).toEqual(MODULES.map((c) => [c, true]));
    expect(shown.body[0].modulesAttended).toBe(3);
    const all = (await academy.http.get('/api/me/certificates').set(bearer(token))).body;
    expect(all.filter((c: any) => c.status === 'valid').map((c: any) => c.kind)).toEqual(['completion']);

    const pdf = await academy.http.get(`/api/certificates/${completion.id}/pdf`).set(bearer(token)).buffer(true)
      .parse((res, cb) => { const parts: Buffer[] = []; res.on('data', (d: Buffer) => parts.push(d)); res.on('end', () => cb(null, Buffer.concat(parts))); });
    expect(pdf.status).toBe(200);
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    expect(text).toContain('Certificate of Completion');
    for (const code of MODULES) expect(text).toContain(content.get(code)!.title.en);
  });

  it('serves the same course in Albanian to an Albanian-speaking learner, and says when it falls back', async () => {
    const token = await newcomer('drita.mooc', 'sq');
    for (const code of MODULES) await takeModule(token, code, 'sq');
    const [completion] = await certificates(token, 'completion');
    const pdf = await academy.http.get(`/api/certificates/${completion.id}/pdf`).set(bearer(token)).buffer(true)
      .parse((res, cb) => { const parts: Buffer[] = []; res.on('data', (d: Buffer) => parts.push(d)); res.on('end', () => cb(null, Buffer.concat(parts))); });
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    for (const code of MODULES) expect(text).toContain(content.get(code)!.title.sq);

    // A language the course is not written in falls back to the city's default (Albanian), visibly.
    const german = await academy.http.get('/api/modules/DHR-INTRO/lessons?lang=de').set(bearer(token));
    expect(german.body[0]).toMatchObject({ language: 'sq', requestedLanguage: 'de', languageFallback: true });
    const english = await academy.http.get('/api/modules/DHR-INTRO/lessons?lang=en').set(bearer(token));
    expect(english.body[0].title).toBe(content.get('DHR-INTRO')!.lessons[0].title.en);
  });

  it('re-seeds idempotently, and takes a changed content file in without losing progress', async () => {
    const snapshot = () => academy.db.query(
      `SELECT 'lesson' AS t, id::text, xmin::text FROM lessons
       UNION ALL SELECT 'check', id::text, xmin::text FROM knowledge_checks
       UNION ALL SELECT 'question', check_id::text || position, xmin::text FROM check_questions ORDER BY 1, 2`);
    const before = await snapshot();
    await prepareDatabase(academy.config.databaseUrl);
    expect(await snapshot()).toEqual(before);

    // A new wording of the first lesson, and a question whose right answer moved: a new version of the check.
    const intro = structuredClone(content.get('DHR-INTRO')!);
    intro.lessons[0].title.sq = 'Të njëjtat të drejta në linjë si jashtë saj (botim i ri)';
    const q0 = intro.knowledgeCheck!.questions[0];
    q0.options.reverse();
    q0.correctIndex = q0.options.length - 1 - q0.correctIndex;
    const [{ id: moduleId }] = await academy.db.query(`SELECT id FROM modules WHERE code = 'DHR-INTRO'`);
    await academy.db.transaction((m) => seedSelfPaced(m, moduleId, intro));

    const token = await academy.login('drita.mooc@tirana.example', 'my-own-long-password');
    const lessons = (await academy.http.get('/api/modules/DHR-INTRO/lessons').set(bearer(token))).body;
    expect(lessons[0].title).toBe(intro.lessons[0].title.sq);
    expect(lessons.every((l: any) => l.done)).toBe(true);
    const check = (await academy.http.get('/api/modules/DHR-INTRO/knowledge-check').set(bearer(token))).body;
    expect(check).toMatchObject({ version: 2, passed: true, attemptsUsed: 0, attemptsLeft: 3 });
    expect(check.questions[0].options).toEqual(q0.options.map((o) => o.sq));
    const progress = await academy.http.get('/api/me/progress/DHR-INTRO').set(bearer(token));
    expect(progress.body).toMatchObject({ attended: true });
    const [attempts] = await academy.db.query(
      `SELECT count(*)::int AS n FROM check_attempts a JOIN knowledge_checks c ON c.id = a.check_id WHERE c.module_id = $1`, [moduleId]);
    expect(attempts.n).toBe(4);

    // Back to the file as it is: texts in place again, and no third version for a change nobody attempted.
    await academy.db.transaction((m) => seedSelfPaced(m, moduleId, content.get('DHR-INTRO')!));
    const again = (await academy.http.get('/api/modules/DHR-INTRO/knowledge-check').set(bearer(token))).body;
    expect(again.version).toBe(2);
    expect(again.questions[0].options).toEqual(content.get('DHR-INTRO')!.knowledgeCheck!.questions[0].options.map((o) => o.sq));
  });

  it('keeps the shared lessons from turning a live programme into a self-paced one', async () => {
    const tirana = await academy.tirana();
    const [row] = await academy.db.query(
      `SELECT count(*)::int AS n FROM module_self_paced WHERE programme_id = $1`, [tirana.id]);
    expect(row.n).toBe(0);
  });
});

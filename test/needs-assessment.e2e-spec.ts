import { bearer, TestAcademy } from './support/academy.js';

const answers = (privacy: number, formats: string[]) => ({
  knowledgeLevel: 'general',
  hadDataProtectionTraining: false,
  necessity: { ethics: 3, 'human-rights': 3, bias: 2, inclusion: 2, 'data-control': privacy, 'privacy-security': privacy, participation: 3 },
  concerns: ['phishing', 'ransomware'],
  preferredFormats: formats,
});

/** Tirana's needs assessment: answered once, aggregated per city, small groups suppressed. */
describe('needs assessment', () => {
  let academy: TestAcademy;
  let admin: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    academy = await TestAcademy.start('survey');
    admin = await academy.login();
    for (let i = 0; i < 6; i++) {
      await academy.createUser({ email: `official${i}@tirana.example`, name: `Official ${i}`, role: 'learner' });
      tokens.push(await academy.login(`official${i}@tirana.example`, 'a-long-password'));
    }
  });
  afterAll(() => academy.stop());

  it('serves the instrument with the seven areas', async () => {
    const res = await academy.http.get('/api/surveys/needs-assessment').set(bearer(tokens[0]));
    expect(res.status).toBe(200);
    expect(res.body.areas).toHaveLength(7);
    expect(res.body.formats).toEqual(['in-person-workshops', 'videos', 'virtual-workshops', 'text']);
  });

  it('validates answers and takes one response per person', async () => {
    const bad = await academy.http
      .post('/api/surveys/needs-assessment/responses')
      .set(bearer(tokens[0]))
      .send({ ...answers(4, ['videos']), necessity: { ...answers(4, []).necessity, bias: 9 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/necessity\.bias must not be greater than 4/);
    const first = await academy.http.post('/api/surveys/needs-assessment/responses').set(bearer(tokens[0])).send(answers(4, ['in-person-workshops', 'videos']));
    expect(first.status).toBe(201);
    const second = await academy.http.post('/api/surveys/needs-assessment/responses').set(bearer(tokens[0])).send(answers(4, ['videos']));
    expect(second.status).toBe(409);
  });

  it('suppresses fewer than five responses, then ranks areas, formats and deep dives', async () => {
    for (const t of tokens.slice(1, 4)) {
      await academy.http.post('/api/surveys/needs-assessment/responses').set(bearer(t)).send(answers(4, ['in-person-workshops', 'videos'])).expect(201);
    }
    const few = await academy.http.get('/api/surveys/needs-assessment/results').set(bearer(admin));
    expect(few.body).toEqual({ responses: 4, suppressed: true });
    for (const t of tokens.slice(4)) {
      await academy.http.post('/api/surveys/needs-assessment/responses').set(bearer(t)).send(answers(3, ['videos', 'text'])).expect(201);
    }
    const res = await academy.http.get('/api/surveys/needs-assessment/results').set(bearer(admin));
    expect(res.body).toMatchObject({ responses: 6, suppressed: false, knowledgeLevels: { general: 6 } });
    expect(res.body.formats.slice(0, 2)).toEqual([
      { format: 'videos', points: 20, chosenBy: 6 },
      { format: 'in-person-workshops', points: 16, chosenBy: 4 },
    ]);
    expect(res.body.deepDives[0]).toMatchObject({ moduleCode: 'DHR-PRIVACY', need: 3.67 });
    expect(res.body.concerns).toEqual([{ concern: 'phishing', count: 6 }, { concern: 'ransomware', count: 6 }]);
    expect((await academy.http.get('/api/surveys/needs-assessment/results').set(bearer(tokens[0]))).status).toBe(403);
  });
});

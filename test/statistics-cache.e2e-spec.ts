import { bearer, TestAcademy } from './support/academy.js';
import { person } from './support/city.js';
import { tiranaCsv } from './support/tirana-cohort.js';

/**
 * A repeated statistics read is answered from the answer built for the same cells; these
 * tests check that such an answer is the one a fresh build gives, and that nothing that
 * changes a figure, a name or the freshness can leave a cached answer in place.
 */
describe('statistics: answers reused only while nothing they show has changed', () => {
  let academy: TestAcademy;
  let admin: string;
  let pid: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('statistics-cache');
    admin = await academy.login();
    pid = (await academy.tirana()).id;
    expect((await academy.importCsv(pid, tiranaCsv())).status).toBe(200);
  });
  afterAll(() => academy.stop());

  const get = (route: string) => academy.http.get(route).set(bearer(admin)).expect(200);
  /** The next current answer (the worker's refresh, should the request not have done it). */
  const current = async (route: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await get(route);
      if (res.body.freshness.current) return res;
      expect(res.body.freshness.stale.length).toBeGreaterThan(0);
      if (Date.now() > deadline) throw new Error(`still stale: ${JSON.stringify(res.body.freshness)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const programmeRoute = () => `/api/programmes/${pid}/stats`;

  it('answers a repeated read with the same JSON, byte for byte, as application/json', async () => {
    const first = await current(programmeRoute());
    const again = await get(programmeRoute());
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.text).toBe(first.text);
    const city = await current('/api/statistics');
    expect((await get('/api/statistics')).text).toBe(city.text);
    // Another route or filter of the same cells is its own answer.
    expect(city.body.scope.filters).toEqual({});
    expect(first.body.scope.filters).toEqual({ programme: pid });
    const dept = (await academy.db.query(`SELECT department_id AS id FROM users WHERE department_id IS NOT NULL LIMIT 1`))[0].id;
    const narrowed = await current(`/api/statistics?department=${dept}`);
    expect(narrowed.body.scope.filters).toEqual({ department: dept });
    expect(narrowed.body.headline.enrolled).toBeLessThan(city.body.headline.enrolled);
  });

  it('never answers a correction with the figures from before it as current', async () => {
    const before = (await current(programmeRoute())).body;
    const [row] = await academy.db.query(
      `SELECT a.session_id, a.user_id FROM attendance a JOIN sessions s ON s.id = a.session_id
        WHERE s.programme_id = $1 AND a.status = 'present' LIMIT 1`, [pid]);
    await academy.http.put(`/api/sessions/${row.session_id}/attendance/${row.user_id}`).set(bearer(admin))
      .send({ status: 'absent', reason: 'cache test' }).expect(200);
    const next = (await get(programmeRoute())).body;
    const sessionRow = (a: any) => a.tables.find((t: any) => t.id === 'sessions').rows.find((r: any) => r.key === row.session_id);
    if (next.freshness.current) {
      // Refreshed within the request: the new figures.
      expect(sessionRow(next).values[3]).not.toBe(sessionRow(before).values[3]);
    } else {
      expect(next.freshness.stale).toEqual([expect.objectContaining({ programmeId: pid, changedSince: expect.any(String) })]);
    }
    const after = (await current(programmeRoute())).body;
    expect(after.freshness.asOf).not.toBe(before.freshness.asOf);
    expect(sessionRow(after).values).not.toEqual(sessionRow(before).values);
  });

  it('shows a new programme title and new survey answers in the next answer', async () => {
    const before = (await current('/api/statistics')).body;
    await academy.http.patch(`/api/programmes/${pid}`).set(bearer(admin)).send({ title: 'Renamed for the cache test' }).expect(200);
    const renamed = (await current('/api/statistics')).body;
    expect(renamed.scope.programmes.find((p: any) => p.id === pid).title).toBe('Renamed for the cache test');
    expect(renamed.headline).toEqual(before.headline);

    const respondent = await person(academy, admin, { email: 'cache-respondent@tirana.example' });
    const token = await academy.login(respondent.email, 'a-long-password');
    await academy.http.post('/api/surveys/needs-assessment/responses').set(bearer(token)).send({
      knowledgeLevel: 'basic', hadDataProtectionTraining: false,
      necessity: { ethics: 3, 'human-rights': 4, bias: 2, inclusion: 2, 'data-control': 3, 'privacy-security': 3, participation: 2 },
      concerns: ['phishing'], preferredFormats: ['in-person-workshops'],
    }).expect(201);
    const surveyed = (await current('/api/statistics')).body;
    expect(surveyed.needsAssessment.responses).toBe(renamed.needsAssessment.responses + 1);
  });

  it('marks the programme changed for what its figures read of an enrolment, not for a bump of its revision', async () => {
    const before = (await current(programmeRoute())).body;
    const changes = async () => (await academy.db.query(`SELECT count(*)::int AS n FROM stats_changes WHERE programme_id = $1`, [pid]))[0].n;
    expect(await changes()).toBe(0);
    // A learner counted at DHR-PRIVACY.
    const [{ user_id: learner }] = await academy.db.query(
      `SELECT r.user_id FROM module_session_records r JOIN modules m ON m.id = r.module_id
        WHERE r.programme_id = $1 AND m.code = 'DHR-PRIVACY' AND r.status = 'present' LIMIT 1`, [pid]);
    // What every attendance change does to the enrolment beside it: no figure reads it.
    await academy.db.query(`UPDATE enrolments SET revision = revision + 1 WHERE programme_id = $1 AND user_id = $2`, [pid, learner]);
    expect(await changes()).toBe(0);
    expect((await get(programmeRoute())).text).toBe(JSON.stringify(before));
    // Enrolled in the introduction only: no longer counted at DHR-PRIVACY.
    await academy.db.query(`UPDATE enrolments SET module_codes = ARRAY['DHR-INTRO'] WHERE programme_id = $1 AND user_id = $2`, [pid, learner]);
    expect(await changes()).toBe(1);
    expect((await current(programmeRoute())).body.modules['DHR-PRIVACY']).toBe(before.modules['DHR-PRIVACY'] - 1);
    await academy.db.query(`UPDATE enrolments SET module_codes = NULL WHERE programme_id = $1 AND user_id = $2`, [pid, learner]);
    expect((await current(programmeRoute())).body.modules['DHR-PRIVACY']).toBe(before.modules['DHR-PRIVACY']);
  });

  it('keeps the not-found answers of the scope checks', async () => {
    const other = '00000000-0000-4000-8000-000000000000';
    for (const route of [`/api/programmes/${other}/stats`, `/api/statistics?programme=${other}`, `/api/statistics?department=${other}`,
      `/api/programmes/${pid}/stats?department=${other}`]) {
      const res = await academy.http.get(route).set(bearer(admin));
      expect(res.status).toBe(404);
    }
    // Another city's programme is not found before the period is looked at.
    const res = await academy.http.get(`/api/programmes/${other}/stats?from=2024-02-01&to=2024-01-01`).set(bearer(admin));
    expect(res.status).toBe(404);
    expect((await academy.http.get(`/api/programmes/${pid}/stats?from=2024-02-01&to=2024-01-01`).set(bearer(admin))).status).toBe(400);
  });
});

describe('statistics: deliveries as the Trainer certificate counts them', () => {
  let academy: TestAcademy;
  let admin: string;
  let pid: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('statistics-deliveries');
    admin = await academy.login();
    pid = (await academy.tirana()).id;
    expect((await academy.importCsv(pid, tiranaCsv())).status).toBe(200);
  });
  afterAll(() => academy.stop());

  const headline = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await academy.http.get(`/api/programmes/${pid}/stats`).set(bearer(admin)).expect(200);
      if (body.freshness.current) return body.headline;
      if (Date.now() > deadline) throw new Error(`still stale: ${JSON.stringify(body.freshness)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('leaves out a session its trainer assigned themselves to (trainer_deliveries), counts it once someone else assigns them', async () => {
    const before = await headline();
    const trainer = await person(academy, admin, { email: 'delivering-trainer@tirana.example', role: 'trainer' });
    const [session] = await academy.db.query(`SELECT id FROM sessions WHERE programme_id = $1 ORDER BY starts_at LIMIT 1`, [pid]);
    // A row the api refuses to write (nobody assigns themselves), as an older record may hold one.
    await academy.db.query(`INSERT INTO session_trainers (session_id, user_id, role, assigned_by) VALUES ($1, $2, 'lead', $2)`,
      [session.id, trainer.id]);
    expect(await headline()).toMatchObject({ trainers: before.trainers, sessionsLed: before.sessionsLed });
    await academy.http.post(`/api/sessions/${session.id}/trainers`).set(bearer(admin))
      .send({ userId: trainer.id, role: 'lead' }).expect(201);
    expect(await headline()).toMatchObject({ trainers: before.trainers + 1, sessionsLed: before.sessionsLed + 1 });
  });
});

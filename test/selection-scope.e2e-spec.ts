import { bearer, TestAcademy } from './support/academy.js';
import { cityAdmin, person } from './support/city.js';

/**
 * A selection gives places in the session's module: the selected youth are enrolled in the
 * youth module only; a second run replaces the first run's outcome and the report shows
 * both runs. A city's own programme declares priority criteria per module.
 */
describe('selection scoped to the session module, with every run on record', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;
  let sessionId: string;
  let byHand: string;
  const applicants: string[] = [];

  beforeAll(async () => {
    academy = await TestAcademy.start('selection-scope');
    admin = await cityAdmin(academy, 'DUBLIN', 'coordinator@dublin.example');
    const list = await academy.http.get('/api/programmes').set(bearer(admin));
    programmeId = list.body.find((p: { code: string }) => p.code === 'DUBLIN-2023').id;
  });
  afterAll(() => academy.stop());

  /** Who the dry run lists, with the modules each is enrolled in (attended or missing). */
  async function enrolled(): Promise<Record<string, string[]>> {
    const dry = await academy.http.get(`/api/programmes/${programmeId}/dry-run?perPage=1000`).set(bearer(admin));
    expect(dry.status).toBe(200);
    return Object.fromEntries(dry.body.map((d: any) => [d.learnerId, [...d.attendedModules, ...d.missingModules]]));
  }

  it('enrols the selected youth in the youth module only', async () => {
    const programme = await academy.http.get(`/api/programmes/${programmeId}`).set(bearer(admin));
    expect(programme.body.modules.map((m: any) => [m.code, m.audience])).toEqual([
      ['DUB-STAFF', 'staff'], ['DUB-YOUTH', 'youth'], ['DUB-COMMUNITY', 'resident'], ['DHR-TOT', null],
    ]);
    const session = await academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin))
      .send({ moduleCode: 'DUB-YOUTH', startsAt: '2023-03-15T10:00:00', endsAt: '2023-03-15T12:00:00', mode: 'in-person', capacity: 4 });
    sessionId = session.body.id;
    for (let i = 0; i < 10; i++) {
      const youth = await person(academy, admin, {
        email: `student${i}@school.example`, audience: 'youth', deisSchool: i % 2 === 0,
        ...(i < 5 ? { gender: 'female', demographicsConsent: true } : {}),
      });
      applicants.push(youth.id);
      await academy.http.post(`/api/sessions/${sessionId}/applications`).set(bearer(admin)).send({ userId: youth.id }).expect(201);
    }
    const first = await academy.http.post(`/api/sessions/${sessionId}/selection`).set(bearer(admin)).send({ seed: 'first-seed' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ run: 1, moduleCode: 'DUB-YOUTH', seed: 'first-seed' });
    expect(first.body.selected).toHaveLength(4);
    const now = await enrolled();
    for (const s of first.body.selected) expect(now[s.userId]).toEqual(['DUB-YOUTH']);
    expect(Object.keys(now).sort()).toEqual(first.body.selected.map((s: any) => s.userId).sort());
  });

  it('a second run with another seed leaves no enrolment of the first run that it did not select', async () => {
    const first = (await academy.http.get(`/api/sessions/${sessionId}/selection`).set(bearer(admin))).body;
    // Someone the administrator enrolled by hand keeps that enrolment whatever the selection says.
    const firstIds: string[] = first.selected.map((s: any) => s.userId);
    byHand = firstIds[0];
    await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: byHand }).expect(201);
    let second;
    // Seeds are tried until a run both drops someone of the first run and leaves out the one enrolled by hand.
    for (const seed of ['second-seed', ...Array.from({ length: 60 }, (_, i) => `seed-${i}`)]) {
      second = await academy.http.post(`/api/sessions/${sessionId}/selection`).set(bearer(admin)).send({ seed, reason: 'a place was counted twice' });
      const ids = second.body.selected.map((s: any) => s.userId);
      if (!ids.includes(byHand) && firstIds.some((id) => id !== byHand && !ids.includes(id))) break;
    }
    expect(second!.status).toBe(200);
    const secondIds: string[] = second!.body.selected.map((s: any) => s.userId);
    const dropped = firstIds.filter((id) => !secondIds.includes(id) && id !== byHand);
    expect(dropped.length).toBeGreaterThan(0);

    const now = await enrolled();
    for (const id of dropped) expect(now[id]).toBeUndefined();
    for (const id of secondIds.filter((x) => x !== byHand)) expect(now[id]).toEqual(['DUB-YOUTH']);
    expect(secondIds).not.toContain(byHand);
    expect(now[byHand]).toEqual(['DUB-YOUTH', 'DHR-TOT']);
    const statuses = await academy.db.query(`SELECT user_id, status FROM applications WHERE session_id = $1`, [sessionId]);
    for (const row of statuses) expect(row.status).toBe(secondIds.includes(row.user_id) ? 'selected' : 'waiting');

    const report = (await academy.http.get(`/api/sessions/${sessionId}/selection`).set(bearer(admin))).body;
    expect(report.run).toBe(report.report.runs.length);
    expect(report.report.runCount).toBe(report.report.runs.length);
    expect(report.report.runs[0]).toMatchObject({ run: 1, kind: 'selection', seed: 'first-seed', reason: null, by: 'coordinator@dublin.example', replaces: null, selected: 4, waiting: 6 });
    expect(report.report.runs[1]).toMatchObject({ run: 2, kind: 'selection', seed: 'second-seed', reason: 'a place was counted twice', replaces: 1 });
    expect(report.seed).toBe(report.report.runs.at(-1).seed);
  });

  it('a withdrawal is a run as well: the withdrawn loses the place and the module, the promoted gains them', async () => {
    const before = (await academy.http.get(`/api/sessions/${sessionId}/selection`).set(bearer(admin))).body;
    const leaving = before.selected.map((s: any) => s.userId).find((id: string) => id !== byHand) as string;
    const res = await academy.http.post(`/api/sessions/${sessionId}/applications/${leaving}/withdraw`).set(bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.report.runs.at(-1)).toMatchObject({ kind: 'withdrawal', replaces: before.run });
    expect(res.body.report.runCount).toBe(before.report.runCount);
    const now = await enrolled();
    expect(now[leaving]).toBeUndefined();
    expect(res.body.withdrawn).toEqual([leaving]);
    for (const s of res.body.selected) expect(now[s.userId]).toContain('DUB-YOUTH');
    // Applying again is a new application at the back of the queue, not the place given up.
    const [{ applied_at: first }] = await academy.db.query(
      `SELECT applied_at FROM applications WHERE session_id = $1 AND user_id = $2`, [sessionId, leaving]);
    const again = await academy.http.post(`/api/sessions/${sessionId}/applications`).set(bearer(admin)).send({ userId: leaving });
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('applied');
    const [row] = await academy.db.query(`SELECT status, applied_at FROM applications WHERE session_id = $1 AND user_id = $2`, [sessionId, leaving]);
    expect(row.status).toBe('applied');
    expect(row.applied_at.getTime()).toBeGreaterThan(first.getTime());
    expect((await enrolled())[leaving]).toBeUndefined();
    // And once more: nothing changes.
    const twice = await academy.http.post(`/api/sessions/${sessionId}/applications`).set(bearer(admin)).send({ userId: leaving });
    expect(twice.body.status).toBe('applied');
  });

  it("lets a city's own programme declare priority criteria per module, validated, and honours them", async () => {
    const bad = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'DUBLIN-YOUTH-2024', title: 'Walking debates 2024', moduleCodes: ['DUB-YOUTH'], ruleSet: 'dublin-2023',
      selectionCriteria: { 'DUB-YOUTH': [{ attribute: 'height', value: 'tall', minShare: 0.5, label: 'tall' }, { attribute: 'deis', value: 'yes', minShare: 2, label: 'deis' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/selectionCriteria\.DUB-YOUTH\[0\]\.attribute: must be one of "gender", "deis"/);
    expect(bad.body.message).toMatch(/selectionCriteria\.DUB-YOUTH\[1\]\.value: must be true or false for "deis"/);
    expect(bad.body.message).toMatch(/selectionCriteria\.DUB-YOUTH\[1\]\.minShare: must be a share above 0 and at most 1/);
    const outside = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'DUBLIN-YOUTH-2024', title: 'Walking debates 2024', moduleCodes: ['DUB-YOUTH'], ruleSet: 'dublin-2023',
      selectionCriteria: { 'DUB-STAFF': [] },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toBe("selectionCriteria.DUB-STAFF: is not one of the programme's modules");

    const created = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'DUBLIN-YOUTH-2024', title: 'Walking debates 2024', moduleCodes: ['DUB-YOUTH'], ruleSet: 'dublin-2023',
      selectionCriteria: { 'DUB-YOUTH': [{ attribute: 'deis', value: true, minShare: 0.5, label: 'students of DEIS schools' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.modules[0].selectionCriteria).toEqual([{ attribute: 'deis', value: true, minShare: 0.5, label: 'students of DEIS schools' }]);

    const girls = [{ attribute: 'gender', value: 'female', minShare: 0.75, label: 'girls' }];
    const updated = await academy.http.put(`/api/programmes/${created.body.id}/modules/dub-youth`).set(bearer(admin)).send({ selectionCriteria: girls });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ code: 'DUB-YOUTH', audience: 'youth', selectionCriteria: girls });
    const wrong = await academy.http.put(`/api/programmes/${created.body.id}/modules/DUB-YOUTH`).set(bearer(admin))
      .send({ selectionCriteria: [{ attribute: 'gender', value: '', minShare: 0.5, label: 'girls' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/selectionCriteria\[0\]\.value: must be a text of 1 to 50 characters for "gender"/);
    expect((await academy.http.put(`/api/programmes/${created.body.id}/modules/DUB-STAFF`).set(bearer(admin)).send({ selectionCriteria: [] })).status).toBe(404);

    const session = await academy.http.post(`/api/programmes/${created.body.id}/sessions`).set(bearer(admin))
      .send({ moduleCode: 'DUB-YOUTH', startsAt: '2024-03-15T10:00:00', capacity: 4 });
    for (const id of applicants) {
      await academy.http.post(`/api/sessions/${session.body.id}/applications`).set(bearer(admin)).send({ userId: id }).expect(201);
    }
    const run = await academy.http.post(`/api/sessions/${session.body.id}/selection`).set(bearer(admin)).send({ seed: 'girls-first' });
    expect(run.status).toBe(200);
    expect(run.body.report.criteria).toEqual([expect.objectContaining({ label: 'girls', target: 3, met: true })]);
    const women = new Set(applicants.slice(0, 5));
    expect(run.body.selected.filter((s: any) => women.has(s.userId)).length).toBeGreaterThanOrEqual(3);
    const audit = await academy.db.query(
      `SELECT after FROM audit_events WHERE entity_id = $1 AND action = 'programme.module-updated'`,
      [created.body.id],
    );
    expect(audit).toEqual([{ after: { moduleCode: 'DUB-YOUTH', selectionCriteria: girls } }]);
  });
});

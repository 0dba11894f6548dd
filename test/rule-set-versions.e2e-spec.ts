import { bearer, TestAcademy } from './support/academy.js';
import { cityAdmin, person } from './support/city.js';

const MODULES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION'];
const V1 = {
  format: 'academy.rule-set/1',
  id: 'tirana-three-modules',
  version: 1,
  title: 'Three modules',
  description: 'Completion for all three modules; attendance for exactly two.',
  moduleAttended: { statuses: ['present', 'late'] },
  awards: [
    { kind: 'completion', scope: 'programme', when: { minModules: 3 } },
    { kind: 'attendance', scope: 'programme', when: { minModules: 2, maxModules: 2 } },
  ],
};
const V2 = {
  ...V1,
  version: 2,
  description: 'Completion for one module.',
  awards: [{ kind: 'completion', scope: 'programme', when: { minModules: 1 } }],
};

/**
 * A programme decides under the version of its rule set it first decided with; a newer
 * version applies only when the programme adopts it, before any certificate. Rule-set ids
 * are a city's own.
 */
describe('rule-set versions pinned on the programme', () => {
  let academy: TestAcademy;
  let admin: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('ruleset-versions');
    admin = await academy.login();
  });
  afterAll(() => academy.stop());

  /** A programme of the three modules under V1's id, one session each, and its learners. */
  async function programme(code: string, plan: Record<string, string[]>) {
    const created = await academy.http.post('/api/programmes').set(bearer(admin))
      .send({ code, title: code, moduleCodes: MODULES, ruleSet: V1.id, timezone: 'Europe/Tirane' });
    expect(created.status).toBe(201);
    expect(created.body.ruleSetVersion).toBeNull();
    const id: string = created.body.id;
    const sessions: Record<string, string> = {};
    for (const [i, code] of MODULES.entries()) {
      const s = await academy.http.post(`/api/programmes/${id}/sessions`).set(bearer(admin))
        .send({ moduleCode: code, startsAt: `2025-05-0${i + 1}T09:00:00`, endsAt: `2025-05-0${i + 1}T10:30:00` });
      sessions[code] = s.body.id;
    }
    const learners: Record<string, string> = {};
    for (const [name, modules] of Object.entries(plan)) {
      const user = await person(academy, admin, { email: `${name}.${code.toLowerCase()}@tirana.example` });
      learners[name] = user.id;
      await academy.http.post(`/api/programmes/${id}/enrolments`).set(bearer(admin)).send({ userId: user.id }).expect(201);
      for (const m of modules) {
        await academy.http.put(`/api/sessions/${sessions[m]}/attendance/${user.id}`).set(bearer(admin)).send({ status: 'present' }).expect(200);
      }
    }
    return { id, sessions, learners };
  }

  const decisionsOf = (programmeId: string, userId: string) =>
    academy.db.query(
      `SELECT rule_set_version, awards FROM decisions WHERE programme_id = $1 AND user_id = $2 ORDER BY decided_at`,
      [programmeId, userId],
    );

  it('keeps deciding a closed programme under version 1 after version 2 is published, and records it', async () => {
    await academy.http.post('/api/rule-sets').set(bearer(admin)).send(V1).expect(201);
    const p = await programme('PINNED-2025', { full: MODULES, single: ['DHR-INTRO'] });
    await academy.http.post(`/api/programmes/${p.id}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(p.id);
    const closed = await academy.http.get(`/api/programmes/${p.id}`).set(bearer(admin));
    expect(closed.body).toMatchObject({ ruleSet: V1.id, ruleSetVersion: 1 });

    const published = await academy.http.post('/api/rule-sets').set(bearer(admin)).send(V2);
    expect(published.status).toBe(201);
    // One attendance row changes after closing: the learner is decided again, under version 1.
    await academy.http.put(`/api/sessions/${p.sessions['DHR-PRIVACY']}/attendance/${p.learners.single}`).set(bearer(admin))
      .send({ status: 'present', reason: 'make-up session' }).expect(200);
    await academy.waitForEvaluation(p.id);

    const decisions = await decisionsOf(p.id, p.learners.single);
    expect(decisions).toEqual([
      { rule_set_version: 1, awards: [] },
      { rule_set_version: 1, awards: [{ kind: 'attendance', scope: 'programme' }] },
    ]);
    const certs = await academy.http.get(`/api/programmes/${p.id}/certificates?status=valid`).set(bearer(admin));
    expect(certs.body.map((c: any) => `${c.learnerEmail.split('.')[0]} ${c.kind}`).sort()).toEqual(['full completion', 'single attendance']);
    expect((await academy.http.get(`/api/programmes/${p.id}`).set(bearer(admin))).body.ruleSetVersion).toBe(1);
    const dry = await academy.http.get(`/api/programmes/${p.id}/dry-run`).set(bearer(admin));
    expect(dry.body.every((d: any) => d.ruleSetVersion === 1)).toBe(true);
    const stats = await academy.http.get(`/api/programmes/${p.id}/stats`).set(bearer(admin));
    expect(stats.body).toMatchObject({ ruleSet: V1.id, ruleSetVersion: 1 });
  });

  it('refuses to adopt version 2 once certificates exist, saying what the administrator can do', async () => {
    const [{ id }] = await academy.db.query(`SELECT id FROM programmes WHERE code = 'PINNED-2025'`);
    const refused = await academy.http.put(`/api/programmes/${id}/rule-set-version`).set(bearer(admin)).send({ version: 2 });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/^version: the programme has 2 certificates decided under tirana-three-modules version 1, so its rules are frozen/);
    expect(refused.body.message).toMatch(/create a new programme with the rule set you want/);
    expect(refused.body.message).not.toMatch(/publish/);
    // The other route tells the same truth, and no longer advises publishing a version of a built-in rule set.
    const change = await academy.http.put(`/api/programmes/${id}/rule-set`).set(bearer(admin)).send({ ruleSet: 'tirana-2023' });
    expect(change.status).toBe(409);
    expect(change.body.message).toMatch(/frozen/);
    expect(change.body.message).not.toMatch(/publish a new version/);
    const [row] = await academy.db.query(`SELECT rule_set_version FROM programmes WHERE id = $1`, [id]);
    expect(row.rule_set_version).toBe(1);
  });

  it('adopts version 2 explicitly before any certificate, audited, and decides again under it', async () => {
    // Version 2 exists already: this programme chooses version 1 (any version can be adopted
    // before the first certificate), decides under it, then opts in to version 2.
    const p = await programme('ADOPTING-2025', { one: ['DHR-INTRO'] });
    const pinned = await academy.http.put(`/api/programmes/${p.id}/rule-set-version`).set(bearer(admin)).send({ version: 1 });
    expect(pinned.status).toBe(200);
    expect(pinned.body.ruleSetVersion).toBe(1);
    await academy.http.post(`/api/programmes/${p.id}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(p.id);
    expect(await decisionsOf(p.id, p.learners.one)).toEqual([{ rule_set_version: 1, awards: [] }]);

    const unknown = await academy.http.put(`/api/programmes/${p.id}/rule-set-version`).set(bearer(admin)).send({ version: 7 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('version: tirana-three-modules has no version 7 (its versions: 1, 2)');

    const adopted = await academy.http.put(`/api/programmes/${p.id}/rule-set-version`).set(bearer(admin)).send({ version: 2 });
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ ruleSet: V1.id, ruleSetVersion: 2, status: 'closed' });
    await academy.waitForEvaluation(p.id);
    expect(await decisionsOf(p.id, p.learners.one)).toEqual([
      { rule_set_version: 1, awards: [] },
      { rule_set_version: 2, awards: [{ kind: 'completion', scope: 'programme' }] },
    ]);
    const audit = await academy.db.query(
      `SELECT e.action, e.before, e.after, u.email FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.entity = 'programme' AND e.entity_id = $1 AND e.action LIKE 'programme.rule-set-version%' ORDER BY e.id`,
      [p.id],
    );
    expect(audit).toEqual([
      { action: 'programme.rule-set-version-adopted', before: { ruleSet: V1.id, ruleSetVersion: null }, after: { ruleSet: V1.id, ruleSetVersion: 1 }, email: 'admin@tirana.example' },
      { action: 'programme.rule-set-version-adopted', before: { ruleSet: V1.id, ruleSetVersion: 1 }, after: { ruleSet: V1.id, ruleSetVersion: 2 }, email: 'admin@tirana.example' },
    ]);
  });

  it('pins the latest version at the first decision of a programme that adopted none, and audits that', async () => {
    const p = await programme('LATEST-2025', { two: ['DHR-INTRO', 'DHR-PRIVACY'] });
    await academy.http.post(`/api/programmes/${p.id}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(p.id);
    expect((await academy.http.get(`/api/programmes/${p.id}`).set(bearer(admin))).body.ruleSetVersion).toBe(2);
    const [pin] = await academy.db.query(
      `SELECT actor_id, after FROM audit_events WHERE entity_id = $1 AND action = 'programme.rule-set-version-pinned'`,
      [p.id],
    );
    expect(pin).toEqual({ actor_id: null, after: { ruleSet: V1.id, ruleSetVersion: 2 } });
  });

  it('says truthfully why a built-in rule set gets no new version, and a built-in programme has only version 1', async () => {
    const builtIn = await academy.http.post('/api/rule-sets').set(bearer(admin)).send({ ...V1, id: 'tirana-2023', version: 2 });
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.message).toMatch(/built-in rule set, which cannot get new versions; publish your rules under another id/);
    const tirana = await academy.tirana();
    const res = await academy.http.put(`/api/programmes/${tirana.id}/rule-set-version`).set(bearer(admin)).send({ version: 2 });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('version: tirana-2023 has no version 2 (its versions: 1)');
    const again = await academy.http.post('/api/rule-sets').set(bearer(admin)).send(V2);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already exists \(versions are immutable\); publish it as version 3/);
  });

  it('keeps rule-set ids per city: another city may use the same id, and learns nothing of this one', async () => {
    const dublin = await cityAdmin(academy, 'DUBLIN', 'coordinator@dublin.example');
    const own = { ...V1, title: 'Dublin three modules', description: 'A Dublin rule set under the same id.' };
    const published = await academy.http.post('/api/rule-sets').set(bearer(dublin)).send(own);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ id: V1.id, version: 1, title: 'Dublin three modules' });
    expect((await academy.http.get(`/api/rule-sets/${V1.id}`).set(bearer(admin))).body).toMatchObject({ version: 2, title: 'Three modules' });
    expect((await academy.http.get(`/api/rule-sets/${V1.id}`).set(bearer(dublin))).body).toMatchObject({ version: 1, title: 'Dublin three modules' });

    // Tirana's other ids are not Dublin's: the answers are those of ids that exist nowhere.
    await academy.http.post('/api/rule-sets').set(bearer(admin)).send({ ...V1, id: 'tirana-only' }).expect(201);
    const hidden = await academy.http.get('/api/rule-sets/tirana-only').set(bearer(dublin));
    const missing = await academy.http.get('/api/rule-sets/nowhere-at-all').set(bearer(dublin));
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.message).toBe(missing.body.message.replace('nowhere-at-all', 'tirana-only'));
    const list = await academy.http.get('/api/rule-sets').set(bearer(dublin));
    expect(list.body.map((r: { id: string }) => r.id)).toEqual(['tirana-2023', 'dublin-2023', 'mooc-2024', V1.id]);
    const programme = await academy.http.post('/api/programmes').set(bearer(dublin))
      .send({ code: 'DUB-2025', title: 'Dublin 2025', moduleCodes: ['DUB-STAFF'], ruleSet: 'tirana-only' });
    expect(programme.status).toBe(400);
    expect(programme.body.message).toBe(`ruleSet: "tirana-only" is not a known rule set (known: tirana-2023, dublin-2023, mooc-2024, ${V1.id})`);
    // Dublin can take the name for itself; Tirana's rule set of that name is untouched.
    await academy.http.post('/api/rule-sets').set(bearer(dublin)).send({ ...own, id: 'tirana-only' }).expect(201);
    expect((await academy.http.get('/api/rule-sets/tirana-only').set(bearer(admin))).body.title).toBe('Three modules');
  });
});

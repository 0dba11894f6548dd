import { parse } from 'csv-parse/sync';
import { hashPassword } from '@academy/identity';
import { bearer, TestAcademy } from './support/academy.js';
import { cityAdmin } from './support/city.js';
import { tiranaCohort, tiranaCsv } from './support/tirana-cohort.js';

type Table = {
  id: string; columns: { key: string }[]; rows: { key: string; label: string; values: (number | null)[]; total: number | null }[];
  totals: { values: (number | null)[]; total: number | null }; suppression: { applied: boolean };
};

/** Tries to work out every hidden entry by subtraction along its row, its column and the totals row. */
function derivable(t: Table): string[] {
  const found: string[] = [];
  const lines: { entries: (number | null)[]; total: number | null; name: string }[] = [
    ...t.rows.map((r) => ({ entries: r.values, total: r.total, name: `row ${r.label}` })),
    ...t.columns.map((c, i) => ({ entries: t.rows.map((r) => r.values[i]), total: t.totals.values[i], name: `column ${c.key}` })),
    { entries: t.totals.values, total: t.totals.total, name: 'totals row' },
  ];
  for (const l of lines) {
    const all = [...l.entries, l.total];
    if (all.filter((v) => v === null).length === 1 && l.total !== null) found.push(`${t.id}: ${l.name}`);
  }
  return found;
}
const small = (t: Table) =>
  [...t.rows.flatMap((r) => [...r.values, r.total]), ...t.totals.values, t.totals.total].filter((v) => v !== null && v > 0 && v < 5);

describe('statistics: aggregates, suppression, CSV, cities and the platform', () => {
  let academy: TestAcademy;
  let admin: string;
  let pid: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('statistics');
    admin = await academy.login();
    pid = (await academy.tirana()).id;
    // A department named like a formula, with one learner named like one too.
    const csv = tiranaCsv() + 'formula@tirana.example,"=HYPERLINK(""x"")","=HYPERLINK(""x"")",DHR-INTRO,2023-01-17,present,90\n';
    expect((await academy.importCsv(pid, csv)).status).toBe(200);
  });
  afterAll(() => academy.stop());

  const read = async (query = '') => (await academy.http.get(`/api/programmes/${pid}/stats${query}`).set(bearer(admin)).expect(200)).body;
  /**
   * The next answer: current, or (when the last refresh was too slow to redo within the
   * request, as on a busy machine) saying it is not and since when; then the worker's refresh
   * makes it current.
   */
  const stats = async (query = '') => {
    const deadline = Date.now() + 30_000;
    for (let answer = await read(query); ; answer = await read(query)) {
      if (answer.freshness.current) return answer;
      expect(answer.freshness.stale).toEqual([expect.objectContaining({ programmeId: pid, changedSince: expect.any(String) })]);
      if (Date.now() > deadline) throw new Error(`statistics still stale: ${JSON.stringify(answer.freshness)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('counts attendees and the distribution (0 included) learner by learner as the dry run does, as current figures', async () => {
    const dry = (await academy.http.get(`/api/programmes/${pid}/dry-run`).set(bearer(admin))).body as { attendedModules: string[] }[];
    const s = await stats();
    expect(s.freshness).toMatchObject({ current: true, stale: [] });
    expect(s.enrolled).toBe(dry.length);
    expect(s.attendees).toBe(dry.filter((d) => d.attendedModules.length).length);
    const distribution: Record<string, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const d of dry) distribution[d.attendedModules.length]++;
    expect(s.modulesAttended).toEqual(distribution);
    expect(s.modules).toEqual({ 'DHR-INTRO': 28, 'DHR-PRIVACY': 23, 'DHR-INCLUSION': 17, 'DHR-TRANSPARENCY': 22 });
    expect(s.suppression.rule).toMatch(/1 to 4/);
  });

  it('never shows a 1-4 person breakdown cell, nor leaves one to subtraction', async () => {
    const s = await stats();
    const dept = s.tables.find((t: Table) => t.id === 'modules-attended') as Table;
    // The formula department has exactly one person: hidden, with a reason.
    const formula = dept.rows.find((r) => r.label === '=HYPERLINK("x")')!;
    expect(formula.total).toBeNull();
    expect(s.suppression.cells).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'modules-attended', reason: 'primary' })]));
    for (const t of s.tables as Table[]) {
      if (!t.suppression.applied) continue;
      const interior = t.rows.flatMap((r) => r.values).filter((v) => v !== null && v > 0 && v < 5);
      expect([t.id, interior]).toEqual([t.id, []]);
      expect(derivable(t)).toEqual([]);
    }
  });

  it('exports each table as CSV with formulas made inert and the JSON figures', async () => {
    const s = await stats();
    for (const t of s.tables as Table[]) {
      const res = await academy.http.get(`/api/programmes/${pid}/stats?format=csv&table=${t.id}`).set(bearer(admin)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="programme-${pid}-${t.id}.csv"`);
      const rows: string[][] = parse(res.text);
      const cell = (v: number | null) => (v === null ? 'suppressed' : String(v));
      expect(rows.slice(1, -1)).toEqual(t.rows.map((r) => [expect.any(String), ...r.values.map(cell), cell(r.total)]));
      expect(rows.at(-1)).toEqual(['Total', ...t.totals.values.map(cell), cell(t.totals.total)]);
      if (t.id === 'modules-attended') {
        expect(res.text).toContain(`"'=HYPERLINK(""x"")"`);
        expect(rows.map((r) => r[0]).filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
      }
    }
    const missing = await academy.http.get(`/api/programmes/${pid}/stats?format=csv`).set(bearer(admin));
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^table: /);
  });

  it('narrows sessions and certificates to a period in the city\'s dates, and names a bad filter', async () => {
    const period = (await academy.http.get('/api/statistics?from=2023-01-20&to=2023-01-31').set(bearer(admin)).expect(200)).body;
    const sessions = period.tables.find((t: Table) => t.id === 'sessions') as Table;
    expect(sessions.rows.map((r) => r.label)).toEqual(['2023-01-24 DHR-PRIVACY']);
    expect(period.period).toMatchObject({ from: '2023-01-20', to: '2023-01-31' });
    for (const [query, field] of [['from=2023-02-30', 'from'], ['from=2023-03-01&to=2023-02-01', 'to'], ['department=nope', 'department'], ['city=' + pid, 'city']]) {
      const res = await academy.http.get(`/api/statistics?${query}`).set(bearer(admin));
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.message).toMatch(new RegExp(`^${field}`));
    }
    const otherDept = await academy.http.get(`/api/statistics?department=${pid}`).set(bearer(admin));
    expect(otherDept.status).toBe(404);
  });

  it("gives a city's administrator only their city, and the platform no cell under 5", async () => {
    const dublin = await cityAdmin(academy, 'DUBLIN', 'stats@dublin.example');
    const own = (await academy.http.get('/api/statistics').set(bearer(dublin)).expect(200)).body;
    const [dublinCity] = await academy.db.query(`SELECT id, name FROM cities WHERE code = 'DUBLIN'`);
    expect(own.scope.programmes.length).toBeGreaterThan(0);
    expect(own.scope.programmes.every((p: { city: string }) => p.city === dublinCity.name)).toBe(true);
    expect((await academy.http.get(`/api/statistics?programme=${pid}`).set(bearer(dublin))).status).toBe(404);
    expect((await academy.http.get('/api/platform/statistics').set(bearer(dublin))).status).toBe(403);
    const tirana = (await academy.http.get('/api/statistics').set(bearer(admin)).expect(200)).body;
    expect(tirana.headline.enrolled).toBe(48);

    await academy.db.query(
      `INSERT INTO users (city_id, email, name, role, password_hash) VALUES ($1, 'team@coalition.example', 'Academy team', 'platform', $2)`,
      [dublinCity.id, await hashPassword('a-platform-password')],
    );
    const platform = await academy.login('team@coalition.example', 'a-platform-password');
    const all = (await academy.http.get('/api/platform/statistics').set(bearer(platform)).expect(200)).body;
    expect(all.suppression.audience).toBe('platform');
    expect(all.needsAssessment).toEqual(expect.objectContaining({ responses: expect.any(Number) }));
    expect(new Set(all.scope.programmes.map((p: { city: string }) => p.city)).size).toBeGreaterThan(1);
    for (const t of all.tables as Table[]) {
      expect(t.suppression.applied).toBe(true);
      expect([t.id, small(t)]).toEqual([t.id, []]);
      expect(derivable(t)).toEqual([]);
    }
    // The headline's counts of people (programmes, sessions and departments are not people).
    const people = ['enrolled', 'attendees', 'completed', 'trainers'].map((k) => all.headline[k]);
    expect(people.filter((v) => v !== null && v > 0 && v < 5)).toEqual([]);
    const csv = await academy.http.get('/api/platform/statistics?format=csv&table=cities').set(bearer(platform)).expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('City,0 modules,1 module,2 modules,3 modules,4 modules,Total');
    expect((await academy.http.get('/api/statistics').set(bearer(platform))).status).toBe(403);
  });

  it('reflects a check-in, a correction and a re-issued certificate in the next answer', async () => {
    const learner = await academy.createUser({ email: 'late.comer@tirana.example', name: 'Late Comer', role: 'learner' });
    await academy.http.post(`/api/programmes/${pid}/enrolments`).set(bearer(admin)).send({ userId: learner.id }).expect(201);
    const before = await stats();
    expect(before.enrolled).toBe(49);
    expect(before.modulesAttended['0']).toBe(1);

    const start = new Date(Date.now() - 5 * 60_000);
    const session = await academy.http.post(`/api/programmes/${pid}/sessions`).set(bearer(admin))
      .send({ moduleCode: 'DHR-PRIVACY', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), mode: 'hybrid' })
      .expect(201);
    const open = await academy.http.post(`/api/sessions/${session.body.id}/checkin/open`).set(bearer(admin)).expect(200);
    const token = await academy.login('late.comer@tirana.example', 'a-long-password');
    await academy.http.post(`/api/sessions/${session.body.id}/checkin`).set(bearer(token)).send({ code: open.body.code }).expect(201);
    const afterCheckin = await stats();
    expect(afterCheckin.freshness.current).toBe(true);
    expect(afterCheckin.modulesAttended['0']).toBe(0);
    expect(afterCheckin.modules['DHR-PRIVACY']).toBe(24);
    const sessions = afterCheckin.tables.find((t: Table) => t.id === 'sessions') as Table;
    expect(sessions.rows.find((r) => r.key === session.body.id)!.values).toEqual([null, 0, 0, 0]);

    // Close; then a correction gives official 17 (2 modules: attendance) a third module: Completion supersedes Attendance.
    await academy.http.post(`/api/programmes/${pid}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(pid);
    const closed = await stats();
    const [official] = await academy.db.query(`SELECT id FROM users WHERE email = $1`, [tiranaCohort()[16].email]);
    const [missed] = await academy.db.query(
      `SELECT s.id FROM sessions s JOIN modules m ON m.id = s.module_id WHERE s.programme_id = $1 AND m.code = 'DHR-TRANSPARENCY' LIMIT 1`, [pid]);
    await academy.http.put(`/api/sessions/${missed.id}/attendance/${official.id}`).set(bearer(admin))
      .send({ status: 'present', minutes: 90, reason: 'signed the paper list' }).expect(200);
    const corrected = await stats();
    expect(corrected.modules['DHR-TRANSPARENCY']).toBe(closed.modules['DHR-TRANSPARENCY'] + 1);
    expect(corrected.modulesAttended['3']).toBe(closed.modulesAttended['3'] + 1);
    await academy.waitForEvaluation(pid);
    const reissued = await stats();
    expect(reissued.certificates.completion).toBe(closed.certificates.completion + 1);
    expect(reissued.certificates.attendance).toBe(closed.certificates.attendance - 1);
    expect(reissued.certificatesByStatus.attendance.superseded).toBe(closed.certificatesByStatus.attendance.superseded + 1);
    expect(reissued.freshness.current).toBe(true);
  });

  it('answers a programme too large to refresh within the request as not current, until the worker has refreshed it', async () => {
    // As if its last refresh had taken a minute (a programme of a million rows).
    await academy.db.query(`UPDATE stats_snapshots SET refresh_ms = 60000 WHERE programme_id = $1`, [pid]);
    const before = await stats();
    const [row] = await academy.db.query(
      `SELECT a.session_id, a.user_id FROM attendance a JOIN sessions s ON s.id = a.session_id
        WHERE s.programme_id = $1 AND a.status = 'present' ORDER BY a.user_id LIMIT 1`, [pid]);
    await academy.http.put(`/api/sessions/${row.session_id}/attendance/${row.user_id}`).set(bearer(admin))
      .send({ status: 'absent', reason: 'was not there after all' }).expect(200);
    const stale = await read();
    expect(stale.freshness.current).toBe(false);
    expect(stale.freshness.stale).toEqual([expect.objectContaining({ programmeId: pid, asOf: before.freshness.asOf })]);
    const current = await stats();
    expect(Date.parse(current.freshness.asOf)).toBeGreaterThan(Date.parse(before.freshness.asOf));
    const records = (t: any) => t.tables.find((x: Table) => x.id === 'sessions').rows.find((r: any) => r.key === row.session_id).values;
    expect(records(current)).not.toEqual(records(before));
  });
});

import { bearer, TestAcademy } from './support/academy.js';

/**
 * A session time without an offset is the wall-clock time in the session's zone; a time the
 * clocks skip or repeat there is refused; sessions an import creates from a date start at the
 * programme's default time and last its default length.
 */
describe('session times in their zone', () => {
  let academy: TestAcademy;
  let admin: string;
  let tirana: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('session-times');
    admin = await academy.login();
    tirana = (await academy.tirana()).id;
  });
  afterAll(() => academy.stop());

  const post = (programmeId: string, body: Record<string, unknown>) =>
    academy.http.post(`/api/programmes/${programmeId}/sessions`).set(bearer(admin)).send({ moduleCode: 'DHR-INTRO', ...body });

  it("stores a local time without an offset as that time in the session's zone", async () => {
    // 31 March 2024 is the day Tirana moves to summer time (UTC+2) at 02:00.
    const res = await post(tirana, { startsAt: '2024-03-31T09:00:00', endsAt: '2024-03-31T10:30' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      startsAt: '2024-03-31T07:00:00.000Z', endsAt: '2024-03-31T08:30:00.000Z', timezone: 'Europe/Tirane',
      localStart: '2024-03-31T09:00:00', localEnd: '2024-03-31T10:30:00',
    });
    const winter = await post(tirana, { startsAt: '2024-01-16T09:00:00' });
    expect(winter.body).toMatchObject({ startsAt: '2024-01-16T08:00:00.000Z', localStart: '2024-01-16T09:00:00' });
    const otherZone = await post(tirana, { startsAt: '2024-03-31T09:00:00', timezone: 'Europe/Dublin' });
    expect(otherZone.body).toMatchObject({ startsAt: '2024-03-31T08:00:00.000Z', timezone: 'Europe/Dublin', localStart: '2024-03-31T09:00:00' });
    const [row] = await academy.db.query(`SELECT to_char(local_date, 'YYYY-MM-DD') AS d FROM sessions WHERE id = $1`, [res.body.id]);
    expect(row.d).toBe('2024-03-31');
  });

  it('keeps an explicit offset or Z as the instant it names', async () => {
    expect((await post(tirana, { startsAt: '2024-03-31T09:00:00Z' })).body.startsAt).toBe('2024-03-31T09:00:00.000Z');
    expect((await post(tirana, { startsAt: '2024-03-31T09:00:00+02:00' })).body.startsAt).toBe('2024-03-31T07:00:00.000Z');
  });

  it.each([
    ['a time the clocks skip', { startsAt: '2024-03-31T02:30:00' }, /^startsAt: 2024-03-31T02:30:00 does not exist in Europe\/Tirane/],
    ['a time the clocks show twice', { startsAt: '2024-10-27T02:30:00' }, /^startsAt: 2024-10-27T02:30:00 happens twice in Europe\/Tirane/],
    ['a date without a time', { startsAt: '2024-03-31' }, /^startsAt must be a date and time such as 2024-03-31T09:00:00/],
    ['an end that is not a date', { startsAt: '2024-03-31T09:00:00', endsAt: 'tomorrow' }, /endsAt must be a date and time such as/],
    ['a day that does not exist', { startsAt: '2024-02-30T09:00:00' }, /startsAt/],
  ])('refuses %s with 400 naming the field', async (_name, body, message) => {
    const res = await post(tirana, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it("creates sessions from an import at the programme's default start and length, in its zone", async () => {
    const created = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'EVENINGS-2024', title: 'Evening sessions', moduleCodes: ['DHR-INTRO', 'DHR-PRIVACY'], ruleSet: 'tirana-2023',
      timezone: 'Europe/Tirane', defaultSessionStart: '17:30', defaultSessionMinutes: 120,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ defaultSessionStart: '17:30', defaultSessionMinutes: 120 });
    const bad = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'EVENINGS-2025', title: 'x', moduleCodes: ['DHR-INTRO'], ruleSet: 'tirana-2023', defaultSessionStart: '25:00',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/defaultSessionStart must be a time of day HH:MM/);

    const csv = ['email,module,session,status,name',
      'dea.hysa@tirana.example,DHR-INTRO,2024-03-05,present,Dea Hysa',
      'dea.hysa@tirana.example,DHR-PRIVACY,2024-07-09,present,Dea Hysa'].join('\n');
    const res = await academy.importCsv(created.body.id, csv);
    expect(res.body).toMatchObject({ sessionsCreated: 2, errors: [] });
    const sessions = await academy.http.get(`/api/programmes/${created.body.id}/sessions`).set(bearer(admin));
    expect(sessions.body.map((s: any) => [s.moduleCode, s.localStart, s.localEnd, s.startsAt])).toEqual([
      ['DHR-INTRO', '2024-03-05T17:30:00', '2024-03-05T19:30:00', '2024-03-05T16:30:00.000Z'],
      ['DHR-PRIVACY', '2024-07-09T17:30:00', '2024-07-09T19:30:00', '2024-07-09T15:30:00.000Z'],
    ]);

    // The seeded programme has the defaults: 09:00 for 90 minutes.
    const seeded = await academy.importCsv(tirana, 'email,module,session,status,name\ndea.hysa@tirana.example,DHR-TRANSPARENCY,2023-03-07,present,Dea Hysa');
    expect(seeded.body.sessionsCreated).toBe(1);
    const list = await academy.http.get(`/api/programmes/${tirana}/sessions`).set(bearer(admin));
    expect(list.body.find((s: any) => s.moduleCode === 'DHR-TRANSPARENCY')).toMatchObject({
      localStart: '2023-03-07T09:00:00', localEnd: '2023-03-07T10:30:00', mode: 'online',
    });
    const patched = await academy.http.patch(`/api/programmes/${tirana}`).set(bearer(admin)).send({ defaultSessionStart: '10:15', defaultSessionMinutes: 60 });
    expect(patched.body).toMatchObject({ defaultSessionStart: '10:15', defaultSessionMinutes: 60 });
  });

  it('documents the reading of local times in the OpenAPI document', async () => {
    const doc = await academy.http.get('/docs/openapi.json');
    const schema = doc.body.components.schemas.CreateSessionDto.properties.startsAt;
    expect(schema.description).toMatch(/Without one \(`2024-03-31T09:00:00`\) it is the wall-clock time in the session's time zone/);
  });
});

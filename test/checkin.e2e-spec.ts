import { codeAt } from '@academy/checkin';
import { bearer, TestAcademy } from './support/academy.js';

/** In-person check-in and its abuse cases, through HTTP, with real Redis counting failures. */
describe('in-person check-in', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;
  let now: string;
  let future: string;
  let other: string;
  const learners: Record<string, string> = {};

  const session = async (startOffsetMin: number, durationMin = 60) => {
    const start = new Date(Date.now() + startOffsetMin * 60_000);
    const res = await academy.http
      .post(`/api/programmes/${programmeId}/sessions`)
      .set(bearer(admin))
      .send({ moduleCode: 'DHR-INTRO', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + durationMin * 60_000).toISOString(), mode: 'hybrid' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const secretOf = async (id: string) =>
    (await academy.db.query(`SELECT checkin_secret FROM sessions WHERE id = $1`, [id]))[0].checkin_secret as string;
  const checkIn = (who: string, id: string, code: string) =>
    academy.http.post(`/api/sessions/${id}/checkin`).set(bearer(learners[who])).send({ code });

  beforeAll(async () => {
    academy = await TestAcademy.start('checkin');
    admin = await academy.login();
    programmeId = (await academy.tirana()).id;
    for (const name of ['ana', 'besa', 'guesser', 'outsider']) {
      const u = await academy.createUser({ email: `${name}@tirana.example`, name, role: 'learner' });
      if (name !== 'outsider') {
        await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: u.id }).expect(201);
      }
      learners[name] = await academy.login(`${name}@tirana.example`, 'a-long-password');
    }
    now = await session(-5);
    future = await session(24 * 60);
    other = await session(-10);
  });
  afterAll(() => academy.stop());

  it('refuses check-in before the trainer opens it, and opening a session that is a day away', async () => {
    const res = await checkIn('ana', now, 'AAAAAA');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/not open/);
    const early = await academy.http.post(`/api/sessions/${future}/checkin/open`).set(bearer(admin));
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/opens 30 minutes before/);
  });

  it('checks in an enrolled learner once with the code on screen', async () => {
    const open = await academy.http.post(`/api/sessions/${now}/checkin/open`).set(bearer(admin));
    expect(open.status).toBe(200);
    expect(open.body.code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/);
    const ok = await checkIn('ana', now, open.body.code.toLowerCase());
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'present' });
    const replay = await checkIn('ana', now, open.body.code);
    expect(replay.status).toBe(409);
    expect(replay.body.message).toMatch(/already checked in/);
    const attendance = await academy.http.get(`/api/sessions/${now}/attendance`).set(bearer(admin));
    expect(attendance.body).toEqual([expect.objectContaining({ email: 'ana@tirana.example', status: 'present', source: 'checkin' })]);
  });

  it.each([
    ['a learner not enrolled', 'outsider', () => codeAt('x'.repeat(43), new Date()).code, 403, /not enrolled/],
    ['a malformed code', 'besa', () => '12', 400, /code: /],
  ])('refuses %s', async (_name, who, code, status, message) => {
    const res = await checkIn(who, now, code());
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(message);
  });

  it('refuses an expired code and the code of another session', async () => {
    // A code shown three minutes ago (check-in has been open for five).
    await academy.db.query(`UPDATE sessions SET checkin_opened_at = now() - interval '5 minutes' WHERE id = $1`, [now]);
    const secret = await secretOf(now);
    const expired = await checkIn('besa', now, codeAt(secret, new Date(Date.now() - 3 * 60_000)).code);
    expect(expired.status).toBe(400);
    expect(expired.body.message).toMatch(/expired/i);
    const open = await academy.http.post(`/api/sessions/${other}/checkin/open`).set(bearer(admin));
    const wrongSession = await checkIn('besa', now, open.body.code);
    expect(wrongSession.status).toBe(400);
  });

  it('rate-limits a burst of guesses, even when a later guess is right', async () => {
    const statuses: number[] = [];
    for (const guess of ['AAAAAA', 'CCCCCC', 'DDDDDD', 'EEEEEE', 'FFFFFF']) statuses.push((await checkIn('guesser', now, guess)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const right = codeAt(await secretOf(now), new Date()).code;
    const limited = await checkIn('guesser', now, right);
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/too many wrong codes/);
    // The window of CHECKIN_LIMIT_PER_LEARNER (10 minutes) says when to try again.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(500);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(600);
  });

  it('refuses the right code once the trainer closed check-in', async () => {
    await academy.http.post(`/api/sessions/${now}/checkin/close`).set(bearer(admin)).expect(204);
    const res = await checkIn('besa', now, codeAt(await secretOf(now), new Date()).code);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/closed/i);
  });
});

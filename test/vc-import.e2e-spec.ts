import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseVideoConferenceReport, ReportFormatError } from '@academy/vc-reports';
import { bearer, DUBLIN_ADMIN, TestAcademy } from './support/academy.js';

/**
 * Zoom and Teams attendance reports imported into sessions of TIRANA-2023, through HTTP.
 *
 * Every session below is 10:00–11:30 in Europe/Tirane (UTC+1 in winter): 90 planned minutes.
 * tirana-2023's thresholds are the defaults: present from 75% of the session (67.5 of 90
 * minutes), late when joining more than 10 whole minutes after the start. Worked out by hand:
 *
 * zoom-participants.csv → DHR-PRIVACY, 2023-01-24 (organiser Programme Office, by the host e-mail)
 *   Arta     by e-mail  09:58:40–11:31:02 + 11:31:20–11:32:40 = 93:42 → 94 min, on time   → present
 *   Erion    by e-mail  10:02:11–10:41:37 + 10:44:05–11:30:12 = 85:33 → 86 min, 2 late  → present
 *   Blerina  by e-mail  "Blerina Shehu (Blerina S.)" 10:05:00–10:20:00 → 15 min        → absent (15 < 67.5)
 *   Dritan Çela, no e-mail, not a learner: review, 10:00:30–11:29:59 → 89 min
 * teams-attendance-report.csv → DHR-TRANSPARENCY, 2023-03-07 (organiser: role Organizer)
 *   Arta     by e-mail  30:58 + 57:03 = 88:01 → 88 min, on time                         → present
 *   Erion    by e-mail  36:50 + 33:25 = 70:15 → 70 min, joined 10:03:10 (3 late)        → present (70 ≥ 67.5)
 *   Ilir     by e-mail  12:30 → 13 min, joined 10:40                                     → absent
 *   Dritan Çela (External): review, 79 min
 * teams-attendance-legacy.csv → DHR-INCLUSION, 2023-02-14 (no e-mails, no organiser flag)
 *   Arta     by name    10:00:02–11:29:58 = 89:56 → 90 min                               → present
 *   Blerina  by name    10:01:45–10:35:12 + 10:38:40–11:30:03 = 84:50 → 85 min, 1 late  → present
 *   Programme Office: not flagged as organiser by this format, so it is left for review (94 min)
 */
describe('video-conference attendance reports', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;
  const ids: Record<string, string> = {};
  const sessions: Record<string, string> = {};
  const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures/vc', name));

  const createSession = async (moduleCode: string, startsAt: string, endsAt?: string) => {
    const res = await academy.http
      .post(`/api/programmes/${programmeId}/sessions`)
      .set(bearer(admin))
      .send({ moduleCode, startsAt, endsAt, mode: 'online' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const upload = (sessionId: string, file: Buffer, name: string) =>
    academy.http.post(`/api/sessions/${sessionId}/attendance/report`).set(bearer(admin)).attach('file', file, name);
  const uploadRaw = (sessionId: string, file: Buffer, contentType: string) =>
    academy.http
      .post(`/api/sessions/${sessionId}/attendance/report`)
      .set(bearer(admin))
      .set('Content-Type', contentType)
      .send(file);
  const attendanceOf = async (sessionId: string) => {
    const res = await academy.http.get(`/api/sessions/${sessionId}/attendance`).set(bearer(admin));
    expect(res.status).toBe(200);
    return Object.fromEntries(
      res.body.map((a: any) => [a.email.split('.')[0], { status: a.status, minutes: a.minutes, source: a.source }]),
    );
  };
  const revisions = async () =>
    Object.fromEntries(
      (
        await academy.db.query(
          `SELECT u.email, e.revision FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.programme_id = $1 AND u.email LIKE '%@tirana.example'`,
          [programmeId],
        )
      ).map((r: any) => [r.email.split('.')[0], r.revision]),
    );
  const reviewItems = (sessionId: string) =>
    academy.db.query(`SELECT id, name, email, minutes, status FROM vc_review_items WHERE session_id = $1 ORDER BY created_at`, [sessionId]);

  beforeAll(async () => {
    academy = await TestAcademy.start('vc-import');
    admin = await academy.login();
    programmeId = (await academy.tirana()).id;
    for (const [email, name] of [
      ['arta.hoxha@tirana.example', 'Arta Hoxha'],
      ['erion.krasniqi@tirana.example', 'Erion Krasniqi'],
      ['blerina.shehu@tirana.example', 'Blerina Shehu'],
      ['ilir.gashi@tirana.example', 'Ilir Gashi'],
    ]) {
      const u = await academy.createUser({ email, name, role: 'learner' });
      ids[email.split('.')[0]!] = u.id;
      await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: u.id }).expect(201);
    }
    sessions.zoom = await createSession('DHR-PRIVACY', '2023-01-24T09:00:00Z', '2023-01-24T10:30:00Z');
    sessions.teams = await createSession('DHR-TRANSPARENCY', '2023-03-07T09:00:00Z', '2023-03-07T10:30:00Z');
    sessions.legacy = await createSession('DHR-INCLUSION', '2023-02-14T09:00:00Z', '2023-02-14T10:30:00Z');
  });
  afterAll(() => academy.stop());

  const ON_TIME = 'joined within 10 minutes of the start';
  const ZOOM_MATCHED = () => [
    { name: 'Arta Hoxha', email: 'arta.hoxha@tirana.example', learnerId: ids.arta, matchedBy: 'email', minutes: 94, status: 'present', reason: `94 of 90 minutes, ${ON_TIME}` },
    { name: 'Erion Krasniqi', email: 'erion.krasniqi@tirana.example', learnerId: ids.erion, matchedBy: 'email', minutes: 86, status: 'present', reason: `86 of 90 minutes, ${ON_TIME}` },
    { name: 'Blerina Shehu', email: 'blerina.shehu@tirana.example', learnerId: ids.blerina, matchedBy: 'email', minutes: 15, status: 'absent', reason: '15 of 90 minutes, below 75% of the session' },
  ];
  let dritanZoomItem: string;

  it('imports the Zoom export: matches by e-mail, derives statuses from minutes, leaves out the host, lists the guest', async () => {
    const file = fixture('zoom-participants.csv');
    const res = await upload(sessions.zoom!, file, 'zoom-participants.csv');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      importId: expect.any(String),
      format: 'zoom',
      meeting: { title: 'Deep dive 1: Data control, safety, security and protection', start: '2023-01-24T09:00:12.000Z', end: '2023-01-24T10:32:40.000Z' },
      columns: {
        'meeting.id': 'Meeting ID', 'meeting.title': 'Topic', 'meeting.start': 'Start Time', 'meeting.end': 'End Time',
        'meeting.organiserEmail': 'User Email', 'meeting.duration': 'Duration (Minutes)', 'meeting.participants': 'Participants',
        name: 'Name (Original Name)', email: 'User Email', join: 'Join Time', leave: 'Leave Time', duration: 'Duration (Minutes)', guest: 'Guest',
      },
      matched: ZOOM_MATCHED().map((m) => ({ ...m, outcome: 'created' })),
      review: [{ id: expect.any(String), name: 'Dritan Çela', email: null, minutes: 89, reason: 'no e-mail in the report and no enrolled learner is named "Dritan Çela"' }],
      organiser: { name: 'Programme Office', email: 'programme.office@tirana.example' },
      unchanged: 0,
      created: 3,
      updated: 0,
      keptManual: 0,
      manualConflicts: [],
      warnings: [],
      basis: { ruleSet: 'tirana-2023', presentShare: 0.75, lateGraceMinutes: 10, sessionMinutes: 90, sessionMinutesFrom: 'session' },
    });
    dritanZoomItem = res.body.review[0].id;

    expect(await attendanceOf(sessions.zoom!)).toEqual({
      arta: { status: 'present', minutes: 94, source: 'zoom' },
      erion: { status: 'present', minutes: 86, source: 'zoom' },
      blerina: { status: 'absent', minutes: 15, source: 'zoom' },
    });
    expect(await revisions()).toEqual({ arta: 1, erion: 1, blerina: 1, ilir: 0 });

    // The import is kept: who uploaded what, the counts, and one outcome per participant.
    const [stored] = await academy.db.query(`SELECT * FROM vc_imports WHERE id = $1`, [res.body.importId]);
    expect(stored).toMatchObject({
      session_id: sessions.zoom, format: 'zoom', sha256: createHash('sha256').update(file).digest('hex'),
      participants: 5, matched: 3, review: 1, created: 3, updated: 0, unchanged: 0, kept_manual: 0,
      columns: res.body.columns, warnings: [], organiser: { name: 'Programme Office', email: 'programme.office@tirana.example' },
    });
    expect(stored.outcomes.map((o: any) => [o.name, o.outcome, o.matchedBy ?? null, o.status ?? null, o.minutes])).toEqual([
      ['Programme Office', 'organiser', null, null, 98],
      ['Arta Hoxha', 'matched', 'email', 'present', 94],
      ['Erion Krasniqi', 'matched', 'email', 'present', 86],
      ['Blerina Shehu', 'matched', 'email', 'absent', 15],
      ['Dritan Çela', 'review', null, null, 89],
    ]);
    expect(stored.outcomes[3]).toMatchObject({ originalName: 'Blerina S.', lines: [9] });

    const review = await academy.http.get(`/api/sessions/${sessions.zoom}/review`).set(bearer(admin));
    expect(review.status).toBe(200);
    expect(review.body).toEqual([
      expect.objectContaining({ id: dritanZoomItem, name: 'Dritan Çela', email: null, minutes: 89, status: 'pending', userId: null, importId: res.body.importId }),
    ]);
  });

  it('re-importing the same Zoom export changes nothing', async () => {
    const before = await academy.db.query(`SELECT user_id, recorded_at FROM attendance WHERE session_id = $1 ORDER BY user_id`, [sessions.zoom]);
    const res = await upload(sessions.zoom!, fixture('zoom-participants.csv'), 'zoom-participants.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, keptManual: 0 });
    expect(res.body.matched).toEqual(ZOOM_MATCHED().map((m) => ({ ...m, outcome: 'unchanged' })));
    expect(res.body.review).toEqual([expect.objectContaining({ id: dritanZoomItem, name: 'Dritan Çela', minutes: 89 })]);
    expect(await reviewItems(sessions.zoom!)).toHaveLength(1);
    expect(await academy.db.query(`SELECT user_id, recorded_at FROM attendance WHERE session_id = $1 ORDER BY user_id`, [sessions.zoom])).toEqual(before);
    expect(await revisions()).toEqual({ arta: 1, erion: 1, blerina: 1, ilir: 0 });
    const [{ n }] = await academy.db.query(`SELECT count(*)::int AS n FROM vc_imports WHERE session_id = $1`, [sessions.zoom]);
    expect(n).toBe(2);
  });

  it("keeps a trainer's manual correction when the report is imported again", async () => {
    const put = await academy.http
      .put(`/api/sessions/${sessions.zoom}/attendance/${ids.erion}`)
      .set(bearer(admin))
      .send({ status: 'late', minutes: 86, reason: 'connection problems at the start, confirmed by the trainer' });
    expect(put.status).toBe(200);
    const res = await upload(sessions.zoom!, fixture('zoom-participants.csv'), 'zoom-participants.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, keptManual: 1 });
    expect(res.body.matched[1]).toEqual({
      name: 'Erion Krasniqi', email: 'erion.krasniqi@tirana.example', learnerId: ids.erion, matchedBy: 'email', minutes: 86,
      status: 'present', outcome: 'kept-manual',
      reason: `kept manual status late (86 minutes) recorded by hand; the report gives present: 86 of 90 minutes, ${ON_TIME}`,
    });
    expect((await attendanceOf(sessions.zoom!)).erion).toEqual({ status: 'late', minutes: 86, source: 'manual' });
    expect((await revisions()).erion).toBe(2); // the manual correction only
    // The same policy and the same list as the CSV import: the row the report disagrees with.
    expect(res.body.manualConflicts).toEqual([{
      lines: expect.any(Array), sessionId: sessions.zoom, moduleCode: 'DHR-PRIVACY', userId: ids.erion,
      email: 'erion.krasniqi@tirana.example', file: { status: 'present', minutes: 86 },
      kept: { status: 'late', minutes: 86, recordedAt: expect.any(String), recordedBy: 'admin@tirana.example' },
    }]);
  });

  it('assigns a review item to an enrolled learner: attendance from its minutes, audited, once', async () => {
    const res = await academy.http.post(`/api/review-items/${dritanZoomItem}/assign`).set(bearer(admin)).send({ userId: ids.ilir });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      item: { id: dritanZoomItem, status: 'assigned', userId: ids.ilir, resolvedAt: expect.any(String) },
      attendance: { sessionId: sessions.zoom, userId: ids.ilir, status: 'present', minutes: 89, source: 'zoom' },
      derived: { status: 'present', reason: `89 of 90 minutes, ${ON_TIME}` },
      changed: true,
    });
    expect((await attendanceOf(sessions.zoom!)).ilir).toEqual({ status: 'present', minutes: 89, source: 'zoom' });
    expect((await revisions()).ilir).toBe(1);
    const history = await academy.http.get(`/api/sessions/${sessions.zoom}/attendance/${ids.ilir}/history`).set(bearer(admin));
    expect(history.body).toEqual([
      expect.objectContaining({
        action: 'attendance.recorded', before: null, by: 'admin@tirana.example',
        after: { status: 'present', minutes: 89, source: 'zoom', reviewItemId: dritanZoomItem, reason: `89 of 90 minutes, ${ON_TIME}` },
      }),
    ]);
    const [audit] = await academy.db.query(`SELECT action, after FROM audit_events WHERE entity = 'vc-review-item' AND entity_id = $1`, [dritanZoomItem]);
    expect(audit).toEqual({ action: 'review-item.assigned', after: { status: 'assigned', userId: ids.ilir, attendance: 'present', minutes: 89, reason: null } });

    expect((await academy.http.get(`/api/sessions/${sessions.zoom}/review`).set(bearer(admin))).body).toEqual([]);
    const again = await academy.http.post(`/api/review-items/${dritanZoomItem}/assign`).set(bearer(admin)).send({ userId: ids.arta });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`review item ${dritanZoomItem} is already assigned`);
    const dismiss = await academy.http.post(`/api/review-items/${dritanZoomItem}/dismiss`).set(bearer(admin));
    expect(dismiss.status).toBe(409);

    // Importing again neither re-opens the item nor touches anyone.
    const reimport = await upload(sessions.zoom!, fixture('zoom-participants.csv'), 'zoom-participants.csv');
    expect(reimport.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, keptManual: 1, review: [] });
    expect(reimport.body.warnings).toEqual([{ line: null, message: 'Dritan Çela: already assigned on the review list; left as it is' }]);
    expect(await reviewItems(sessions.zoom!)).toEqual([expect.objectContaining({ id: dritanZoomItem, status: 'assigned' })]);
  });

  it('imports the Teams report (UTF-16, raw text/csv body): per-join minutes, the Organizer left out', async () => {
    const res = await uploadRaw(sessions.teams!, fixture('teams-attendance-report.csv'), 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      format: 'teams',
      meeting: { title: 'Deep dive 3: Transparency and accountability', start: '2023-03-07T09:00:05.000Z', end: '2023-03-07T10:31:55.000Z' },
      organiser: { name: 'Programme Office', email: 'programme.office@tirana.example' },
      created: 3, updated: 0, unchanged: 0, keptManual: 0,
      warnings: [{ line: 18, message: 'intervals and minutes come from the per-join rows of the In-Meeting Activities section' }],
    });
    expect(res.body.columns).toMatchObject({ name: 'Name', join: 'First Join', leave: 'Last Leave', role: 'Role', 'activity.join': 'Join Time' });
    expect(res.body.matched).toEqual([
      { name: 'Arta Hoxha', email: 'arta.hoxha@tirana.example', learnerId: ids.arta, matchedBy: 'email', minutes: 88, status: 'present', reason: `88 of 90 minutes, ${ON_TIME}`, outcome: 'created' },
      { name: 'Erion Krasniqi', email: 'erion.krasniqi@tirana.example', learnerId: ids.erion, matchedBy: 'email', minutes: 70, status: 'present', reason: `70 of 90 minutes, ${ON_TIME}`, outcome: 'created' },
      { name: 'Ilir Gashi', email: 'ilir.gashi@tirana.example', learnerId: ids.ilir, matchedBy: 'email', minutes: 13, status: 'absent', reason: '13 of 90 minutes, below 75% of the session', outcome: 'created' },
    ]);
    expect(res.body.review).toEqual([
      { id: expect.any(String), name: 'Dritan Çela', email: null, minutes: 79, reason: 'no e-mail in the report and no enrolled learner is named "Dritan Çela"' },
    ]);
    expect(await attendanceOf(sessions.teams!)).toEqual({
      arta: { status: 'present', minutes: 88, source: 'teams' },
      erion: { status: 'present', minutes: 70, source: 'teams' },
      ilir: { status: 'absent', minutes: 13, source: 'teams' },
    });

    // The guest is dismissed, once.
    const itemId = res.body.review[0].id;
    const dismissed = await academy.http.post(`/api/review-items/${itemId}/dismiss`).set(bearer(admin)).send({ reason: 'guest speaker' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ id: itemId, status: 'dismissed', userId: null, resolvedAt: expect.any(String) });
    expect((await academy.http.get(`/api/sessions/${sessions.teams}/review`).set(bearer(admin))).body).toEqual([]);
    expect((await academy.http.post(`/api/review-items/${itemId}/dismiss`).set(bearer(admin))).status).toBe(409);
    const assign = await academy.http.post(`/api/review-items/${itemId}/assign`).set(bearer(admin)).send({ userId: ids.blerina });
    expect(assign.status).toBe(409);
    expect(assign.body.message).toBe(`review item ${itemId} is already dismissed`);
    expect(await attendanceOf(sessions.teams!)).not.toHaveProperty('blerina');

    const again = await uploadRaw(sessions.teams!, fixture('teams-attendance-report.csv'), 'text/csv');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, keptManual: 0, review: [] });
    expect(await reviewItems(sessions.teams!)).toHaveLength(1);
  });

  it('imports the legacy Teams list (no e-mails) by unique names; without an organiser flag the host is left for review', async () => {
    const res = await uploadRaw(sessions.legacy!, fixture('teams-attendance-legacy.csv'), 'application/octet-stream');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      format: 'teams-legacy',
      meeting: { title: null, start: '2023-02-14T08:57:10.000Z', end: '2023-02-14T10:31:00.000Z' },
      columns: { name: 'Full Name', action: 'User Action', timestamp: 'Timestamp' },
      organiser: null,
      created: 2, updated: 0, unchanged: 0, keptManual: 0,
      warnings: [{ line: null, message: 'the legacy attendance list does not say who organised the meeting; nobody is flagged as organiser' }],
    });
    expect(res.body.matched).toEqual([
      { name: 'Arta Hoxha', email: null, learnerId: ids.arta, matchedBy: 'name', minutes: 90, status: 'present', reason: `90 of 90 minutes, ${ON_TIME}`, outcome: 'created' },
      { name: 'Blerina Shehu', email: null, learnerId: ids.blerina, matchedBy: 'name', minutes: 85, status: 'present', reason: `85 of 90 minutes, ${ON_TIME}`, outcome: 'created' },
    ]);
    expect(res.body.review).toEqual([
      { id: expect.any(String), name: 'Programme Office', email: null, minutes: 94, reason: 'no e-mail in the report and no enrolled learner is named "Programme Office"' },
    ]);
    expect(await attendanceOf(sessions.legacy!)).toEqual({
      arta: { status: 'present', minutes: 90, source: 'teams' },
      blerina: { status: 'present', minutes: 85, source: 'teams' },
    });
    const again = await uploadRaw(sessions.legacy!, fixture('teams-attendance-legacy.csv'), 'application/octet-stream');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, review: [{ id: res.body.review[0].id }] });
    expect(await reviewItems(sessions.legacy!)).toHaveLength(1);
  });

  it('never guesses: a known address of someone else, an ambiguous name, another module; late from the join time', async () => {
    // A second "Ilir Gashi", and a learner enrolled only in DHR-PRIVACY.
    const ilir2 = await academy.createUser({ email: 'ilir.gashi@urban.tirana.example', name: 'Ilir Gashi', role: 'learner' });
    await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin)).send({ userId: ilir2.id }).expect(201);
    const besa = await academy.createUser({ email: 'besa.dervishi@tirana.example', name: 'Besa Dervishi', role: 'learner' });
    await academy.http.post(`/api/programmes/${programmeId}/enrolments`).set(bearer(admin))
      .send({ userId: besa.id, moduleCodes: ['DHR-PRIVACY'] }).expect(201);
    // No end time: the planned length comes from the report's meeting (10:00–11:30).
    const intro = await createSession('DHR-INTRO', '2023-01-13T09:00:00Z');
    const csv = [
      'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
      '111 222 333,Introduction,01/13/2023 10:00:00 AM,01/13/2023 11:30:00 AM,programme.office@tirana.example,90,5',
      '',
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
      'Programme Office,programme.office@tirana.example,01/13/2023 09:50:00 AM,01/13/2023 11:30:00 AM,100,No',
      'Arta Hoxha,arta.private@mail.example,01/13/2023 10:15:00 AM,01/13/2023 11:30:00 AM,75,No',
      'Erion Krasniqi,admin@tirana.example,01/13/2023 10:00:00 AM,01/13/2023 11:30:00 AM,90,No',
      'ILIR  GASHI,,01/13/2023 10:00:00 AM,01/13/2023 11:25:00 AM,85,Yes',
      'Besa Dervishi,besa.dervishi@tirana.example,01/13/2023 10:00:00 AM,01/13/2023 11:30:00 AM,90,No',
      '',
    ].join('\r\n');
    const res = await upload(intro, Buffer.from(csv), 'intro.csv');
    expect(res.status).toBe(200);
    expect(res.body.basis).toEqual({ ruleSet: 'tirana-2023', presentShare: 0.75, lateGraceMinutes: 10, sessionMinutes: 90, sessionMinutesFrom: 'report' });
    expect(res.body.warnings).toEqual([{ line: null, message: 'the session has no end time: its length is taken from the report (90 minutes)' }]);
    expect(res.body.matched).toEqual([
      {
        name: 'Arta Hoxha', email: 'arta.private@mail.example', learnerId: ids.arta, matchedBy: 'name', minutes: 75, status: 'late',
        reason: "joined 15 minutes after the start, more than 10 minutes' grace; 75 of 90 minutes", outcome: 'created',
      },
    ]);
    expect(res.body.review.map((r: any) => [r.name, r.email, r.minutes, r.reason])).toEqual([
      ['Erion Krasniqi', 'admin@tirana.example', 90, 'the e-mail admin@tirana.example is not that of a learner enrolled in this programme'],
      ['ILIR GASHI', null, 85, 'no e-mail in the report and 2 enrolled learners are named "ILIR GASHI"; assign by hand'],
      ['Besa Dervishi', 'besa.dervishi@tirana.example', 90, 'the e-mail is that of a learner of this programme who is not enrolled in DHR-INTRO'],
    ]);
    const [, ambiguous, besaItem] = res.body.review;

    // Resolving by hand: only learners enrolled in the module; a given status is a manual record.
    const wrongModule = await academy.http.post(`/api/review-items/${besaItem.id}/assign`).set(bearer(admin)).send({ userId: besa.id });
    expect(wrongModule.status).toBe(409);
    expect(wrongModule.body.message).toBe(`userId: learner ${besa.id} is not enrolled in DHR-INTRO`);
    const [adminUser] = await academy.db.query(`SELECT id FROM users WHERE email = 'admin@tirana.example'`);
    const notEnrolled = await academy.http.post(`/api/review-items/${ambiguous.id}/assign`).set(bearer(admin)).send({ userId: adminUser.id });
    expect(notEnrolled.status).toBe(409);
    expect(notEnrolled.body.message).toBe(`userId: learner ${adminUser.id} is not enrolled in this programme`);
    const manual = await academy.http.post(`/api/review-items/${ambiguous.id}/assign`).set(bearer(admin)).send({ userId: ilir2.id, status: 'late' });
    expect(manual.status).toBe(200);
    expect(manual.body).toMatchObject({
      attendance: { userId: ilir2.id, status: 'late', minutes: 85, source: 'manual' },
      derived: { status: 'present', reason: `85 of 90 minutes, ${ON_TIME}` },
    });
    expect((await academy.http.get(`/api/sessions/${intro}/review`).set(bearer(admin))).body.map((i: any) => i.name)).toEqual([
      'Erion Krasniqi',
      'Besa Dervishi',
    ]);
  });

  it('refuses a file that is not a report with the parser’s message, and stores nothing', async () => {
    const notAReport = readFileSync(path.join(import.meta.dirname, 'fixtures/attendance-import.csv'));
    let parserMessage = '';
    try {
      parseVideoConferenceReport(notAReport, { timeZone: 'Europe/Tirane' });
    } catch (e) {
      expect(e).toBeInstanceOf(ReportFormatError);
      parserMessage = (e as Error).message;
    }
    const res = await upload(sessions.zoom!, notAReport, 'attendance-import.csv');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`file: ${parserMessage}`);
    expect(res.body.message).toMatch(/^file: Not a recognised attendance report: the header on line 1 has "email", "name", "minutes" but no column for join/);
    const [{ n }] = await academy.db.query(`SELECT count(*)::int AS n FROM vc_imports WHERE session_id = $1`, [sessions.zoom]);
    expect(n).toBe(4);

    const empty = await academy.http.post(`/api/sessions/${sessions.zoom}/attendance/report`).set(bearer(admin));
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/^file: send the report as a multipart field named "file"/);
  });

  it("answers 404 for another city's session and review item, and 400 for a malformed id", async () => {
    const dublin = await academy.login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    const [item] = await reviewItems(sessions.legacy!);
    const cases = [
      await academy.http.post(`/api/sessions/${sessions.zoom}/attendance/report`).set(bearer(dublin)).attach('file', fixture('zoom-participants.csv'), 'z.csv'),
      await academy.http.get(`/api/sessions/${sessions.zoom}/review`).set(bearer(dublin)),
      await academy.http.post(`/api/review-items/${item.id}/assign`).set(bearer(dublin)).send({ userId: ids.arta }),
      await academy.http.post(`/api/review-items/${item.id}/dismiss`).set(bearer(dublin)),
    ];
    expect(cases.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(cases[0]!.body.message).toBe(`session ${sessions.zoom} was not found`);
    expect(cases[2]!.body.message).toBe(`review item ${item.id} was not found`);
    expect((await reviewItems(sessions.legacy!))[0]).toMatchObject({ status: 'pending' });
    const malformed = await academy.http.post('/api/review-items/not-a-uuid/dismiss').set(bearer(admin));
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('id: must be a UUID');
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await academy.http.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining([
      '/api/sessions/{id}/attendance/report', '/api/sessions/{id}/review', '/api/review-items/{id}/assign', '/api/review-items/{id}/dismiss',
    ]));
  });

  it('after closing, an assignment bumps the revision and the learner is re-evaluated', async () => {
    await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin)).expect(202);
    await academy.waitForEvaluation(programmeId);
    const certificates = () =>
      academy.db.query(`SELECT kind, status FROM certificates WHERE programme_id = $1 AND user_id = $2`, [programmeId, ids.ilir]);
    const latestDecision = async () =>
      (await academy.db.query(
        `SELECT revision, attended_modules FROM decisions WHERE programme_id = $1 AND user_id = $2 ORDER BY decided_at DESC LIMIT 1`,
        [programmeId, ids.ilir],
      ))[0];
    // Ilir: present at DHR-PRIVACY (assigned above), absent at DHR-TRANSPARENCY: one module, no certificate.
    expect(await latestDecision()).toEqual({ revision: 2, attended_modules: ['DHR-PRIVACY'] });
    expect(await certificates()).toEqual([]);

    // The host of the legacy meeting was Ilir after all: 09:57:10–11:31:00, 94 minutes.
    const [item] = await reviewItems(sessions.legacy!);
    const res = await academy.http.post(`/api/review-items/${item.id}/assign`).set(bearer(admin)).send({ userId: ids.ilir });
    expect(res.status).toBe(200);
    expect(res.body.attendance).toEqual({ sessionId: sessions.legacy, userId: ids.ilir, status: 'present', minutes: 94, source: 'teams' });
    expect((await revisions()).ilir).toBe(3);
    await academy.waitForEvaluation(programmeId);
    expect(await latestDecision()).toEqual({ revision: 3, attended_modules: ['DHR-PRIVACY', 'DHR-INCLUSION'] });
    expect(await certificates()).toEqual([{ kind: 'attendance', status: 'valid' }]);
  });
});

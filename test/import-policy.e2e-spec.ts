import { bearer, TestAcademy } from './support/academy.js';

const HEADER = 'email,name,department,module,session,status,minutes';

/**
 * One policy for every attendance import: a manual record is never overwritten, and the
 * answer lists every row where the file disagrees with one.
 */
describe('attendance imports and manual corrections', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('import-policy');
    admin = await academy.login();
    programmeId = (await academy.tirana()).id;
  });
  afterAll(() => academy.stop());

  const attendanceOf = async (email: string, moduleCode: string) =>
    (await academy.db.query(
      `SELECT a.status, a.minutes, a.source FROM attendance a JOIN users u ON u.id = a.user_id
         JOIN sessions s ON s.id = a.session_id JOIN modules m ON m.id = s.module_id WHERE u.email = $1 AND m.code = $2`,
      [email, moduleCode],
    ))[0];

  it('keeps a manual correction when the CSV is imported again, and lists the row', async () => {
    const csv = [HEADER,
      'ilir.gashi@tirana.example,Ilir Gashi,Finance,DHR-INTRO,2023-01-17,present,84',
      'ilir.gashi@tirana.example,Ilir Gashi,Finance,DHR-PRIVACY,2023-01-24,absent,',
      'blerina.shehu@tirana.example,Blerina Shehu,Social Services,DHR-PRIVACY,2023-01-24,present,90'].join('\n');
    const first = await academy.importCsv(programmeId, csv);
    expect(first.body).toMatchObject({ created: 3, keptManual: 0, manualConflicts: [] });

    const sessions = await academy.http.get(`/api/programmes/${programmeId}/sessions`).set(bearer(admin));
    const privacy = sessions.body.find((s: any) => s.moduleCode === 'DHR-PRIVACY').id;
    const [ilir] = await academy.db.query(`SELECT id FROM users WHERE email = 'ilir.gashi@tirana.example'`);
    await academy.http.put(`/api/sessions/${privacy}/attendance/${ilir.id}`).set(bearer(admin))
      .send({ status: 'late', minutes: 45, reason: 'joined late, confirmed by the trainer' }).expect(200);

    const again = await academy.importCsv(programmeId, csv);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 2, keptManual: 1, errors: [] });
    expect(again.body.manualConflicts).toEqual([{
      lines: [3], sessionId: privacy, moduleCode: 'DHR-PRIVACY', userId: ilir.id, email: 'ilir.gashi@tirana.example',
      file: { status: 'absent', minutes: null },
      kept: { status: 'late', minutes: 45, recordedAt: expect.any(String), recordedBy: 'admin@tirana.example' },
    }]);
    expect(again.body.warnings).toEqual([{
      line: 3,
      message: expect.stringMatching(/^ilir\.gashi@tirana\.example, DHR-PRIVACY: kept the manual record late \(45 minutes\), made by admin@tirana\.example on \d{4}-\d{2}-\d{2}; the file says absent$/),
    }]);
    expect(await attendanceOf('ilir.gashi@tirana.example', 'DHR-PRIVACY')).toEqual({ status: 'late', minutes: 45, source: 'manual' });
    const history = await academy.http.get(`/api/sessions/${privacy}/attendance/${ilir.id}/history`).set(bearer(admin));
    expect(history.body.map((h: any) => h.action)).toEqual(['attendance.corrected']);

    // A file that agrees with the correction changes nothing and reports nothing.
    const agreeing = [HEADER, 'ilir.gashi@tirana.example,Ilir Gashi,Finance,DHR-PRIVACY,2023-01-24,late,45'].join('\n');
    expect((await academy.importCsv(programmeId, agreeing)).body).toMatchObject({ unchanged: 1, keptManual: 0, manualConflicts: [], warnings: [] });
    // Records that were not made by hand still follow the file.
    const changed = [HEADER, 'blerina.shehu@tirana.example,Blerina Shehu,Social Services,DHR-PRIVACY,2023-01-24,late,70'].join('\n');
    expect((await academy.importCsv(programmeId, changed)).body).toMatchObject({ updated: 1, keptManual: 0 });
    expect(await attendanceOf('blerina.shehu@tirana.example', 'DHR-PRIVACY')).toEqual({ status: 'late', minutes: 70, source: 'csv' });
  });

  it('documents the one policy on both imports in the OpenAPI document', async () => {
    const doc = await academy.http.get('/docs/openapi.json');
    const csv = doc.body.paths['/api/programmes/{id}/attendance/import'].post.description;
    const report = doc.body.paths['/api/sessions/{id}/attendance/report'].post.description;
    for (const text of [csv, report]) {
      expect(text).toContain('An import never overwrites a manual record');
      expect(text).toContain('`manualConflicts`');
    }
  });
});

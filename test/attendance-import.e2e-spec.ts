import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, TestAcademy } from './support/academy.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures/attendance-csv', name));

/** Attendance files as spreadsheets write them: legacy encodings, semicolons, repeated lines. */
describe('attendance import of the files people have', () => {
  let academy: TestAcademy;
  let admin: string;
  let programmeId: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('import_formats');
    admin = await academy.login();
    programmeId = (await academy.tirana()).id;
  });
  afterAll(() => academy.stop());

  it('imports Excel\'s European CSV (Windows-1252, semicolons): a repeat is counted once, a contradiction is one error', async () => {
    const res = await academy.http
      .post(`/api/programmes/${programmeId}/attendance/import`)
      .set(bearer(admin))
      .attach('file', fixture('excel-europe.csv'), 'prezenca.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows: 5,
      created: 3,
      updated: 0,
      unchanged: 0,
      duplicates: 1,
      learnersCreated: 3,
      warnings: [{ line: 4, message: 'repeats line 2; counted once' }],
      errors: [{ line: 6, message: 'duplicate of line 3 for the same learner and session' }],
    });

    // The good rows are in, names decoded from their Windows-1252 bytes.
    const sessions = await academy.http.get(`/api/programmes/${programmeId}/sessions`).set(bearer(admin));
    const intro = sessions.body.find((s: any) => s.moduleCode === 'DHR-INTRO' && s.localStart.startsWith('2023-01-17'));
    const attendance = await academy.http.get(`/api/sessions/${intro.id}/attendance`).set(bearer(admin));
    expect(attendance.body.map((a: any) => [a.name, a.status, a.minutes]).sort()).toEqual([
      ['Arbër Hoxha', 'late', 71],
      ['Ëndrra Çela', 'present', 88],
    ]);
  });

  it('reads the same people from a UTF-8 file with a byte-order mark as a text/csv body', async () => {
    const res = await academy.http
      .post(`/api/programmes/${programmeId}/attendance/import`)
      .set(bearer(admin))
      .set('Content-Type', 'text/csv')
      .send(fixture('utf8-bom.csv'));
    expect(res.status).toBe(200);
    // Ëndrra's line is already there from the Windows-1252 file: the same person, unchanged.
    expect(res.body).toMatchObject({ rows: 2, created: 1, unchanged: 1, learnersCreated: 1, duplicates: 0, warnings: [], errors: [] });
  });

  it('takes a line naming a session by its id and one naming it by its date for the same session', async () => {
    const sessions = await academy.http.get(`/api/programmes/${programmeId}/sessions`).set(bearer(admin));
    const intro = sessions.body.find((s: any) => s.moduleCode === 'DHR-INTRO' && s.localStart.startsWith('2023-01-17'));
    const csv = [
      'email,name,module,session,status',
      'besa.leka@tirana.example,Besa Leka,DHR-INTRO,2023-01-17,present',
      `besa.leka@tirana.example,Besa Leka,DHR-INTRO,${intro.id},late`,
      'genta.muca@tirana.example,Genta Muça,DHR-INTRO,2023-01-17,present',
    ].join('\n');
    const res = await academy.importCsv(programmeId, csv, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows: 3,
      created: 2,
      errors: [{ line: 3, message: 'duplicate of line 2 for the same learner and session' }],
    });
  });

  it('refuses a file that is neither UTF-8 nor Windows-1252 with 400 saying how to save it', async () => {
    const res = await academy.http
      .post(`/api/programmes/${programmeId}/attendance/import`)
      .set(bearer(admin))
      .attach('file', fixture('utf16le-no-bom.csv'), 'attendance.csv');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^file: the file cannot be read as text: .*save it as "CSV UTF-8"/);
  });
});

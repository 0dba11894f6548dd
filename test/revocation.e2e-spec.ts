import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, prepareDatabase } from '@academy/database';
import { bearer, TestAcademy } from './support/academy.js';
import { createTestDatabase } from './setup/services.js';
import { MODULE_DATES } from './support/tirana-cohort.js';

const HEADER = 'email,name,department,module,session,status,minutes';
const row = (email: string, module: string) => `${email},Ana Hoxha,Finance,${module},${MODULE_DATES[module]},present,`;

/**
 * A revocation has a public reason from a fixed list, which verification shows, and a private
 * note for the city, which verification never shows.
 */
describe('revocation reasons', () => {
  let academy: TestAcademy;
  let admin: string;
  let certificate: { id: string; code: string };

  beforeAll(async () => {
    academy = await TestAcademy.start('revocation');
    admin = await academy.login();
    const programmeId = (await academy.tirana()).id;
    const csv = [HEADER, ...['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION'].map((m) => row('ana@tirana.example', m))].join('\n');
    expect((await academy.importCsv(programmeId, csv)).status).toBe(200);
    expect((await academy.http.post(`/api/programmes/${programmeId}/close`).set(bearer(admin))).status).toBe(202);
    await academy.waitForEvaluation(programmeId);
    const list = await academy.http.get(`/api/programmes/${programmeId}/certificates?status=valid`).set(bearer(admin));
    certificate = list.body[0];
    expect(certificate).toBeDefined();
  });
  afterAll(() => academy.stop());

  it('refuses a reason outside the list when a note is given, naming the field', async () => {
    const res = await academy.http
      .post(`/api/certificates/${certificate.id}/revoke`).set(bearer(admin))
      .send({ reason: 'she was not there', note: 'details' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^reason: must be one of issued_in_error, attendance_corrected, identity_mismatch, withdrawn_by_learner, other/);
  });

  it('shows the public reason in verification and keeps the note for the city', async () => {
    const note = 'Attendance of 17 January was typed in for Ana Hoxha instead of Ana Hoxhaj';
    const res = await academy.http
      .post(`/api/certificates/${certificate.id}/revoke`).set(bearer(admin))
      .send({ reason: 'identity_mismatch', note });
    expect(res.status).toBe(204);

    const verify = await academy.http.get(`/api/certificates/verify/${certificate.code}`);
    expect(verify.body).toMatchObject({
      status: 'revoked', revokedReason: 'identity_mismatch',
      revokedReasonText: 'The holder named on it is not the person who took part',
    });
    expect(JSON.stringify(verify.body)).not.toContain('17 January');
    const page = await academy.http.get(`/verify/${certificate.code}`);
    expect(page.text).toContain('The holder named on it is not the person who took part');
    expect(page.text).not.toContain('17 January');

    const [stored] = await academy.db.query(`SELECT revoked_reason, revoked_note FROM certificates WHERE id = $1`, [certificate.id]);
    expect(stored).toEqual({ revoked_reason: 'identity_mismatch', revoked_note: note });
    const [audit] = await academy.db.query(`SELECT after FROM audit_events WHERE action = 'certificate.revoked' AND entity_id = $1`, [
      certificate.id,
    ]);
    expect(audit.after).toEqual({ status: 'revoked', reason: 'identity_mismatch', note });
  });

  it("serves the certificate's web view with its inline style under the answer's nonce", async () => {
    const res = await academy.http.get(`/api/certificates/${certificate.id}/html`).set(bearer(admin));
    expect(res.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(res.headers['content-security-policy'])![1];
    expect(res.text).toContain(`<style nonce="${nonce}">`);
  });

  it('moves the free text of earlier revocations into the private note', async () => {
    const db = await createTestDatabase('revocation-migration');
    const before = MIGRATIONS.findIndex((m) => m.name === 'SeparateRevocationReasons1764700000000');
    const old = new DataSource({ ...dataSourceOptions(db.url, 2), migrations: MIGRATIONS.slice(0, before) });
    let ds: DataSource | undefined;
    try {
      await old.initialize();
      await old.runMigrations();
      await old.query(`
        INSERT INTO cities (id, code, name, issuer) VALUES ('00000000-0000-0000-0000-00000000000c', 'TIRANA', 'Tirana', 'Tirana Municipality');
        INSERT INTO users (id, city_id, email, name, role) VALUES
          ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-00000000000c', 'ana@tirana.example', 'Ana', 'learner');
        INSERT INTO programmes (id, city_id, code, title, rule_set, status) VALUES
          ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-00000000000c', 'OLD-2023', 'Old', 'tirana-2023', 'closed');
        INSERT INTO decisions (id, programme_id, user_id, rule_set, revision, awards, attended_modules, explanation, close_count) VALUES
          ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000b1',
           'tirana-2023', 0, '[]', '{}', '{}', 1);
        INSERT INTO certificates (code, programme_id, user_id, decision_id, kind, scope, slot, status, language, holder_name,
                                  modules, sha256, issued_at, revoked_at, revoked_reason) VALUES
          ('AAAA-BBBB-CCC1', '00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000b1',
           '00000000-0000-0000-0000-0000000000d1', 'completion', 'programme', 'programme', 'revoked', 'en', 'Ana', '[]', 'x',
           now(), now(), 'Issued to the wrong Ana'),
          ('AAAA-BBBB-CCC2', '00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000b1',
           '00000000-0000-0000-0000-0000000000d1', 'attendance', 'programme', 'attendance', 'valid', 'en', 'Ana', '[]', 'x',
           now(), NULL, NULL);
      `);
      await old.destroy();
      await prepareDatabase(db.url, { admin: { email: 'admin@tirana.example', password: 'unused-password-here' } });
      ds = new DataSource(dataSourceOptions(db.url, 2));
      await ds.initialize();
      expect(await ds.query(`SELECT code, status, revoked_reason, revoked_note FROM certificates ORDER BY code`)).toEqual([
        { code: 'AAAA-BBBB-CCC1', status: 'revoked', revoked_reason: 'other', revoked_note: 'Issued to the wrong Ana' },
        { code: 'AAAA-BBBB-CCC2', status: 'valid', revoked_reason: null, revoked_note: null },
      ]);
      await expect(ds.query(`UPDATE certificates SET revoked_reason = 'because' WHERE code = 'AAAA-BBBB-CCC1'`)).rejects.toThrow(/ck_certificates_revoked_reason/);
    } finally {
      if (old.isInitialized) await old.destroy();
      if (ds?.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});

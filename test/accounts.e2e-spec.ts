import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { PasswordResetMailService } from '@academy/mail';
import { ADMIN, bearer, DUBLIN_ADMIN, TestAcademy } from './support/academy.js';
import { mailsTo, tokenIn, waitForMails } from './support/outbox.js';

/** Accounts that hold: every request checks the account; changes end tokens at once. Through HTTP, real PG and Redis. */
describe('accounts that hold', () => {
  let academy: TestAcademy;
  let admin: string;

  beforeAll(async () => {
    academy = await TestAcademy.start('accounts');
    admin = await academy.login();
  });
  afterAll(() => academy.stop());

  const person = async (email: string, role: string, password?: string) => {
    const res = await academy.http.post('/api/users').set(bearer(admin)).send({ email, name: email.split('@')[0], role, ...(password ? { password } : {}) });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string };
  };
  const login = async (email: string, password: string) => {
    const res = await academy.http.post('/api/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  const me = (token: string) => academy.http.get('/api/me').set(bearer(token));

  it('refuses a signed token for a user that does not exist with 401, never 500', async () => {
    const jwt = academy.api.get(JwtService);
    const [city] = await academy.db.query(`SELECT id FROM cities WHERE code = 'TIRANA'`);
    for (const sub of [randomUUID(), 'not-a-uuid']) {
      const forged = await jwt.signAsync({ sub, city: city.id, role: 'admin', ver: 1 });
      const res = await academy.http.post('/api/users').set(bearer(forged)).send({ email: 'x@tirana.example', name: 'X', role: 'learner' });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, message: expect.stringMatching(/^authorization: /) });
    }
    // A token without a version (signed before versions existed) is refused too.
    const [{ id }] = await academy.db.query(`SELECT id FROM users WHERE email = $1`, [ADMIN.email]);
    const old = await jwt.signAsync({ sub: id, city: city.id, role: 'admin' });
    expect((await me(old)).status).toBe(401);
    // A deleted user's token (the row removed by hand, as no route deletes people): 401, not 500.
    const gone = await person('gone@tirana.example', 'learner', 'a-long-password');
    const goneToken = await login('gone@tirana.example', 'a-long-password');
    await academy.db.query(`DELETE FROM audit_events WHERE entity_id = $1`, [gone.id]);
    await academy.db.query(`DELETE FROM users WHERE id = $1`, [gone.id]);
    expect((await me(goneToken)).status).toBe(401);
    expect((await me(goneToken)).status).toBe(401); // now answered from the cached "no such account"
  });

  it("ends a demoted admin's existing token on its next request", async () => {
    const second = await person('second.admin@tirana.example', 'admin', 'a-long-password');
    const token = await login('second.admin@tirana.example', 'a-long-password');
    const before = await academy.http.post('/api/users').set(bearer(token)).send({ email: 'made.by.second@tirana.example', name: 'M', role: 'learner', password: 'a-long-password' });
    expect(before.status).toBe(201);

    const demoted = await academy.http.patch(`/api/users/${second.id}`).set(bearer(admin)).send({ role: 'learner' });
    expect(demoted.status).toBe(200);
    expect(demoted.body).toMatchObject({ role: 'learner', active: true });
    const after = await academy.http.post('/api/users').set(bearer(token)).send({ email: 'after@tirana.example', name: 'A', role: 'admin', password: 'a-long-password' });
    expect(after.status).toBe(401);
    // Logging in again gives a learner's token: the admin routes answer 403.
    const fresh = await login('second.admin@tirana.example', 'a-long-password');
    expect((await academy.http.get('/api/users').set(bearer(fresh))).status).toBe(403);
    const trail = await academy.db.query(`SELECT action, before, after FROM audit_events WHERE entity_id = $1 ORDER BY at`, [second.id]);
    expect(trail.map((e: any) => e.action)).toContain('user.role-changed');
  });

  it("ends a deactivated admin's existing token on its next request; reactivation does not revive it", async () => {
    const third = await person('third.admin@tirana.example', 'admin', 'a-long-password');
    const token = await login('third.admin@tirana.example', 'a-long-password');
    expect((await academy.http.get('/api/users').set(bearer(token))).status).toBe(200);

    const off = await academy.http.post(`/api/users/${third.id}/deactivate`).set(bearer(admin)).send({ reason: 'left the city' });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await academy.http.get('/api/users').set(bearer(token))).status).toBe(401);
    const refused = await academy.http.post('/api/auth/login').send({ email: 'third.admin@tirana.example', password: 'a-long-password' });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('e-mail or password is not correct');

    expect((await academy.http.post(`/api/users/${third.id}/reactivate`).set(bearer(admin))).body.active).toBe(true);
    expect((await academy.http.get('/api/users').set(bearer(token))).status).toBe(401);
    expect((await academy.http.get('/api/users').set(bearer(await login('third.admin@tirana.example', 'a-long-password')))).status).toBe(200);
  });

  it('keeps the city an active administrator, names the role it will not grant, and hides other cities', async () => {
    const [{ id: adminId }] = await academy.db.query(`SELECT id FROM users WHERE email = $1`, [ADMIN.email]);
    // third.admin is active again: the seeded admin may step down, but the last one may not.
    const other = await academy.db.query(`SELECT id FROM users WHERE email = 'third.admin@tirana.example'`);
    expect((await academy.http.post(`/api/users/${other[0].id}/deactivate`).set(bearer(admin)).send({})).status).toBe(200);
    const selfDemote = await academy.http.patch(`/api/users/${adminId}`).set(bearer(admin)).send({ role: 'trainer' });
    expect(selfDemote.status).toBe(409);
    expect(selfDemote.body.message).toMatch(/^role: the city would be left without an active administrator/);
    const selfOff = await academy.http.post(`/api/users/${adminId}/deactivate`).set(bearer(admin)).send({});
    expect(selfOff.status).toBe(409);
    expect(selfOff.body.message).toMatch(/without an active administrator/);

    const platform = await academy.http.patch(`/api/users/${other[0].id}`).set(bearer(admin)).send({ role: 'platform' });
    expect(platform.status).toBe(400);
    expect(platform.body.message).toMatch(/^role /);

    const renamed = await academy.http.patch(`/api/users/${other[0].id}`).set(bearer(admin)).send({ name: 'Third Admin' });
    expect(renamed.body).toMatchObject({ name: 'Third Admin', active: false });

    const [dublin] = await academy.db.query(`SELECT id FROM cities WHERE code = 'DUBLIN'`);
    // Dublin's seeded administrator.
    const [dubliner] = await academy.db.query(`SELECT id FROM users WHERE email = $1 AND city_id = $2`, [DUBLIN_ADMIN.email, dublin.id]);
    const dublinAdmin = await login(DUBLIN_ADMIN.email, DUBLIN_ADMIN.password);
    for (const res of [
      await academy.http.patch(`/api/users/${adminId}`).set(bearer(dublinAdmin)).send({ role: 'learner' }),
      await academy.http.post(`/api/users/${adminId}/deactivate`).set(bearer(dublinAdmin)).send({}),
      await academy.http.post(`/api/users/${adminId}/invitation`).set(bearer(dublinAdmin)),
      await academy.http.patch(`/api/users/${dubliner.id}`).set(bearer(admin)).send({ name: 'Renamed' }),
    ]) {
      expect(res.status).toBe(404);
    }
  });

  it('ends the token on logout, on every device', async () => {
    await person('logout@tirana.example', 'learner', 'a-long-password');
    const phone = await login('logout@tirana.example', 'a-long-password');
    const laptop = await login('logout@tirana.example', 'a-long-password');
    expect((await me(phone)).status).toBe(200);
    expect((await academy.http.post('/api/auth/logout').set(bearer(phone))).status).toBe(204);
    expect((await me(phone)).status).toBe(401);
    expect((await me(laptop)).status).toBe(401);
    expect((await academy.http.post('/api/auth/logout')).status).toBe(401);
  });

  it('changes the own password under the policy and ends older tokens', async () => {
    await person('changer@tirana.example', 'trainer', 'a-long-password');
    const token = await login('changer@tirana.example', 'a-long-password');
    const wrong = await academy.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/^currentPassword: /);
    for (const [newPassword, reason] of [
      ['short', /^newPassword must be at least 12 characters/],
      [' '.repeat(14), /^newPassword must not be only white space/],
      ['qwerty123456', /^newPassword is one of the most common passwords/],
    ] as const) {
      const res = await academy.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: 'a-long-password', newPassword });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(reason);
    }
    const changed = await academy.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: 'a-long-password', newPassword: 'a-brand-new-password' });
    expect(changed.status).toBe(200);
    expect((await me(token)).status).toBe(401);
    expect((await me(changed.body.accessToken)).status).toBe(200);
    expect((await academy.http.post('/api/auth/login').send({ email: 'changer@tirana.example', password: 'a-long-password' })).status).toBe(401);
    await login('changer@tirana.example', 'a-brand-new-password');
  });

  it('applies the password policy to every route that sets a password', async () => {
    const created = await academy.http.post('/api/users').set(bearer(admin)).send({ email: 'weak@tirana.example', name: 'W', role: 'learner', password: 'password1234' });
    expect(created.status).toBe(400);
    expect(created.body.message).toMatch(/^password is one of the most common passwords/);
    const spaces = await academy.http.post('/api/users').set(bearer(admin)).send({ email: 'weak@tirana.example', name: 'W', role: 'learner', password: ' '.repeat(10) });
    expect(spaces.status).toBe(400);
    expect(spaces.body.message).toMatch(/^password must be at least 12 characters/);
    const accept = await academy.http.post('/api/auth/accept-invitation').send({ token: 'x'.repeat(32), password: '          ' });
    expect(accept.status).toBe(400);
    expect(accept.body.message).toMatch(/^password must be at least 12 characters/);
    const confirm = await academy.http.post('/api/auth/password-reset/confirm').send({ token: 'x'.repeat(32), password: 'qwerty123456' });
    expect(confirm.status).toBe(400);
    expect(confirm.body.message).toMatch(/^password is one of the most common passwords/);
  });

  it('resets a forgotten password by a mailed link: 202 either way, one mail, single use, expiry', async () => {
    const dataDir = academy.config.dataDir;
    await person('forgetful@tirana.example', 'learner', 'a-long-password');
    const oldToken = await login('forgetful@tirana.example', 'a-long-password');

    const unknown = await academy.http.post('/api/auth/password-reset').send({ email: 'nobody@tirana.example' });
    expect(unknown.status).toBe(202);
    const known = await academy.http.post('/api/auth/password-reset').send({ email: 'Forgetful@Tirana.example' });
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);

    const [mail] = await waitForMails(academy.db, dataDir, 'forgetful@tirana.example', /password-reset#token=/);
    expect(mail).toContain(`${academy.config.publicBaseUrl}/password-reset#token=`);
    const token = tokenIn(mail!, 'password-reset');
    const [stored] = await academy.db.query(`SELECT id, token_hash FROM password_resets`);
    expect(stored.token_hash).not.toContain(token);
    // The mail job run again (a retry, a duplicate) sends nothing more.
    expect(await academy.worker.get(PasswordResetMailService).send(stored.id)).toBe(0);
    expect(mailsTo(dataDir, 'forgetful@tirana.example')).toHaveLength(1);
    expect(mailsTo(dataDir, 'nobody@tirana.example')).toHaveLength(0);
    expect(await academy.db.query(`SELECT kind FROM mail_messages WHERE recipient = 'nobody@tirana.example'`)).toEqual([]);

    const weak = await academy.http.post('/api/auth/password-reset/confirm').send({ token, password: 'short' });
    expect(weak.status).toBe(400);
    const done = await academy.http.post('/api/auth/password-reset/confirm').send({ token, password: 'remembered-at-last' });
    expect(done.status).toBe(200);
    expect((await me(done.body.accessToken)).status).toBe(200);
    expect((await me(oldToken)).status).toBe(401);
    const again = await academy.http.post('/api/auth/password-reset/confirm').send({ token, password: 'another-new-password' });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/^token: the reset link is unknown, used or expired/);
    await login('forgetful@tirana.example', 'remembered-at-last');

    // A link past its expiry does not work.
    await academy.http.post('/api/auth/password-reset').send({ email: 'forgetful@tirana.example' }).expect(202);
    const [, second] = await waitForMails(academy.db, dataDir, 'forgetful@tirana.example', /password-reset#token=/, 2);
    await academy.db.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    const expired = await academy.http.post('/api/auth/password-reset/confirm').send({ token: tokenIn(second!, 'password-reset'), password: 'too-late-for-this-one' });
    expect(expired.status).toBe(400);
    await login('forgetful@tirana.example', 'remembered-at-last');
  });

  it('resends an invitation: a new single-use link, the old one dead', async () => {
    const dataDir = academy.config.dataDir;
    const invited = await person('invited@tirana.example', 'learner');
    const [first] = await waitForMails(academy.db, dataDir, 'invited@tirana.example', /invitation#token=/);
    expect(first).toContain(`${academy.config.publicBaseUrl}/invitation#token=`);
    const resent = await academy.http.post(`/api/users/${invited.id}/invitation`).set(bearer(admin));
    expect(resent.status).toBe(202);
    const mails = await waitForMails(academy.db, dataDir, 'invited@tirana.example', /invitation#token=/, 2);
    const [oldToken, newToken] = [tokenIn(first!, 'invitation'), tokenIn(mails.find((m) => m !== first)!, 'invitation')];
    expect(newToken).not.toBe(oldToken);
    expect((await academy.http.post('/api/auth/accept-invitation').send({ token: oldToken, password: 'my-own-password' })).status).toBe(400);
    expect((await academy.http.post('/api/auth/accept-invitation').send({ token: newToken, password: 'my-own-password' })).status).toBe(200);
    expect((await academy.http.post('/api/auth/accept-invitation').send({ token: newToken, password: 'my-own-password' })).status).toBe(400);
    const already = await academy.http.post(`/api/users/${invited.id}/invitation`).set(bearer(admin));
    expect(already.status).toBe(409);
  });
});

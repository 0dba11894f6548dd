import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '../apps/api/src/app.factory.js';
import { hashPassword } from '@academy/identity';
import { clientAt, listening, type Answer } from './support/from-address.js';
import { TestAcademy } from './support/academy.js';

/**
 * Every limit is counted in the shared Redis, per account and per client address, with the
 * documented defaults: 20 failed logins per address and 10 per account in 15 minutes, 10
 * failed uses of mailed tokens and 5 reset requests per address in 15 minutes, 60
 * verifications per address a minute. Each test speaks from loopback addresses of its own
 * (127.0.0.x), so their counts do not mix.
 */
describe('throttling', () => {
  let academy: TestAcademy;
  let port: number;
  const others: INestApplication[] = [];
  const PASSWORD = 'a-long-password';
  const people = Array.from({ length: 40 }, (_, i) => `spray${String(i + 1).padStart(2, '0')}@tirana.example`);

  /** Another api process on the same database and Redis (as a second machine would be). */
  async function anotherInstance(overrides: Partial<TestAcademy['config']> = {}): Promise<number> {
    const app = await createApiApp({ ...academy.config, runMigrations: false, ...overrides });
    await app.init();
    others.push(app);
    return listening(app);
  }

  const login = (from: string, email: string, password: string, at = port, headers: Record<string, string> = {}) =>
    clientAt(from, at)('POST', '/api/auth/login', { email, password }, headers);

  const expectRefusal = (res: Answer) => {
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      statusCode: 429, error: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too many/), requestId: expect.any(String),
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 900).toBe(true);
  };

  beforeAll(async () => {
    academy = await TestAcademy.start('throttling');
    const [tirana] = await academy.db.query(`SELECT id FROM cities WHERE code = 'TIRANA'`);
    const hash = await hashPassword(PASSWORD);
    await academy.db.query(
      `INSERT INTO users (city_id, email, name, role, password_hash)
       SELECT $1, e, 'Learner ' || e, 'learner', $2 FROM unnest($3::text[]) AS e`,
      [tirana.id, hash, people],
    );
    port = await listening(academy.api);
  });
  afterAll(async () => {
    for (const app of others) await app.close();
    await academy.stop();
  });

  it('throttles one password tried against 30 accounts from one address; a forged X-Forwarded-For does not reset it', async () => {
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (const email of people.slice(0, 30)) {
      last = await login('127.0.0.10', email, 'Summer2024!');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    expectRefusal(last!);

    for (const forged of ['203.0.113.1', '198.51.100.7, 203.0.113.2', '::1']) {
      expect((await login('127.0.0.10', people[0], PASSWORD, port, { 'X-Forwarded-For': forged })).status).toBe(429);
    }
    // Only that address is refused: the same people log in from elsewhere (one failure each is far from their own limit).
    expect((await login('127.0.0.11', people[0], PASSWORD)).status).toBe(200);
  });

  it('limits failures per account from any address, and a success clears them', async () => {
    const [victim, other] = [people[30], people[31]];
    for (let i = 0; i < 9; i++) expect((await login(`127.0.0.${20 + (i % 3)}`, victim, 'wrong-guess')).status).toBe(401);
    expect((await login('127.0.0.23', victim, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login(`127.0.0.${20 + (i % 3)}`, victim, 'wrong-guess')).status).toBe(401);
    // Ten failures in a row: the right password is refused too, from a fresh address, until the window ends.
    expectRefusal(await login('127.0.0.24', victim, PASSWORD));
    expect((await login('127.0.0.24', other, PASSWORD)).status).toBe(200);
  });

  it('holds across two api instances sharing Redis', async () => {
    const second = await anotherInstance();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await login('127.0.0.30', people[3 + (i % 20)], 'Autumn2024!', i % 2 ? second : port)).status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429]);
    expectRefusal(await login('127.0.0.30', people[25], PASSWORD, second));
  });

  it("honours a trusted proxy's X-Forwarded-For (TRUST_PROXY=1), not the part its client wrote", async () => {
    const proxied = await anotherInstance({ trustProxy: 1 });
    let attempt = 0;
    // Each attempt at another account: only the address's count adds up.
    const behindProxy = (client: string, forged?: string) =>
      login('127.0.0.40', people[attempt++ % 30], 'Winter2024!', proxied, { 'X-Forwarded-For': forged ? `${forged}, ${client}` : client });
    for (let i = 0; i < 20; i++) expect((await behindProxy('203.0.113.50')).status).toBe(401);
    expectRefusal(await behindProxy('203.0.113.50'));
    expectRefusal(await behindProxy('203.0.113.50', '192.0.2.99'));
    // Another client behind the same proxy has its own count.
    expect((await behindProxy('203.0.113.51')).status).toBe(401);
  });

  it('limits failed invitation and reset tokens, and reset requests, per address, by URL', async () => {
    const from = clientAt('127.0.0.50', port);
    for (let i = 0; i < 10; i++) {
      const res = await from('POST', '/api/auth/accept-invitation', { token: `guessed-token-${i}-abcdefgh`, password: 'a-new-long-password' });
      expect(res.status).toBe(400);
    }
    expectRefusal(await from('POST', '/api/auth/accept-invitation', { token: 'guessed-token-x-abcdefgh', password: 'a-new-long-password' }));
    // The reset confirmation counts with invitations (both are guesses of a mailed token).
    expectRefusal(await from('POST', '/api/auth/password-reset/confirm', { token: 'guessed-token-y-abcdefgh', password: 'a-new-long-password' }));

    const asker = clientAt('127.0.0.51', port);
    for (let i = 0; i < 5; i++) expect((await asker('POST', '/api/auth/password-reset', { email: people[i] })).status).not.toBe(429);
    expectRefusal(await asker('POST', '/api/auth/password-reset', { email: people[6] }));
    expectRefusal(await asker('POST', '/API/Auth/Password-Reset/', { email: people[7] }));
  });

  it('limits public verification per address, the API and the page together', async () => {
    const from = clientAt('127.0.0.60', port);
    for (let i = 0; i < 60; i++) {
      const res = await from('GET', i % 2 ? '/api/certificates/verify/AAAA-BBBB-CCCC' : '/verify/AAAA-BBBB-CCCC');
      expect(res.status).toBe(404);
    }
    expectRefusal(await from('GET', '/verify/AAAA-BBBB-CCCC'));
    expectRefusal(await from('GET', '/api/certificates/verify/AAAA-BBBB-CCCC'));
    expect((await clientAt('127.0.0.61', port)('GET', '/verify/AAAA-BBBB-CCCC')).status).toBe(404);
  });

  it("counts the queue dashboard's sign-in form with the API's logins", async () => {
    const form = (from: string) =>
      clientAt(from, port)('POST', '/admin/queues/login', `email=${encodeURIComponent(people[35])}&password=nope`, {
        'content-type': 'application/x-www-form-urlencoded',
      });
    expectRefusal(await form('127.0.0.10'));
    expect((await form('127.0.0.70')).status).toBe(401);
  });
});

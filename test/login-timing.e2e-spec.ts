import { performance } from 'node:perf_hooks';
import { TestAcademy } from './support/academy.js';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * A login takes as long for an e-mail without an account (or an invited account without a
 * password) as for a real account with a wrong password: its password is checked against a
 * dummy argon2 hash. Measured as medians of interleaved samples, so the machine's noise
 * falls on every kind alike.
 */
describe('login timing', () => {
  let academy: TestAcademy;

  beforeAll(async () => {
    // Limits far out of the way: this test is about time, not throttling.
    academy = await TestAcademy.start('logintiming', { LOGIN_LIMIT_PER_ACCOUNT: '100000/1h', LOGIN_LIMIT_PER_ADDRESS: '100000/1h' });
    await academy.createUser({ email: 'known@tirana.example', name: 'Known', role: 'learner' });
    const invited = await academy.http
      .post('/api/users')
      .set('Authorization', `Bearer ${await academy.login()}`)
      .send({ email: 'invited@tirana.example', name: 'Invited', role: 'learner' });
    expect(invited.status).toBe(201);
  });
  afterAll(() => academy.stop());

  it('answers an unknown e-mail, an invited account and a wrong password in the same time (medians within 2×)', async () => {
    const kinds = {
      wrongPassword: 'known@tirana.example',
      unknownEmail: 'nobody-here@tirana.example',
      invitedAccount: 'invited@tirana.example',
    };
    const samples: Record<string, number[]> = { wrongPassword: [], unknownEmail: [], invitedAccount: [] };
    for (let round = 0; round < 18; round++) {
      for (const [kind, email] of Object.entries(kinds)) {
        const started = performance.now();
        const res = await academy.http.post('/api/auth/login').send({ email, password: 'not-the-password' });
        const ms = performance.now() - started;
        expect(res.status).toBe(401);
        expect(res.body.message).toBe('e-mail or password is not correct');
        if (round >= 3) samples[kind].push(ms); // the first rounds warm up connections and code
      }
    }
    const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    const ratio = Math.max(...Object.values(medians)) / Math.min(...Object.values(medians));
    if (ratio >= 2) console.log('login medians (ms)', medians);
    expect(ratio).toBeLessThan(2);
  });
});

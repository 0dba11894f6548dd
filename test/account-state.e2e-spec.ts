import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createApiApp } from '../apps/api/src/app.factory.js';
import { bearer, TestAcademy } from './support/academy.js';

/**
 * The account check as several api processes see it: each keeps the states it read in
 * memory, and a change made through one process ends the token on every other at once.
 * Two api apps on the same PostgreSQL and Redis stand for two processes.
 */
describe('the account check across api processes', () => {
  let academy: TestAcademy;
  let other: INestApplication;
  let redis: Redis;
  let admin: string;
  const channel = () => `${academy.config.queuePrefix}:account-changed`;

  beforeAll(async () => {
    academy = await TestAcademy.start('account_state');
    other = await createApiApp(academy.config);
    await other.init();
    redis = new Redis(academy.config.redisUrl);
    admin = await academy.login();
  });
  afterAll(async () => {
    redis.disconnect();
    await other.close();
    await academy.stop();
  });

  const meAt = (app: INestApplication, token: string) => request(app.getHttpServer()).get('/api/me').set(bearer(token));
  const learner = async (email: string) => {
    const res = await academy.http.post('/api/users').set(bearer(admin)).send({ email, name: 'L', role: 'learner', password: 'a-long-password' });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const login = async (email: string) => {
    const res = await academy.http.post('/api/auth/login').send({ email, password: 'a-long-password' });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  /** Until both processes have subscribed to the announcements (each does on its first check). */
  const bothListening = async () => {
    for (const deadline = Date.now() + 10_000; ; ) {
      const [, n] = (await redis.pubsub('NUMSUB', channel())) as [string, number];
      if (n >= 2) return;
      if (Date.now() > deadline) throw new Error(`only ${n} process(es) subscribed to ${channel()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('a logout through one process ends the token on the other at its very next request, every time', async () => {
    await learner('twice@tirana.example');
    await meAt(academy.api, admin);
    await meAt(other, admin);
    await bothListening();
    for (let i = 0; i < 15; i++) {
      const token = await login('twice@tirana.example');
      // Both processes now keep the account's state in memory.
      expect((await meAt(other, token)).status).toBe(200);
      expect((await meAt(academy.api, token)).status).toBe(200);
      expect((await request(academy.api.getHttpServer()).post('/api/auth/logout').set(bearer(token))).status).toBe(204);
      expect((await meAt(other, token)).status).toBe(401);
    }
  });

  it('a deactivation and a role change through one process end the tokens the other kept', async () => {
    const demoted = await learner('demoted@tirana.example');
    await academy.http.patch(`/api/users/${demoted.id}`).set(bearer(admin)).send({ role: 'trainer' }).expect(200);
    const trainerToken = await login('demoted@tirana.example');
    expect((await meAt(other, trainerToken)).status).toBe(200);
    await academy.http.patch(`/api/users/${demoted.id}`).set(bearer(admin)).send({ role: 'learner' }).expect(200);
    expect((await meAt(other, trainerToken)).status).toBe(401);

    const leaving = await learner('leaving@tirana.example');
    const token = await login('leaving@tirana.example');
    expect((await meAt(other, token)).status).toBe(200);
    expect((await academy.http.post(`/api/users/${leaving.id}/deactivate`).set(bearer(admin))).status).toBe(200);
    expect((await meAt(other, token)).status).toBe(401);
  });

  it('when a subscription drops, that process asks Redis again and keeps states only once it has subscribed again', async () => {
    await learner('dropped@tirana.example');
    const token = await login('dropped@tirana.example');
    await bothListening();
    expect((await meAt(other, token)).status).toBe(200);
    // Only this academy's subscriber connections (other test files share the Redis).
    const list = (await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const ours = list.split('\n').filter((line) => line.includes(` name=${academy.config.queuePrefix}:account-changes `));
    expect(ours).toHaveLength(2);
    for (const line of ours) await redis.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);
    // Meanwhile every request is still checked (through Redis), and answered.
    expect((await meAt(other, token)).status).toBe(200);
    await bothListening(); // ioredis reconnects and subscribes again
    expect((await meAt(other, token)).status).toBe(200);
    await request(academy.api.getHttpServer()).post('/api/auth/logout').set(bearer(token)).expect(204);
    expect((await meAt(other, token)).status).toBe(401);
  });
});

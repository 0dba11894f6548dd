import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory.js';
import type { ApiLogOptions } from '../../apps/api/src/app.module.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { type AcademyConfig, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_SEED_ACCOUNTS, loadConfig } from '@academy/config';
import { prepareDatabase } from '@academy/database';
import { QueueName } from '@academy/queue';
import { createTestDatabase, testRedisUrl } from '../setup/services.js';

export const ADMIN = { email: DEFAULT_ADMIN_EMAIL, password: DEFAULT_ADMIN_PASSWORD };
/** The coalition's academy team (role `platform`) and Dublin's administrator, as the seed creates them. */
export const PLATFORM = DEFAULT_SEED_ACCOUNTS.platform;
export const DUBLIN_ADMIN = DEFAULT_SEED_ACCOUNTS.dublinAdmin;

/**
 * A whole academy for one test file: its own PostgreSQL database (migrated and seeded like
 * production), its own queue prefix on the shared Redis, the real api and a real worker.
 */
export class TestAcademy {
  private tokens = new Map<string, string>();

  private constructor(
    readonly config: AcademyConfig,
    readonly api: INestApplication,
    readonly worker: INestApplicationContext,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  /**
   * @param log where the api logs (pino keeps one logger per test file: the first app's), e.g.
   *   a stream the test reads
   */
  static async start(name: string, env: Record<string, string> = {}, log?: ApiLogOptions): Promise<TestAcademy> {
    process.env.LOG_LEVEL ??= 'silent';
    const db = await createTestDatabase(name);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `academy-${name}-`));
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      JWT_SECRET: 'test-secret-of-sufficient-length',
      DATA_DIR: dataDir,
      QUEUE_PREFIX: `test_${name}_${process.pid}_${Date.now()}`,
      PUBLIC_BASE_URL: 'http://academy.test',
      WORKER_CONCURRENCY: '4',
      ...env,
    });
    await prepareDatabase(config.databaseUrl, { admin: ADMIN });
    const api = await createApiApp(config, log);
    await api.init();
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    return new TestAcademy(config, api, worker, async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
  }

  get http() {
    return request(this.api.getHttpServer());
  }

  get db(): DataSource {
    return this.api.get(getDataSourceToken());
  }

  get certificatesQueue(): Queue {
    return this.api.get(getQueueToken(QueueName.Certificates));
  }

  async login(email = ADMIN.email, password = ADMIN.password): Promise<string> {
    const cached = this.tokens.get(email);
    if (cached) return cached;
    const res = await this.http.post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens.set(email, res.body.accessToken);
    return res.body.accessToken;
  }

  async tirana(): Promise<{ id: string; modules: { code: string }[] }> {
    const token = await this.login();
    const res = await this.http.get('/api/programmes').set('Authorization', `Bearer ${token}`);
    return res.body.find((p: { code: string }) => p.code === 'TIRANA-2023');
  }

  /** Creates a person through the api (admin), with a password so they can log in. */
  async createUser(u: { email: string; name: string; role: string; language?: string; password?: string }) {
    const res = await this.http
      .post('/api/users')
      .set('Authorization', `Bearer ${await this.login()}`)
      .send({ password: 'a-long-password', ...u });
    if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; email: string };
  }

  async importCsv(programmeId: string, csv: string, token?: string) {
    return this.http
      .post(`/api/programmes/${programmeId}/attendance/import`)
      .set('Authorization', `Bearer ${token ?? (await this.login())}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
  }

  /** Waits until the worker has evaluated every enrolment of a closed programme (no sleeps). */
  async waitForEvaluation(programmeId: string, adminToken?: string, timeoutMs = 30_000): Promise<void> {
    const token = adminToken ?? (await this.login());
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.http
        .get(`/api/programmes/${programmeId}/close-status`)
        .set('Authorization', `Bearer ${token}`);
      const counts = await this.certificatesQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const busy = Object.values(counts).reduce((a, b) => a + b, 0);
      if (res.body.status === 'closed' && res.body.pending === 0 && busy === 0) return;
      if (Date.now() > deadline) {
        const failed = await this.certificatesQueue.getJobs(['failed', 'delayed'], 0, 2);
        const reasons = failed.map((j) => `${j.name}: ${j.failedReason}`).join('; ');
        throw new Error(`evaluation not finished: ${JSON.stringify(res.body)} ${JSON.stringify(counts)} ${reasons}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.worker.close();
    await this.certificatesQueue.obliterate({ force: true }).catch(() => undefined);
    await this.api.close();
    await this.dropDatabase();
  }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

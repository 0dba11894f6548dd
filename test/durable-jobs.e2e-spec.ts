import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startRedis, type RedisServer } from '@academy/infra';
import { DEFAULT_JOB_OPTIONS, JobGateway, JobName, QueueName } from '@academy/queue';
import { ReevaluationService } from '@academy/programmes';
import { Reconciler } from '../apps/worker/src/reconcile/reconciler.service.js';
import { bearer, TestAcademy } from './support/academy.js';
import { MODULE_DATES } from './support/tirana-cohort.js';

const CODES = ['DHR-INTRO', 'DHR-PRIVACY', 'DHR-INCLUSION', 'DHR-TRANSPARENCY'];
const LEARNERS = 240;
const METRICS_TOKEN = 'scraper-token-for-the-durable-tests';

/** Learner i attends the first (i % 4) + 1 modules: 3 or 4 earn Completion, 2 Attendance, 1 nothing (Tirana 2023). */
const expectedKind = (modules: number) => (modules >= 3 ? 'completion' : modules === 2 ? 'attendance' : null);
function cohortCsv(prefix: string, count: number): { csv: string; expected: Map<string, string | null> } {
  const lines = ['email,name,department,module,session,status,minutes'];
  const expected = new Map<string, string | null>();
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${String(i).padStart(3, '0')}@tirana.example`;
    const modules = (i % 4) + 1;
    for (const code of CODES.slice(0, modules)) lines.push(`${email},Learner ${i},Finance,${code},${MODULE_DATES[code]},present,85`);
    expected.set(email, expectedKind(modules));
  }
  return { csv: lines.join('\n') + '\n', expected };
}

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * Nothing committed is lost and nothing counts twice: the close's intent survives a Redis
 * that is down when it commits, evaluations and mails delivered twice take effect once,
 * failures show and can be retried, and the reconciler finds what no job asks for. Runs on
 * a redis-server of its own, which it stops and starts (the shared one serves other files).
 */
describe('durable jobs', () => {
  let redis: RedisServer;
  let redisDir: string;
  let academy: TestAcademy;
  let admin: string;
  let tirana: string;
  let cohort: Map<string, string | null>;

  const startOwnRedis = (port?: number) => startRedis({ dir: redisDir, port, persistent: true });

  beforeAll(async () => {
    redisDir = path.join(process.env.TEST_RUN_DIR!, `durable-redis-${process.pid}`, 'redis');
    redis = await startOwnRedis();
    academy = await TestAcademy.start('durable', {
      REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: '500', METRICS_TOKEN,
    });
    admin = await academy.login();
    tirana = (await academy.tirana()).id;
    const { csv, expected } = cohortCsv('durable', LEARNERS);
    cohort = expected;
    const imported = await academy.importCsv(tirana, csv);
    expect(imported.body).toMatchObject({ learnersCreated: LEARNERS, errors: [] });
  });
  afterAll(async () => {
    await academy?.stop();
    await redis?.stop();
  });

  const validCertificates = async (programmeId: string) =>
    (await academy.db.query(
      `SELECT u.email, c.kind, c.slot FROM certificates c JOIN users u ON u.id = c.user_id
        WHERE c.programme_id = $1 AND c.status = 'valid'`,
      [programmeId],
    )) as { email: string; kind: string; slot: string }[];

  const expectExactly = async (programmeId: string, expected: Map<string, string | null>) => {
    const valid = await validCertificates(programmeId);
    const byLearner = new Map<string, string[]>();
    for (const c of valid) byLearner.set(c.email, [...(byLearner.get(c.email) ?? []), c.kind]);
    // Exactly the rule set's certificate for each learner, and nobody holds two.
    for (const [email, kind] of expected) expect([email, byLearner.get(email) ?? []]).toEqual([email, kind ? [kind] : []]);
    expect([...byLearner.keys()].filter((email) => !expected.has(email))).toEqual([]);
    const duplicates = await academy.db.query(
      `SELECT user_id, revision, close_count, count(*) FROM decisions WHERE programme_id = $1
        GROUP BY user_id, revision, close_count HAVING count(*) > 1`,
      [programmeId],
    );
    expect(duplicates).toEqual([]);
  };

  it('answers 202 to a close while Redis is down, and issues every certificate once Redis is back', async () => {
    const mailsBefore = () => readdirSync(path.join(academy.config.dataDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    await until('the invitations of the import', async () => (await academy.db.query(`SELECT count(*)::int AS n FROM mail_messages`))[0].n === LEARNERS);
    expect(mailsBefore()).toHaveLength(LEARNERS);

    const port = redis.port;
    await redis.stop();
    const t0 = Date.now();
    const close = await academy.http.post(`/api/programmes/${tirana}/close`).set(bearer(admin));
    expect(close.status).toBe(202);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(close.body).toMatchObject({ status: 'closed', enrolled: LEARNERS, pending: LEARNERS });
    // The intent is in PostgreSQL, waiting for Redis.
    const outbox = await academy.db.query(`SELECT name, job_id FROM job_outbox`);
    expect(outbox).toEqual([{ name: JobName.CloseProgramme, job_id: `close_${tirana}_1` }]);

    await new Promise((r) => setTimeout(r, 1500));
    redis = await startOwnRedis(port);
    await academy.waitForEvaluation(tirana, admin, 60_000);

    await expectExactly(tirana, cohort);
    const [p] = await academy.db.query(`SELECT close_count FROM programmes WHERE id = $1`, [tirana]);
    expect(p.close_count).toBe(1); // nobody closed twice
    expect(await academy.db.query(`SELECT * FROM job_outbox`)).toEqual([]);
    const status = await academy.http.get(`/api/programmes/${tirana}/close-status`).set(bearer(admin));
    expect(status.body).toEqual({
      status: 'closed', enrolled: LEARNERS, evaluated: LEARNERS, pending: 0,
      certificates: { completion: LEARNERS / 2, attendance: LEARNERS / 4, trainer: 0 }, failed: 0, failures: [],
    });
  });

  it('answers 202 to a close while Redis is stalled (accepting connections, answering nothing)', async () => {
    const programme = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'DURABLE-STALLED', title: 'Closed while Redis hangs', moduleCodes: CODES, ruleSet: 'tirana-2023',
    });
    const pid = programme.body.id;
    const { csv, expected } = cohortCsv('stalled', 8);
    expect((await academy.importCsv(pid, csv)).body.errors).toEqual([]);
    process.kill(redis.pid, 'SIGSTOP');
    try {
      const t0 = Date.now();
      const close = await academy.http.post(`/api/programmes/${pid}/close`).set(bearer(admin));
      expect(close.status).toBe(202);
      expect(Date.now() - t0).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      process.kill(redis.pid, 'SIGCONT');
    }
    await academy.waitForEvaluation(pid, admin, 60_000);
    await expectExactly(pid, expected);
  });

  it('records a job in the outbox inside its transaction and removes it once BullMQ has it', async () => {
    const gateway = academy.api.get(JobGateway);
    const mail: Queue = academy.api.get(getQueueToken(QueueName.Mail));
    const batch = `outbox-check-${Date.now()}`;
    await academy.db.transaction(async (m) => {
      await gateway.enqueue({ name: JobName.SendInvitations, data: { userIds: [], batch } }, { manager: m });
      expect(await m.query(`SELECT job_id FROM job_outbox`)).toEqual([{ job_id: `invite_${batch}` }]);
    });
    expect(await mail.getJob(`invite_${batch}`)).toBeDefined();
    expect(await academy.db.query(`SELECT * FROM job_outbox`)).toEqual([]);
  });

  it('takes one decision and sends one mail when the same evaluation and the same mail job run twice', async () => {
    const [learner] = await academy.db.query(
      `SELECT u.id, e.revision FROM users u JOIN enrolments e ON e.user_id = u.id AND e.programme_id = $1
        WHERE u.email = 'durable003@tirana.example'`,
      [tirana],
    );
    const decisions = () =>
      academy.db.query(`SELECT id FROM decisions WHERE programme_id = $1 AND user_id = $2`, [tirana, learner.id]);
    const before = await decisions();
    expect(before).toHaveLength(1);
    // The evaluation delivered again under other ids (as a redelivery or a duplicate would be), twice at once.
    const data = { programmeId: tirana, userId: learner.id, revision: learner.revision, closeCount: 1 };
    await Promise.all(
      ['again-1', 'again-2'].map((suffix) =>
        academy.certificatesQueue.add(JobName.EvaluateLearner, data, { ...DEFAULT_JOB_OPTIONS, jobId: `${suffix}-${Date.now()}` }),
      ),
    );
    await academy.waitForEvaluation(tirana, admin);
    expect(await decisions()).toEqual(before);
    await expectExactly(tirana, cohort);

    // A person created without a password is mailed an invitation, once per event.
    const created = await academy.http.post('/api/users').set(bearer(admin)).send({
      email: 'twice@tirana.example', name: 'Mailed Once', role: 'learner',
    });
    expect(created.status).toBe(201);
    const outbox = path.join(academy.config.dataDir, 'outbox');
    const files = () => readdirSync(outbox).filter((f) => f.endsWith('-twice@tirana.example.eml'));
    await until('the invitation', async () => files().length === 1);
    const first = readFileSync(path.join(outbox, files()[0]), 'utf8');
    const mail: Queue = academy.api.get(getQueueToken(QueueName.Mail));
    const again = await Promise.all(
      ['1', '2'].map((n) =>
        mail.add(JobName.SendInvitations, { userIds: [created.body.id], batch: created.body.id }, { ...DEFAULT_JOB_OPTIONS, jobId: `invite-again-${n}-${Date.now()}` }),
      ),
    );
    await until('the repeated mail jobs', async () => (await Promise.all(again.map((j) => j.isCompleted()))).every(Boolean));
    expect(await Promise.all(again.map(async (j) => (await mail.getJob(j.id!))?.returnvalue))).toEqual([{ sent: 0 }, { sent: 0 }]);
    expect(files()).toHaveLength(1);
    expect(readFileSync(path.join(outbox, files()[0]), 'utf8')).toBe(first);
    expect(first).toMatch(new RegExp(`Message-ID:\\s*<invitation\\.${created.body.id}\\.${created.body.id}@academy\\.local>`, 'i'));
    const [{ n }] = await academy.db.query(`SELECT count(*)::int AS n FROM mail_messages WHERE recipient = 'twice@tirana.example'`);
    expect(n).toBe(1);
    // The token in that one mail still works.
    const token = /invitation#token=([A-Za-z0-9_-]+)/.exec(first.replace(/=\r?\n/g, '').replace(/=3D/g, '='))![1];
    const accepted = await academy.http.post('/api/auth/accept-invitation').send({ token, password: 'a-password-of-my-own' });
    expect(accepted.status).toBe(200);
  });

  it('asks again for a decision no job asks for: a learner added after the close, a decision lost', async () => {
    // Enrolled behind the api's back, after the close: no job was ever sent for her.
    const [late] = await academy.db.query(
      `INSERT INTO users (city_id, email, name, role) SELECT city_id, 'late@tirana.example', 'Late Learner', 'learner'
         FROM programmes WHERE id = $1 RETURNING id`,
      [tirana],
    );
    await academy.db.query(`INSERT INTO enrolments (programme_id, user_id) VALUES ($1, $2)`, [tirana, late.id]);
    await academy.db.query(
      `INSERT INTO attendance (session_id, user_id, status, source)
       SELECT s.id, $2, 'present', 'manual' FROM sessions s JOIN modules m ON m.id = s.module_id
        WHERE s.programme_id = $1 AND m.code = ANY($3)`,
      [tirana, late.id, CODES],
    );
    await academy.waitForEvaluation(tirana, admin);
    await expectExactly(tirana, new Map([...cohort, ['late@tirana.example', 'completion']]));

    // A decision lost and its mark wrong (written around the api): the start-up pass re-derives both.
    const [lost] = await academy.db.query(
      `SELECT d.user_id FROM decisions d JOIN users u ON u.id = d.user_id
        WHERE d.programme_id = $1 AND u.email = 'durable000@tirana.example'`,
      [tirana],
    );
    await academy.db.query(`DELETE FROM decisions WHERE programme_id = $1 AND user_id = $2`, [tirana, lost.user_id]);
    // Called directly; a pass of the timer may hold the sweep's lock for a moment.
    let report = await academy.worker.get(Reconciler).runOnce({ repair: true });
    while (report.due === null) report = await academy.worker.get(Reconciler).runOnce({ repair: true });
    expect(report).toMatchObject({ due: 1, enqueued: 1 });
    await academy.waitForEvaluation(tirana, admin);
    const [{ n }] = await academy.db.query(`SELECT count(*)::int AS n FROM decisions WHERE programme_id = $1 AND user_id = $2`, [
      tirana, lost.user_id,
    ]);
    expect(n).toBe(1);
  });

  it('resumes a fan-out from where it stopped, and the reconciler asks for what it never reached', async () => {
    const programme = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'DURABLE-FANOUT', title: 'A fan-out cut short', moduleCodes: CODES, ruleSet: 'tirana-2023',
    });
    const pid = programme.body.id;
    const { csv, expected } = cohortCsv('fanout', 6);
    expect((await academy.importCsv(pid, csv)).body.errors).toEqual([]);
    // Closed behind the api's back: no fan-out job exists, as if it had died before its first page.
    await academy.db.query(`UPDATE programmes SET status = 'closed', closed_at = now(), close_count = close_count + 1 WHERE id = $1`, [pid]);
    const [{ close_count: closeCount }] = await academy.db.query(`SELECT close_count FROM programmes WHERE id = $1`, [pid]);
    await academy.db.query(`UPDATE enrolments SET decision_due = true WHERE programme_id = $1`, [pid]);
    const users: { user_id: string; revision: number }[] = await academy.db.query(
      `SELECT user_id, revision FROM enrolments WHERE programme_id = $1 ORDER BY user_id`,
      [pid],
    );
    // A run of the fan-out resumed after the third learner, as BullMQ would run the job again.
    const pages: number[] = [];
    const queued = await academy.worker.get(ReevaluationService).enqueueProgramme(
      pid, closeCount, async (done) => void pages.push(done), { after: users[2].user_id, queued: 3 },
    );
    expect([queued, pages]).toEqual([6, [6]]);
    await academy.waitForEvaluation(pid, admin);
    await expectExactly(pid, expected);
    // The first three were never asked for by the fan-out: the reconciler did.
    const jobs = await Promise.all(users.map((u) => academy.certificatesQueue.getJob(`evaluate_${pid}_${u.user_id}_r${u.revision}_c${closeCount}`)));
    expect(jobs.every(Boolean)).toBe(true);
  });

  it('lists jobs that failed all their attempts in close-status, and runs them again on request', async () => {
    const programme = await academy.http.post('/api/programmes').set(bearer(admin)).send({
      code: 'DURABLE-FAILING', title: 'A programme whose rule set goes missing', moduleCodes: CODES, ruleSet: 'tirana-2023',
    });
    expect(programme.status).toBe(201);
    const pid = programme.body.id;
    const { csv, expected } = cohortCsv('failing', 3);
    expect((await academy.importCsv(pid, csv)).body.errors).toEqual([]);
    // The rule set disappears behind the api's back: every evaluation fails, five times each.
    await academy.db.query(`UPDATE programmes SET rule_set = 'gone-missing' WHERE id = $1`, [pid]);
    expect((await academy.http.post(`/api/programmes/${pid}/close`).set(bearer(admin))).status).toBe(202);
    let status: any;
    await until('three final failures in close-status', async () => {
      status = (await academy.http.get(`/api/programmes/${pid}/close-status`).set(bearer(admin))).body;
      return status.failed === 3;
    }, 60_000);
    expect(status).toMatchObject({ status: 'closed', enrolled: 3, evaluated: 0, pending: 3 });
    for (const f of status.failures) {
      expect(f).toMatchObject({ job: JobName.EvaluateLearner, attempts: 5, reason: expect.stringContaining('names gone-missing, which does not exist') });
    }

    const trainer = await academy.createUser({ email: 'durable-trainer@tirana.example', name: 'T', role: 'trainer' });
    const trainerToken = await academy.login(trainer.email, 'a-long-password');
    expect((await academy.http.post(`/api/programmes/${pid}/close-status/retry`).set(bearer(trainerToken))).status).toBe(403);
    expect((await academy.http.post(`/api/programmes/${pid}/close-status/retry`)).status).toBe(401);

    await academy.db.query(`UPDATE programmes SET rule_set = 'tirana-2023' WHERE id = $1`, [pid]);
    const retry = await academy.http.post(`/api/programmes/${pid}/close-status/retry`).set(bearer(admin));
    expect(retry.status).toBe(200);
    expect(retry.body.retried).toBe(3);
    await academy.waitForEvaluation(pid, admin);
    await expectExactly(pid, expected);
    const after = (await academy.http.get(`/api/programmes/${pid}/close-status`).set(bearer(admin))).body;
    expect(after).toMatchObject({ pending: 0, failed: 0, failures: [] });
    const audit = await academy.db.query(
      `SELECT after FROM audit_events WHERE action = 'programme.evaluations-retried' AND entity_id = $1`,
      [pid],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].after.jobs).toHaveLength(3);
    expect((await academy.http.post(`/api/programmes/${pid}/close-status/retry`).set(bearer(admin))).body.retried).toBe(0);
  });

  it('shows the queue dashboard to administrators only', async () => {
    const learner = await academy.createUser({ email: 'durable-learner@tirana.example', name: 'L', role: 'learner' });
    const learnerToken = await academy.login(learner.email, 'a-long-password');
    expect((await academy.http.get('/admin/queues').set('Accept', 'application/json')).status).toBe(401);
    const browser = await academy.http.get('/admin/queues').set('Accept', 'text/html');
    expect([browser.status, browser.headers.location]).toEqual([303, '/admin/queues/login']);
    expect((await academy.http.get('/admin/queues').set(bearer(learnerToken))).status).toBe(403);
    expect((await academy.http.get('/admin/queues/api/queues').set(bearer('not-a-token'))).status).toBe(401);

    const page = await academy.http.get('/admin/queues').set(bearer(admin));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Academy queues');
    const queues = await academy.http.get('/admin/queues/api/queues').set(bearer(admin));
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([QueueName.Certificates, QueueName.Mail]);

    // A browser signs in with a form and gets a cookie scoped to the dashboard.
    expect((await academy.http.get('/admin/queues/login')).text).toContain('<form method="post"');
    const refused = await academy.http.post('/admin/queues/login').type('form').send({ email: learner.email, password: 'a-long-password' });
    expect(refused.status).toBe(403);
    const wrong = await academy.http.post('/admin/queues/login').type('form').send({ email: 'admin@tirana.example', password: 'wrong' });
    expect(wrong.status).toBe(401);
    const signedIn = await academy.http.post('/admin/queues/login').type('form').send({ email: 'admin@tirana.example', password: 'academy-admin-2023' });
    expect(signedIn.status).toBe(303);
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).toMatch(/^academy_queues=[^;]+;/);
    expect(cookie).toContain('; Path=/admin/queues');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Strict');
    expect((await academy.http.get('/admin/queues/api/queues').set('Cookie', cookie.split(';')[0])).status).toBe(200);
  });

  it('serves /metrics in the Prometheus format to the holder of METRICS_TOKEN only', async () => {
    expect((await academy.http.get('/metrics')).status).toBe(401);
    expect((await academy.http.get('/metrics').set(bearer(admin))).status).toBe(401);
    expect((await academy.http.get('/metrics').set(bearer(`${METRICS_TOKEN}x`))).status).toBe(401);
    const res = await academy.http.get('/metrics').set(bearer(METRICS_TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = res.text.split('\n');
    for (const state of ['waiting', 'active', 'failed']) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^academy_queue_jobs\\{queue="certificates",state="${state}"\\} \\d+$`)));
    }
    const [{ n: completions }] = await academy.db.query(`SELECT count(*)::int AS n FROM certificates WHERE kind = 'completion' AND status = 'valid'`);
    expect(completions).toBeGreaterThan(LEARNERS / 2);
    expect(lines).toContain(`academy_certificates{kind="completion",status="valid"} ${completions}`);
    expect(lines).toContainEqual(expect.stringMatching(/^academy_jobs_recorded\{what="outbox"\} 0$/));
    const closeStatusBuckets = lines.filter(
      (l) => l.startsWith('academy_http_request_duration_seconds_bucket{') && l.includes('route="/api/programmes/:id/close-status"'),
    );
    expect(closeStatusBuckets).toContainEqual(expect.stringMatching(/le="0\.1".*\} [1-9]\d*$/));
    expect(lines).toContainEqual(expect.stringMatching(/^academy_api_process_resident_memory_bytes \d+/));
    // Route templates only: no id ever becomes a label.
    expect(lines.filter((l) => l.startsWith('academy_http') && /[0-9a-f]{8}-[0-9a-f]{4}-/.test(l))).toEqual([]);
  });
});

import { isAlive } from '@academy/infra';
import { adminAuth, type Batch, checkBatch, closeBatch, closeStatus, prepareBatch, waitForBatch } from './support/batch.js';
import { startStack, type Stack, waitUntil } from './support/stack.js';

/**
 * `npm start` heals itself: a worker, PostgreSQL or Redis killed with SIGKILL in the middle
 * of a certificate batch is started again by the launcher, the others reconnect, and the
 * batch ends exactly as it would have without the crash.
 */
describe('a certificate batch when a process of npm start is killed', () => {
  let stack: Stack;
  let auth: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack({ name: 'self-healing', env: { WORKERS: '2', WORKER_CONCURRENCY: '4' } });
    auth = await adminAuth(stack);
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  /** Closes the batch and resolves once some learners are decided and others not yet. */
  async function closeAndWaitForMidBatch(batch: Batch): Promise<void> {
    expect(await closeBatch(stack, auth, batch)).toMatchObject({ status: 'closed', enrolled: batch.learners });
    await waitUntil(
      'the batch to be under way',
      async () => {
        const progress = await closeStatus(stack, auth, batch);
        return !!progress && progress.evaluated > 0 && progress.pending > 0;
      },
      { intervalMs: 10 },
    );
  }

  it('restarts a worker killed mid-batch; the batch completes, every certificate once', async () => {
    const batch = await prepareBatch(stack, auth, 'DRILL-WORKER');
    await closeAndWaitForMidBatch(batch);
    const killed = stack.currentPids()!.workers[0];
    process.kill(killed, 'SIGKILL');

    await stack.waitForOutput(/worker-1 was killed by SIGKILL \(out of memory\?\); restarting in 0\.5 s/);
    const restarted = await waitUntil('a new worker-1', () => {
      const pid = stack.currentPids()?.workers[0];
      return pid !== killed && pid !== undefined && isAlive(pid) && pid;
    });
    expect(stack.currentPids()!.workers).toHaveLength(2);
    expect((await stack.health()).status).toBe(200);

    // The jobs the killed worker held come back once BullMQ finds them stalled.
    const done = await waitForBatch(stack, auth, batch, 150_000);
    expect(done).toMatchObject({ enrolled: batch.learners, evaluated: batch.learners, pending: 0 });
    await checkBatch(stack, auth, batch);
    expect(stack.currentPids()!.workers[0]).toBe(restarted);
  }, 240_000);

  it('restarts PostgreSQL killed mid-batch; health says 503 naming it meanwhile; the batch completes', async () => {
    const batch = await prepareBatch(stack, auth, 'DRILL-POSTGRES');
    const api = stack.currentPids()!.api;
    await closeAndWaitForMidBatch(batch);
    const killed = stack.currentPids()!.postgres!;
    process.kill(killed, 'SIGKILL');

    const down = await waitUntil('health to report PostgreSQL down', async () => {
      const health = await stack.health();
      return health.status === 503 && health;
    }, { intervalMs: 20 });
    expect(down.body).toMatchObject({
      statusCode: 503,
      message: expect.stringMatching(/^PostgreSQL is unavailable: /),
      details: { postgres: { status: 'down' }, redis: { status: 'up' } },
    });
    await waitUntil('health to be 200 again', async () => (await stack.health()).status === 200);
    expect(stack.output()).toMatch(/postgres was killed by SIGKILL \(out of memory\?\); restarting in 0\.5 s/);
    expect(stack.currentPids()!.postgres).not.toBe(killed);
    // The api was not restarted: its connection pool found the new server by itself.
    expect(stack.currentPids()!.api).toBe(api);

    await waitForBatch(stack, auth, batch, 120_000);
    await checkBatch(stack, auth, batch);
  }, 240_000);

  it('restarts Redis; health says 503 naming it meanwhile; the workers reconnect and take the next batch', async () => {
    const batch = await prepareBatch(stack, auth, 'DRILL-REDIS', 2);
    const { api, workers } = stack.currentPids()!;
    const killed = stack.currentPids()!.redis!;
    process.kill(killed, 'SIGKILL');

    const down = await waitUntil('health to report Redis down', async () => {
      const health = await stack.health();
      return health.status === 503 && health;
    }, { intervalMs: 20 });
    expect(down.body).toMatchObject({
      message: expect.stringMatching(/^Redis is unavailable: /),
      details: { postgres: { status: 'up' }, redis: { status: 'down' } },
    });
    await waitUntil('health to be 200 again', async () => (await stack.health()).status === 200);
    expect(stack.output()).toMatch(/redis was killed by SIGKILL \(out of memory\?\); restarting in 0\.5 s/);
    // Nobody else was restarted, and each of them said so once, not once per attempt.
    expect(stack.currentPids()).toMatchObject({ api, workers });
    await waitUntil('the workers to say they are connected again', () =>
      (stack.output().match(/connected to Redis again after/g) ?? []).length >= 3,
    );
    expect((stack.output().match(/lost the connection to Redis/g) ?? []).length).toBe(3);
    expect(stack.output()).not.toMatch(/ECONNREFUSED[\s\S]*at TCPConnectWrap/);

    await closeBatch(stack, auth, batch);
    await waitForBatch(stack, auth, batch, 60_000);
    await checkBatch(stack, auth, batch);
  }, 180_000);
});

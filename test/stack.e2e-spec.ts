import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '@academy/infra';
import { adminAuth, type Batch, checkBatch, closeBatch, closeStatus, prepareBatch, waitForBatch } from './support/batch.js';
import { startStack, type Stack, type StackPids, testRunDir, waitUntil } from './support/stack.js';

const allPids = (p: StackPids) => [p.launcher, p.api, ...p.workers, p.postgres!, p.redis!];
const children = (p: StackPids) => [p.api, ...p.workers, p.postgres!, p.redis!];
/** "pid: command line" of each, to say which process is still there. */
const describePids = (pids: number[]) =>
  pids.map((pid) => {
    try {
      return `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`;
    } catch {
      return `${pid}: (gone meanwhile)`;
    }
  });

/** Waits until none of `pids` is alive; returns those still alive after `ms`. */
async function waitUntilGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * What `npm start` does when one of its processes dies, as the README describes it: it
 * starts that process again — a worker, PostgreSQL or Redis killed with SIGKILL in the
 * middle of a certificate batch, the api — the others reconnect, and the batch ends exactly
 * as it would have without the crash; it stops everything only when the same process keeps
 * crashing. When the launcher itself is killed, its processes end with it.
 */
describe('the npm start stack when a process dies', () => {
  describe('one stack, crash after crash', () => {
    let stack: Stack;
    let auth: Record<string, string>;

    beforeAll(async () => {
      stack = await startStack({ name: 'crashes', env: { WORKERS: '2', WORKER_CONCURRENCY: '4' } });
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

    /** Polls health until it answers 503; returns its body. */
    async function unhealthy(what: string): Promise<any> {
      const health = await waitUntil(`health to report ${what} down`, async () => {
        const answer = await stack.health();
        return answer.status === 503 && answer;
      }, { intervalMs: 20 });
      return health.body;
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

      expect(await unhealthy('PostgreSQL')).toMatchObject({
        statusCode: 503,
        message: expect.stringMatching(/^PostgreSQL is unavailable: /),
        details: { postgres: { status: 'down' }, redis: { status: 'up' } },
      });
      await waitUntil('health to be 200 again', async () => (await stack.health()).status === 200, { stack });
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

      expect(await unhealthy('Redis')).toMatchObject({
        message: expect.stringMatching(/^Redis is unavailable: /),
        details: { postgres: { status: 'up' }, redis: { status: 'down' } },
      });
      await waitUntil('health to be 200 again', async () => (await stack.health()).status === 200, { stack });
      expect(stack.output()).toMatch(/redis was killed by SIGKILL \(out of memory\?\); restarting in 0\.5 s/);
      // Nobody else was restarted, and each of the three said so once, not once per attempt.
      expect(stack.currentPids()).toMatchObject({ api, workers });
      await waitUntil('the api and the workers to say they are connected again', () =>
        (stack.output().match(/connected to Redis again after/g) ?? []).length >= 3, { stack },
      );
      expect((stack.output().match(/lost the connection to Redis/g) ?? []).length).toBe(3);
      expect(stack.output()).not.toMatch(/ECONNREFUSED[\s\S]*at TCPConnectWrap/);

      await closeBatch(stack, auth, batch);
      await waitForBatch(stack, auth, batch, 60_000);
      await checkBatch(stack, auth, batch);
    }, 180_000);

    it('stops the api and a worker within seconds of SIGTERM while Redis is down, and starts them again', async () => {
      const before = stack.currentPids()!;
      // A stopped launcher does not start Redis again, which keeps it down for as long as this takes.
      process.kill(before.launcher, 'SIGSTOP');
      let stoppedInMs: number;
      try {
        process.kill(before.redis!, 'SIGKILL');
        await unhealthy('Redis');
        const asked = Date.now();
        process.kill(before.api, 'SIGTERM');
        process.kill(before.workers[0], 'SIGTERM');
        expect(describePids(await waitUntilGone([before.api, before.workers[0]], 10_000))).toEqual([]);
        stoppedInMs = Date.now() - asked;
      } finally {
        process.kill(before.launcher, 'SIGCONT');
      }
      // Without the shortcut they would wait out their 5 s limit (before it, the launcher's 10 s).
      expect(stoppedInMs).toBeLessThan(4_000);

      const after = await waitUntil('the api, worker-1 and Redis to be started again', async () => {
        const now = stack.currentPids();
        const renewed = now && now.api !== before.api && now.workers[0] !== before.workers[0] && now.redis !== before.redis;
        return renewed && (await stack.health()).status === 200 && now;
      }, { timeoutMs: 60_000, stack });
      expect(after.workers[1]).toBe(before.workers[1]);
      expect(after.postgres).toBe(before.postgres);
      const output = stack.output();
      expect(output).toMatch(/api (was killed by SIGTERM|exited with code 1); restarting in/);
      expect(output).toMatch(/worker-1 (was killed by SIGTERM|exited with code 1); restarting in/);
      // A token from before the restart still works: the secret is kept in DATA_DIR.
      expect((await fetch(`${stack.baseUrl}/api/me`, { headers: auth })).status).toBe(200);
    }, 120_000);

    // Last: it ends the stack.
    it('gives up after 5 crashes of the same process within 60 s: stops everything, exit code 3', async () => {
      const before = stack.currentPids()!;
      // Kill worker-2 (not killed before) each time it is back: 0.5 s, 1 s, 2 s, 4 s apart, then no more.
      const killed: number[] = [];
      while (killed.length < 5) {
        const pid = await waitUntil('worker-2 to be running', () => {
          const now = stack.currentPids()?.workers[1];
          return now !== undefined && !killed.includes(now) && isAlive(now) && now;
        }, { timeoutMs: 30_000, intervalMs: 10, stack });
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      }
      expect(await stack.exited).toMatchObject({ code: 3 });
      const output = stack.output();
      for (const delay of ['0.5', '1', '2', '4']) {
        expect(output).toContain(`worker-2 was killed by SIGKILL (out of memory?); restarting in ${delay} s`);
      }
      expect(output).toContain('worker-2 was killed by SIGKILL (out of memory?): 5 crashes within 60 s, giving up: stopping everything');
      expect(output).toContain('stopped (exit code 3).');
      expect(describePids(await waitUntilGone([...allPids(before), ...killed], 15_000))).toEqual([]);

      await stack.stop();
      expect(existsSync(stack.dataDir)).toBe(false);
    }, 90_000);
  });

  it('ends every process when the launcher is killed with SIGKILL; the next start on the same data goes on', async () => {
    // A data directory of the test's own, so that it outlives the first stack.
    const dataDir = path.join(testRunDir(), 'stacks', `launcher-killed-${process.pid}`);
    try {
      const first = await startStack({ dataDir });
      try {
        const pids = first.pids;
        expect(allPids(pids).every(isAlive)).toBe(true);
        const created = await fetch(`${first.baseUrl}/api/users`, {
          method: 'POST',
          headers: { ...(await adminAuth(first)), 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'survivor@tirana.example', name: 'Survivor', role: 'learner' }),
        });
        expect(created.status).toBe(201);

        process.kill(pids.launcher, 'SIGKILL');
        await first.exited;
        // The servers get their parent-death signal from the kernel; the apps see their channel to the launcher close.
        expect(describePids(await waitUntilGone(children(pids), 5_000))).toEqual([]);
      } finally {
        await first.stop();
      }

      const second = await startStack({ dataDir });
      try {
        expect(second.output()).not.toContain('left running by an earlier launcher');
        const users = await fetch(`${second.baseUrl}/api/users?perPage=1000`, { headers: await adminAuth(second) });
        expect(((await users.json()) as { email: string }[]).map((u) => u.email)).toContain('survivor@tirana.example');
      } finally {
        await second.stop();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

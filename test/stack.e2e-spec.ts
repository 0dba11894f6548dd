import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '@academy/infra';
import { adminAuth } from './support/batch.js';
import { startStack, type Stack, type StackPids, testRunDir, waitUntil } from './support/stack.js';

const allPids = (p: StackPids) => [p.launcher, p.api, ...p.workers, p.postgres!, p.redis!];
const children = (p: StackPids) => [p.api, ...p.workers, p.postgres!, p.redis!];

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
 * starts that process again, and stops everything only when the same one keeps crashing;
 * and when the launcher itself is killed, its processes end with it.
 */
describe('the npm start stack when a process dies', () => {
  describe('a stack whose processes crash', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ name: 'crashes' });
    }, 180_000);
    afterAll(() => stack?.stop(), 60_000);

    it('starts the api again when it is killed, and keeps serving', async () => {
      const { api, workers } = stack.pids;
      process.kill(api, 'SIGKILL');
      await stack.waitForOutput(/api was killed by SIGKILL \(out of memory\?\); restarting in 0\.5 s/);
      const restarted = await waitUntil('the api to be healthy again with a new pid', async () => {
        const pid = stack.currentPids()?.api;
        return pid !== api && (await stack.health()).status === 200 && pid;
      }, { timeoutMs: 60_000 });
      expect(isAlive(restarted)).toBe(true);
      expect(stack.currentPids()!.workers).toEqual(workers);
      expect((await stack.health()).body).toMatchObject({ status: 'ok' });
    }, 90_000);

    it('gives up after 5 crashes of the same process within 60 s: stops everything, exit code 3', async () => {
      const before = stack.currentPids()!;
      // Kill worker-1 each time it is back: 0.5 s, 1 s, 2 s, 4 s apart, then no more.
      const killed: number[] = [];
      while (killed.length < 5) {
        const pid = await waitUntil('worker-1 to be running', () => {
          const now = stack.currentPids()?.workers[0];
          return now !== undefined && !killed.includes(now) && isAlive(now) && now;
        }, { timeoutMs: 30_000, intervalMs: 10 });
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      }
      expect(await stack.exited).toMatchObject({ code: 3 });
      const output = stack.output();
      for (const delay of ['0.5', '1', '2', '4']) {
        expect(output).toContain(`worker-1 was killed by SIGKILL (out of memory?); restarting in ${delay} s`);
      }
      expect(output).toContain('worker-1 was killed by SIGKILL (out of memory?): 5 crashes within 60 s, giving up: stopping everything');
      expect(output).toContain('stopped (exit code 3).');
      expect(await waitUntilGone([...allPids(before), ...killed], 15_000)).toEqual([]);

      await stack.stop();
      expect(existsSync(stack.dataDir)).toBe(false);
    }, 90_000);
  });

  it('ends every process when the launcher is killed with SIGKILL; the next start on the same data goes on', async () => {
    // A data directory of the test's own, so that it outlives the first stack.
    const dataDir = path.join(testRunDir(), 'stacks', `launcher-killed-${process.pid}`);
    try {
      const first = await startStack({ dataDir });
      const pids = first.pids;
      try {
        expect(allPids(pids).every(isAlive)).toBe(true);
        const auth = await adminAuth(first);
        await fetch(`${first.baseUrl}/api/users`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'survivor@tirana.example', name: 'Survivor', role: 'learner' }),
        }).then((res) => expect(res.status).toBe(201));

        process.kill(pids.launcher, 'SIGKILL');
        await first.exited;
        // The servers get their parent-death signal from the kernel; the apps see their channel to the launcher close.
        const left = await waitUntilGone(children(pids), 5_000);
        expect(left.map((pid) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ")}`)).toEqual([]);
      } finally {
        await first.stop();
      }

      const second = await startStack({ dataDir });
      try {
        expect(second.output()).not.toContain('left running by an earlier launcher');
        const users: { email: string }[] = await fetch(`${second.baseUrl}/api/users?perPage=1000`, { headers: await adminAuth(second) }).then((r) => r.json() as Promise<{ email: string }[]>);
        expect(users.map((u) => u.email)).toContain('survivor@tirana.example');
      } finally {
        await second.stop();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

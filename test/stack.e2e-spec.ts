import { existsSync } from 'node:fs';
import { isAlive } from '@academy/infra';
import { startStack, type Stack, type StackPids } from './support/stack.js';

const allPids = (p: StackPids) => [p.launcher, p.api, ...p.workers, p.postgres!, p.redis!];

async function waitUntilGone(pids: number[], ms = 30_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What happens when a process of `npm start` dies, as the README describes it, and the
 * harness of test/support/stack.ts cleaning up after it.
 */
describe('the npm start stack when a process dies', () => {
  let stack: Stack | undefined;
  afterEach(() => stack?.stop(), 60_000);

  it('stops everything when a worker is killed, with exit code 1', async () => {
    stack = await startStack({ name: 'worker-crash' });
    const pids = stack.pids;
    expect(allPids(pids).every(isAlive)).toBe(true);
    expect(pids.workers).toHaveLength(1);

    process.kill(pids.workers[0], 'SIGKILL');
    expect(await stack.exited).toMatchObject({ code: 1 });
    expect(stack.output()).toContain('worker-1 was killed by SIGKILL unexpectedly; stopping everything');
    expect(await waitUntilGone(allPids(pids))).toEqual([]);

    await stack.stop();
    expect(existsSync(stack.dataDir)).toBe(false);
  }, 180_000);

  it('leaves the processes running when the launcher itself is killed; stop() ends them', async () => {
    stack = await startStack({ name: 'launcher-crash' });
    const pids = stack.pids;
    process.kill(pids.launcher, 'SIGKILL');
    await stack.exited;
    // Nobody supervises them now, but they still serve.
    expect((await fetch(`${stack.baseUrl}/api/health`)).status).toBe(200);
    expect([pids.api, ...pids.workers, pids.postgres, pids.redis].every((pid) => isAlive(pid!))).toBe(true);

    await stack.stop();
    expect(await waitUntilGone(allPids(pids), 1_000)).toEqual([]);
    expect(existsSync(stack.dataDir)).toBe(false);
  }, 180_000);
});

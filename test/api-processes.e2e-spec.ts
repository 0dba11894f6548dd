import http from 'node:http';
import { isAlive } from '@academy/infra';
import { readLauncherRecord } from './support/stack-cleanup.js';
import { startStack, type Stack, waitUntil } from './support/stack.js';

/** The pids of the api processes the launcher has recorded now, by name (api, api-2, …). */
function apiPids(stack: Stack): Record<string, number> {
  const record = readLauncherRecord(stack.dataDir);
  return Object.fromEntries((record?.processes ?? []).filter((p) => /^api(-\d+)?$/.test(p.name)).map((p) => [p.name, p.pid]));
}

/** GET /api/health `count` times; the pids that answered (X-Api-Process) with how often. */
async function answeringPids(stack: Stack, count: number): Promise<Map<number, number>> {
  const seen = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    // A new connection each time (no agent), so that the launcher hands each request to the next process.
    const { status, pid } = await new Promise<{ status?: number; pid: number }>((resolve, reject) => {
      http
        .get(`${stack.baseUrl}/api/health`, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, pid: Number(res.headers['x-api-process']) }));
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
    seen.set(pid, (seen.get(pid) ?? 0) + 1);
  }
  return seen;
}

/**
 * API_PROCESSES=2: `npm start` runs two api processes on the one port; each answers, one
 * killed is started again while the other keeps answering, and Ctrl-C stops both.
 */
describe('npm start with API_PROCESSES=2', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ name: 'api-processes', env: { API_PROCESSES: '2', WORKERS: '1' } });
    // The stack is healthy once the first api process answers; the launcher then starts the second.
    await stack.waitForOutput(/Digital Rights Academy is running/, 60_000);
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('answers from both api processes on the one port; only the first ran the migrations', async () => {
    const pids = apiPids(stack);
    const seen = await answeringPids(stack, 40);
    expect([...seen.keys()].sort()).toEqual([pids.api, pids['api-2']].sort());
    for (const times of seen.values()) expect(times).toBeGreaterThanOrEqual(10);
    expect(stack.output()).toMatch(/2 api processes, 1 worker\)/);
    expect(stack.output()).toMatch(/\[api\] api: migration applied/);
    expect(stack.output()).not.toMatch(/\[api-2\][^\n]*migration/i);
  });

  it('restarts an api process killed with SIGKILL; the port keeps answering meanwhile', async () => {
    const before = apiPids(stack);
    const killed = before['api-2'];
    process.kill(killed, 'SIGKILL');
    await stack.waitForOutput(/api-2 was killed by SIGKILL \(out of memory\?\); restarting in/);

    // Before the new one is up, the other process answers every request.
    const meanwhile = await answeringPids(stack, 10);
    expect([...meanwhile.keys()]).toEqual([before.api]);

    const restarted = await waitUntil('a new api-2', () => {
      const pid = apiPids(stack)['api-2'];
      return pid !== killed && pid !== undefined && isAlive(pid) && pid;
    });
    await waitUntil('both api processes to answer again', async () => (await answeringPids(stack, 6)).has(restarted));
    expect(apiPids(stack).api).toBe(before.api);
    expect(isAlive(before.api)).toBe(true);
  }, 60_000);

  it('stops every api process on SIGTERM, as on Ctrl-C', async () => {
    const pids = Object.values(apiPids(stack));
    const exit = await stack.stop();
    expect(exit.code).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 60_000);
});

import type { ExitInfo } from './processes.js';
import { CrashHistory, DEFAULT_RESTART_POLICY, describeCrash, type Incarnation, type RestartPolicy, Supervised } from './supervisor.js';

describe('CrashHistory', () => {
  const policy = DEFAULT_RESTART_POLICY;

  it('waits 0.5 s, then twice as long after each crash, at most 10 s', () => {
    const history = new CrashHistory({ ...policy, maxCrashes: 100 });
    const delays = Array.from({ length: 8 }, (_, i) => history.crashed(i * 61_000, 1_000));
    expect(delays.map((d) => (d.giveUp ? 'gave up' : d.delayMs))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('starts again from 0.5 s after a process ran for a minute', () => {
    const history = new CrashHistory(policy);
    history.crashed(0, 1_000);
    history.crashed(2_000, 1_000);
    expect(history.crashed(200_000, 60_000)).toEqual({ giveUp: false, delayMs: 500 });
  });

  it('gives up at the 5th crash within 60 s, not when they are spread out', () => {
    const history = new CrashHistory(policy);
    const at = [0, 1_000, 3_000, 7_000];
    for (const t of at) expect(history.crashed(t, 500).giveUp).toBe(false);
    expect(history.crashed(15_000, 500)).toEqual({ giveUp: true, crashes: 5 });

    const spread = new CrashHistory(policy);
    for (let i = 0; i < 10; i++) expect(spread.crashed(i * 20_000, 500).giveUp).toBe(false);
  });
});

describe('describeCrash', () => {
  it.each<[ExitInfo, string]>([
    [{ code: null, signal: 'SIGKILL' }, 'was killed by SIGKILL (out of memory?)'],
    [{ code: null, signal: 'SIGABRT' }, 'was killed by SIGABRT (aborted; out of memory?)'],
    [{ code: null, signal: 'SIGSEGV' }, 'was killed by SIGSEGV (crashed)'],
    [{ code: null, signal: 'SIGTERM' }, 'was killed by SIGTERM'],
    [{ code: 1, signal: null }, 'exited with code 1'],
    [{ code: 0, signal: null }, 'exited with code 0 without being asked to stop'],
  ])('%j: %s', (info, text) => expect(describeCrash(info)).toBe(text));
});

/** A stand-in process: it "exits" when the test says so. */
function fakeRun(pid: number): Incarnation & { exit(info: ExitInfo): void; stopped: boolean } {
  let exit!: (info: ExitInfo) => void;
  const exited = new Promise<ExitInfo>((resolve) => (exit = resolve));
  const run = {
    pid,
    exited,
    stopped: false,
    exit,
    stop: async () => {
      run.stopped = true;
      exit({ code: null, signal: 'SIGTERM' });
    },
    kill: () => undefined,
  };
  return run;
}

const FAST: RestartPolicy = { firstDelayMs: 1, maxDelayMs: 8, healthyAfterMs: 60_000, maxCrashes: 3, windowMs: 60_000 };

describe('Supervised', () => {
  function supervise(opts: { fatal?: (info: ExitInfo) => string | undefined; failStarts?: number } = {}) {
    const runs = [fakeRun(100)];
    const lines: string[] = [];
    const gaveUp: string[] = [];
    let failStarts = opts.failStarts ?? 0;
    const unit = new Supervised(
      {
        name: 'worker-1',
        priority: 100,
        policy: FAST,
        start: async () => {
          if (failStarts-- > 0) throw new Error('port 1234 is taken\nmore detail');
          runs.push(fakeRun(100 + runs.length));
          return runs.at(-1)!;
        },
        fatal: opts.fatal,
        log: (line) => lines.push(line),
        giveUp: (message) => gaveUp.push(message),
      },
      runs[0],
    );
    return { unit, runs, lines, gaveUp };
  }
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
  };

  it('starts a process again after it crashed, and says what happened', async () => {
    const { unit, runs, lines } = supervise();
    runs[0].exit({ code: null, signal: 'SIGKILL' });
    await until(() => runs.length === 2 && unit.pid === 101);
    expect(lines).toEqual(['worker-1 was killed by SIGKILL (out of memory?); restarting in 0 s', 'worker-1 restarted (pid 101)']);
    await unit.stop();
    expect(runs[1].stopped).toBe(true);
  });

  it('gives up after the policy allows no more crashes', async () => {
    const { unit, runs, gaveUp } = supervise();
    for (let i = 0; i < 3; i++) {
      await until(() => runs.length === i + 1 && unit.pid === 100 + i);
      runs[i].exit({ code: 1, signal: null });
    }
    await until(() => gaveUp.length > 0);
    expect(gaveUp).toEqual(['worker-1 exited with code 1: 3 crashes within 60 s, giving up: stopping everything']);
    expect(runs).toHaveLength(3);
    await unit.stop();
  });

  it('counts a start that fails as a crash and tries again', async () => {
    const { unit, runs, lines } = supervise({ failStarts: 1 });
    runs[0].exit({ code: 1, signal: null });
    await until(() => runs.length === 2);
    expect(lines[1]).toBe('worker-1 could not be started again: port 1234 is taken\nmore detail; trying again in 0 s');
    await unit.stop();
  });

  it('does not restart after an exit the caller calls fatal', async () => {
    const { unit, runs, gaveUp } = supervise({ fatal: (info) => (info.code === 2 ? 'a bad setting' : undefined) });
    runs[0].exit({ code: 2, signal: null });
    await until(() => gaveUp.length > 0);
    expect(gaveUp).toEqual(['worker-1 exited with code 2 (a bad setting); not restarting it: stopping everything']);
    expect(runs).toHaveLength(1);
    await unit.stop();
  });

  it('stops the current run and restarts nothing once stopped', async () => {
    const { unit, runs } = supervise();
    await unit.stop();
    expect(runs[0].stopped).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toHaveLength(1);
  });
});

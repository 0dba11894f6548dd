import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT, startStack, type Stack } from './support/stack.js';

interface Verification {
  code: string;
  status: string;
  kind: string;
  holderName: string;
}

/** The lines `Verified <code>: <answer of GET /api/certificates/verify/<code>>` the walk-through ends with. */
function verifiedCertificates(output: string): Verification[] {
  return [...output.matchAll(/^Verified (\S+): (\{.*\})$/gm)].map((m) => ({ code: m[1], ...JSON.parse(m[2]) }));
}

/** Runs a command the way a person would in a new terminal: nothing but PATH (without npm's additions), HOME and `vars`. */
function runInFreshShell(vars: Record<string, string>, command: string[]): Promise<{ code: number | null; output: string }> {
  const pathDirs = (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter);
  const freshPath = pathDirs.filter((dir) => !dir.includes(`node_modules${path.sep}.bin`)).join(path.delimiter);
  const assignments = Object.entries({ PATH: freshPath, HOME: process.env.HOME ?? '/root', ...vars }).map(([k, v]) => `${k}=${v}`);
  const child = spawn('env', ['-i', ...assignments, ...command], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/**
 * The README's walk-through (docs/walkthrough.sh, kept equal to the README by
 * readme-walkthrough.spec.ts) from a fresh shell against a fresh `npm start`.
 */
describe('the walk-through against a fresh npm start', () => {
  let stack: Stack;
  let verified: Verification[] = [];

  beforeAll(async () => {
    stack = await startStack({ name: 'walkthrough' });
  }, 300_000);
  afterAll(() => stack?.stop(), 60_000);

  it('ends with a valid Completion, Attendance and Trainer certificate, verified without a token', async () => {
    const run = await runInFreshShell({ API: stack.baseUrl, DATA_DIR: stack.dataDir }, ['bash', 'docs/walkthrough.sh']);
    if (run.code !== 0) throw new Error(`the walk-through exited with ${run.code}:\n${run.output}\n--- stack output ---\n${stack.output().slice(-5000)}`);

    verified = verifiedCertificates(run.output);
    expect(verified.filter((v) => v.status === 'valid').map((v) => v.kind).sort()).toEqual(['attendance', 'completion', 'trainer']);
    // The codes are real: the api says the same when asked directly.
    for (const v of verified) {
      const answer = await fetch(`${stack.baseUrl}/api/certificates/verify/${v.code}`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ status: 'valid', kind: v.kind, holderName: v.holderName });
    }
    // The last line is one of them.
    expect(run.output.trimEnd().split('\n').at(-1)).toMatch(/^Verified \S+: \{"status":"valid"/);
  }, 120_000);

  it('prints only addresses that answer in the start banner', async () => {
    const [banner] = await stack.waitForOutput(/Digital Rights Academy is running[\s\S]*?Press Ctrl-C to stop\./);
    const urls = [...banner.matchAll(/https?:\/\/[^\s()]+/g)].map((m) => m[0]);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    // The first address is the site itself, which opens the sign-in page.
    expect(urls[0]).toBe(`http://localhost:${stack.port}/`);
    const home = await fetch(urls[0]);
    expect(new URL(home.url).pathname).toBe('/sign-in');
    expect(await home.text()).toContain('<form method="post" action="/sign-in"');
    // A placeholder for a certificate code is filled in with one the walk-through issued.
    const code = verified[0]?.code;
    for (const url of urls) {
      if (url.includes('<code>') && !code) throw new Error(`${url} needs a certificate code; the walk-through did not produce one`);
      const answer = await fetch(url.replace('<code>', code ?? ''));
      await answer.arrayBuffer();
      expect(`${url} ${answer.status}`).toBe(`${url} 200`);
    }
  }, 60_000);
});

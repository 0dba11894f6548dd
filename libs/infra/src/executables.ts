/** Finding system programs, and installing a missing one with apt-get on Debian/Ubuntu as root. */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeExit, exitOf } from './processes.js';

/** The first executable `name` on PATH or in the usual system folders. */
export async function findExecutable(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export async function isDebianLike(): Promise<boolean> {
  try {
    const release = await fs.readFile('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

/**
 * `program` from PATH; when missing, installs Debian's `aptPackage` (root on Debian/Ubuntu
 * only) and looks again. Throws `hint` when it cannot be had.
 */
export async function ensureExecutable(program: string, aptPackage: string, hint: string): Promise<string> {
  const found = await findExecutable(program);
  if (found) return found;
  if (process.getuid?.() !== 0 || !(await isDebianLike())) throw new Error(hint);

  process.stderr.write(`${program} is not installed; installing ${aptPackage} with apt-get (one time only)…\n`);
  const child = spawn('sh', ['-c', `apt-get update && apt-get install -y --no-install-recommends ${aptPackage}`], {
    // apt's progress goes to our stderr so that stdout stays clean.
    stdio: ['ignore', 2, 2],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const result = await exitOf(child);
  const installed = await findExecutable(program);
  if (installed) return installed;
  const what = result.code === 0 ? `apt-get finished but ${program} is still not on PATH` : `apt-get ${describeExit(result)}`;
  throw new Error(`installing ${aptPackage} failed (${what}); ${hint}`);
}

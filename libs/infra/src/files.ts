import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates `dir` and any missing parents. Directories we create get `mode`
 * explicitly (a restrictive umask would otherwise leave them 0700, which the
 * unprivileged `postgres` user cannot traverse).
 */
export async function mkdirs(dir: string, mode = 0o755): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!(await exists(current))) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing) {
    await fs.mkdir(d).catch((err) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await fs.chmod(d, mode);
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws a one-line explanation when some ancestor of `dir` cannot be
 * traversed by the given user (e.g. /root is 0700 and PostgreSQL runs as
 * `postgres`).
 */
export async function assertTraversable(dir: string, uid: number, gid: number, userName: string): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const st = await fs.stat(current);
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      throw new Error(
        `${current} (mode ${mode}) cannot be entered by the '${userName}' user that runs PostgreSQL, so ${dir} cannot hold its data: ` +
          `choose a data directory under a world-readable path (e.g. inside the project: <project>/.data) or run 'chmod o+x ${current}'`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** Writes a file via a temporary sibling and rename, so readers never see half of it. */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, data, { mode });
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Opens a log file for appending and returns its descriptor (to hand to a
 * child's stdout/stderr) plus its current size, so that only the lines
 * written afterwards are shown when something fails.
 */
export function openLog(file: string): { fd: number; offset: number; close(): void } {
  const fd = openSync(file, 'a', 0o640);
  const offset = fstatSync(fd).size;
  return { fd, offset, close: () => closeSync(fd) };
}

/** The last `count` non-empty lines written to `file` after byte `offset`. */
export async function tailLines(file: string, offset = 0, count = 15): Promise<string[]> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      const start = Math.max(offset, size - 16 * 1024);
      const buffer = Buffer.alloc(Math.max(0, size - start));
      await handle.read(buffer, 0, buffer.length, start);
      return buffer
        .toString('utf8')
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .slice(-count);
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
}

/** Formats log lines for inclusion in an error message. */
export function indentLog(lines: string[], file: string): string {
  if (lines.length === 0) return `(nothing in ${file})`;
  return `last lines of ${file}:\n${lines.map((l) => `    ${l}`).join('\n')}`;
}

import { accessSync, constants } from 'node:fs';
import path from 'node:path';

let setpriv: string | null | undefined;

/** util-linux's setpriv (Linux), which can set the parent-death signal of what it runs; null where missing. */
function findSetpriv(): string | null {
  if (setpriv !== undefined) return setpriv;
  setpriv = null;
  if (process.platform !== 'linux') return setpriv;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(path.join(dir, 'setpriv'), constants.X_OK);
      return (setpriv = path.join(dir, 'setpriv'));
    } catch {
      // keep looking
    }
  }
  return setpriv;
}

/**
 * The command line that runs `binary args` so that the kernel sends it `signal` when the
 * process that started it dies, even by SIGKILL (Linux's parent-death signal, set by
 * `setpriv --pdeathsig`, which then executes the server in its own place: same pid, same
 * name). Where setpriv is missing (another OS) the command is returned as it is: such a
 * server outlives a killed launcher until the next start stops it.
 *
 * Spawn it from the main thread: the kernel ties the signal to the thread that forked.
 */
export function dieWithParent(binary: string, args: string[], signal: NodeJS.Signals): { binary: string; args: string[] } {
  const wrapper = findSetpriv();
  if (!wrapper) return { binary, args };
  return { binary: wrapper, args: ['--pdeathsig', signal.replace(/^SIG/, ''), '--', binary, ...args] };
}

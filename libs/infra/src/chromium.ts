/** Headless Chromium for the browser tests: Debian's package, installed when missing. */
import { ensureExecutable } from './executables.js';

const CHROMIUM_HINT =
  'chromium was not found: install it (Debian/Ubuntu as root: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable';

/** Path of a Chromium executable: CHROMIUM_PATH, else `chromium` on PATH, else installed with apt-get (root, Debian). */
export async function ensureChromium(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return ensureExecutable('chromium', 'chromium', CHROMIUM_HINT);
}

/** Flags for a quiet headless Chromium in a container (no sandbox as root, no calls home). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

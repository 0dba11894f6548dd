// `npm start`: builds (`nest build`, the same as `npm run build`) when dist/ is
// missing or older than the sources, then runs the launcher
// (dist/apps/launcher/src/main.js) in this same process.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const launcher = path.join(dist, 'apps/launcher/src/main.js');
const stamp = path.join(dist, '.build-stamp');
const SOURCE_DIRS = ['apps', 'libs', 'migrations'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

/** Every .ts (except specs) and .hbs file under the source folders. */
function* sources(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* sources(file);
    } else if (/\.(ts|hbs)$/.test(entry.name) && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) {
      yield file;
    }
  }
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function needsBuild() {
  const built = mtime(stamp);
  if (!existsSync(launcher) || built === undefined) return true;
  if (CONFIG_FILES.some((f) => (mtime(path.join(root, f)) ?? 0) > built)) return true;
  for (const dir of SOURCE_DIRS) {
    for (const file of sources(path.join(root, dir))) if ((mtime(file) ?? 0) > built) return true;
  }
  return false;
}

function build() {
  const nest = path.join(root, 'node_modules/.bin/nest');
  if (!existsSync(nest)) {
    console.error('The build is missing or out of date and the Nest CLI is not installed: run `npm ci` (with dev dependencies) first.');
    process.exit(1);
  }
  const began = Date.now();
  process.stdout.write('Building… ');
  // Without the launcher in dist/, stale incremental state could make tsc skip emitting.
  if (!existsSync(launcher)) rmSync(path.join(dist, '.tsbuildinfo-build'), { force: true });
  const result = spawnSync(nest, ['build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stdout.write('failed\n');
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `${result.error.message}\n` : ''}`);
    process.exit(1);
  }
  // Templates next to the code travel with it, for code that loads them relative to its own file.
  for (const dir of SOURCE_DIRS) {
    for (const file of sources(path.join(root, dir))) {
      if (!file.endsWith('.hbs')) continue;
      const target = path.join(dist, path.relative(root, file));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
  }
  // Stamp with the start time: files edited during the build trigger the next one.
  writeFileSync(stamp, `${new Date(began).toISOString()}\n`);
  utimesSync(stamp, new Date(began), new Date(began));
  process.stdout.write(`done in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
}

if (needsBuild()) build();
// `--build-only`: the same check and build without starting (the test harness builds once this way).
if (process.argv.includes('--build-only')) process.exit(0);
await import('../dist/apps/launcher/src/main.js');

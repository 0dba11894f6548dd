/**
 * Jest global setup: one PostgreSQL server and one redis-server for the whole
 * run, each on a free loopback port, with their files in
 * <project>/.data/test-<pid> (removed by the global teardown). New clusters
 * are copies of one kept in <project>/.data/test-template (made on first use).
 *
 *   DATABASE_URL set  use that server instead; its database name must contain
 *                     "test", because tests create and drop databases there.
 *   REDIS_URL set     use that Redis instead.
 *
 * Test files read the result from the environment (Jest workers inherit it),
 * through the helpers in ./services.ts:
 *   TEST_PG_ADMIN_URL  a database on that server to issue CREATE/DROP DATABASE from
 *   TEST_REDIS_URL
 *   TEST_RUN_DIR       the run's folder; whole stacks (../support/stack.ts) keep their data
 *                      in its stacks/ and are stopped with it
 */
import Module from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type * as Infra from '@academy/infra';
import type * as StackCleanup from '../support/stack-cleanup.js';

export interface TestServicesState {
  dir: string;
  stop(): Promise<void>;
}

export const TEST_SERVICES_KEY = '__academyTestServices';

export default async function globalSetup(globalConfig?: { rootDir?: string }, projectConfig?: { rootDir?: string }): Promise<void> {
  const root = projectConfig?.rootDir ?? globalConfig?.rootDir ?? process.cwd();
  const [infra, stacks] = await loadWithTsSources(root, () =>
    Promise.all([import('@academy/infra'), import('../support/stack-cleanup.js')]),
  );
  const dataRoot = path.join(root, '.data');
  await removeStaleRuns(infra, stacks, dataRoot);

  const dir = path.join(dataRoot, `test-${process.pid}`);
  await fs.rm(dir, { recursive: true, force: true });
  await infra.mkdirs(dir);

  const started: Array<{ stop(): Promise<void> }> = [];
  const removeDir = () => fs.rm(dir, { recursive: true, force: true });
  // Interrupted runs (Ctrl-C) stop the servers first, then remove the folder too.
  const untrack = infra.trackForShutdown({ name: 'test data', priority: 0, stop: removeDir, kill: () => undefined });
  const stop = async () => {
    // Stacks a suite did not stop would otherwise keep running on a deleted folder.
    await stacks.stopLeftoverStacks(dir).catch(() => undefined);
    await Promise.allSettled(started.map((s) => s.stop()));
    await removeDir();
    untrack();
  };
  // Settled rather than all(): when one fails, the other has to be running (or failed) before we clean up.
  const [pgResult, redisResult] = await Promise.allSettled([
    process.env.DATABASE_URL
      ? checkExternalDatabase(process.env.DATABASE_URL)
      : infra
          .startEmbeddedPostgres({
            dataDir: path.join(dir, 'postgres'),
            persistent: false,
            // Copying a ready-made cluster is several times faster than initdb.
            templateDir: path.join(dataRoot, 'test-template'),
            // Every test file may run its own api with a connection pool.
            settings: { max_connections: 300 },
          })
          .then((server) => (started.push(server), server.url)),
    process.env.REDIS_URL
      ? process.env.REDIS_URL
      : infra
          .ensureRedisServer() // installs it with apt-get when missing (root on Debian/Ubuntu), else explains how
          .then((binary) => infra.startRedis({ dir: path.join(dir, 'redis'), persistent: false, binary }))
          .then((server) => (started.push(server), server.url)),
  ]);
  for (const result of [pgResult, redisResult]) {
    if (result.status === 'rejected') {
      await stop();
      throw result.reason;
    }
  }
  // The page suites drive a real headless Chromium: installed here once (apt-get, as root on
  // Debian), like redis-server, so the browser suites find it. When it cannot be installed they
  // fail with the one-line reason ensureChromium gives.
  if (!process.env.CHROMIUM_PATH) {
    const chromium = await infra.ensureChromium().catch((err: Error) => {
      console.warn(`chromium: ${err.message}`);
      return null;
    });
    if (chromium) process.env.CHROMIUM_PATH = chromium;
  }
  process.env.TEST_PG_ADMIN_URL = (pgResult as PromiseFulfilledResult<string>).value;
  process.env.TEST_REDIS_URL = (redisResult as PromiseFulfilledResult<string>).value;
  process.env.TEST_RUN_DIR = dir;
  (globalThis as Record<string, unknown>)[TEST_SERVICES_KEY] = { dir, stop } satisfies TestServicesState;
}

/**
 * Jest loads this file through its CommonJS require hook, where neither the
 * `@academy/<lib>` aliases nor the `.js` specifiers that our ES-module sources
 * use find the `.ts` files behind them. Map both while `load` imports the code
 * (the same mapping as tsconfig's `paths` and Jest's moduleNameMapper).
 */
async function loadWithTsSources<T>(root: string, load: () => Promise<T>): Promise<T> {
  const loader = Module as unknown as { _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string };
  const original = loader._resolveFilename;
  const libs = path.join(root, 'libs');
  loader._resolveFilename = function (this: unknown, request, parent, ...rest) {
    const alias = /^@academy\/([a-z0-9-]+)$/.exec(request);
    if (alias) return original.call(this, path.join(libs, alias[1], 'src/index.ts'), parent, ...rest);
    try {
      return original.call(this, request, parent, ...rest);
    } catch (err) {
      if (/^\.{1,2}\//.test(request) && request.endsWith('.js')) {
        return original.call(this, `${request.slice(0, -3)}.ts`, parent, ...rest);
      }
      throw err;
    }
  };
  try {
    return await load();
  } finally {
    loader._resolveFilename = original;
  }
}

/** Removes .data/test-<pid> folders of runs that are no longer alive, stopping servers they left behind. */
async function removeStaleRuns(infra: typeof Infra, stacks: typeof StackCleanup, dataRoot: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dataRoot);
  } catch {
    return;
  }
  await Promise.all(
    entries.map(async (entry) => {
      const pid = Number(/^test-(\d+)$/.exec(entry)?.[1]);
      if (!pid || pid === process.pid || (infra.isAlive(pid) && infra.processName(pid) === 'node')) return;
      const dir = path.join(dataRoot, entry);
      await stacks.stopLeftoverStacks(dir).catch(() => undefined);
      await infra.stopStaleRedis(path.join(dir, 'redis')).catch(() => undefined);
      await infra.stopStalePostgres(path.join(dir, 'postgres')).catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }),
  );
}

/** Refuses a server database that is not obviously meant for tests, and checks that it answers. */
async function checkExternalDatabase(url: string): Promise<string> {
  let database: string;
  try {
    database = decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    throw new Error('DATABASE_URL is not a valid URL');
  }
  if (!/test/i.test(database)) {
    throw new Error(
      `DATABASE_URL names the database "${database}", but tests create and drop databases on that server: ` +
        'point it at a database whose name contains "test" (e.g. postgres://user:pass@host:5432/academy_test), ' +
        'or unset DATABASE_URL to use a throw-away embedded server',
    );
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`cannot connect to DATABASE_URL (database "${database}"): ${err.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return url;
}

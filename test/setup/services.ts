/**
 * Helpers for test files, backed by the servers of the Jest global setup
 * (see ./global-setup.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Disconnects whoever is still connected and drops the database. */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests through Jest, whose global setup starts the database server');
  return url;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Lower-case letters, digits and underscores only, at most 32 characters. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 32) || 'db'
  );
}

/** Creates an empty database named academy_test_<prefix>_<random> and returns its URL. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `academy_test_${slug(prefix)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () =>
      (dropped ??= withAdmin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      })),
  };
}

/** URL of the Redis server shared by all test files. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests through Jest, whose global setup starts redis-server');
  return url;
}

/**
 * A BullMQ key prefix (QUEUE_PREFIX) of its own for a test file, so that
 * test files running in parallel on the shared Redis never see each other's jobs.
 */
export function testQueuePrefix(prefix: string): string {
  return `academy_test_${slug(prefix)}_${randomBytes(4).toString('hex')}`;
}

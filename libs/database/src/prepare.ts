import { DEFAULT_SEED_ACCOUNTS, type SeedAccounts } from '@academy/config';
import { createDataSource } from './data-source.js';
import { seed } from './seed/seed.js';

export interface PrepareOptions {
  seed?: boolean;
  /** Tirana's administrator (kept as its own option; `accounts.admin` says the same). */
  admin?: { email: string; password: string };
  /** The seeded accounts; each one missing takes its documented default. */
  accounts?: Partial<SeedAccounts>;
  log?: (line: string) => void;
}

/** Arbitrary constant: only one process migrates or seeds a database at a time. */
const PREPARE_LOCK = 7_316_405_221;

/**
 * Brings a database up to date: runs pending migrations and seeds reference data. Several
 * api instances may start at once, so the work runs under a PostgreSQL advisory lock.
 */
export async function prepareDatabase(databaseUrl: string, options: PrepareOptions = {}): Promise<void> {
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [PREPARE_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    for (const m of applied) options.log?.(`migration applied: ${m.name}`);
    if (options.seed !== false) {
      const accounts: SeedAccounts = { ...DEFAULT_SEED_ACCOUNTS, ...options.accounts };
      if (options.admin) accounts.admin = options.admin;
      await ds.transaction((m) => seed(m, accounts));
    }
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [PREPARE_LOCK]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}

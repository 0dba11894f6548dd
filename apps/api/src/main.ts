import 'reflect-metadata';
import { loadConfigOrExit, seedAccounts } from '@academy/config';
import { prepareDatabase } from '@academy/database';
import { limitShutdownTime } from '@academy/infra';
import { createApiApp } from './app.factory.js';

/** Requests in progress may finish when the api is asked to stop, but not for longer than this. */
const SHUTDOWN_LIMIT_MS = 5_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit('api');
  if (config.runMigrations) {
    await prepareDatabase(config.databaseUrl, {
      accounts: seedAccounts(config),
      log: (line) => console.log(`api: ${line}`),
    });
  }
  const app = await createApiApp(config);
  // After createApiApp enabled the shutdown hooks: a signal that arrives sooner ends the process at once.
  limitShutdownTime(SHUTDOWN_LIMIT_MS, (message) => console.error(`api: ${message}`));
  await app.listen(config.port, config.host);
}

void main();

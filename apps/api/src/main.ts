import 'reflect-metadata';
import { loadConfigOrExit } from '@academy/config';
import { prepareDatabase } from '@academy/database';
import { createApiApp } from './app.factory.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('api');
  if (config.runMigrations) {
    await prepareDatabase(config.databaseUrl, {
      admin: { email: config.adminEmail, password: config.adminPassword },
      log: (line) => console.log(`api: ${line}`),
    });
  }
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
}

void main();

import 'reflect-metadata';
import { ConfigError, loadConfig, prepareDatabase } from '../../../libs/academy/src/index.js';
import { createApiApp } from './app.factory.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`api: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  if (config.runMigrations) {
    await prepareDatabase(config.databaseUrl, {
      admin: { email: config.adminEmail, password: config.adminPassword },
      log: (line) => console.log(`api: ${line}`),
    });
  }
  const app = await createApiApp(config);
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
}

void main();

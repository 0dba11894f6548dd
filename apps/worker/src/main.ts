import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@academy/config';
import { WorkerModule } from './worker.module.js';

/**
 * A worker process: consumes the certificate and mail queues. Run as many as you like,
 * on as many machines as you like, against the same Redis and PostgreSQL.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  console.log(`worker ready (concurrency ${config.workerConcurrency})`);
}

void main();

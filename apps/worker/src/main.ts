import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@academy/config';
import { limitShutdownTime } from '@academy/infra';
import { WorkerModule } from './worker.module.js';

/** A worker finishes its jobs in progress when asked to stop, but not for longer than this. */
const SHUTDOWN_LIMIT_MS = 5_000;

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
  // After the hooks: a signal that arrives sooner ends the process at once (Node's default).
  limitShutdownTime(SHUTDOWN_LIMIT_MS, (message) => console.error(`worker: ${message}`));
  console.log(`worker ready (concurrency ${config.workerConcurrency})`);
}

void main();

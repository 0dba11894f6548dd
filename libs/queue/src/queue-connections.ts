import { InjectQueue } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { ConnectionOptions, Queue, Worker } from 'bullmq';
import { hurryShutdown } from '@academy/infra';
import { isConnectionError, reconnectDelay, RedisOutage } from '@academy/redis';
import { QueueName } from './jobs.js';

/**
 * The options of every BullMQ connection (queues and workers, api and worker processes).
 * `maxRetriesPerRequest: null`: a command waits for Redis to come back instead of failing
 * after some reconnection attempts, which BullMQ requires of a worker's connections (a
 * failed lock renewal or completion would break its loop); a job whose cause is committed
 * is then sent late rather than dropped. Reconnecting starts after 100 ms and tries every
 * 2 s at the most (BullMQ's own default waits up to 20 s between attempts).
 */
export function queueConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
}

/** How long a process that stops while Redis is unreachable gives its other shutdown hooks. */
const GRACE_WITHOUT_REDIS_MS = 500;

/**
 * Watches the BullMQ queues and workers of this process: an error listener on each (without
 * one BullMQ prints every failed reconnection attempt with its stack), one warning when
 * Redis is lost and one line when it is back.
 *
 * Stopping normally, the workers finish the jobs in progress and the connections close.
 * Both need Redis: when it is unreachable at that moment, or becomes so while the process
 * stops, the wait would have no end (BullMQ's close waits for its connections), so an app
 * whose shutdown has a time limit (limitShutdownTime) ends after a short grace instead.
 * Jobs it left active come back through BullMQ's stalled-job check, as after a crash.
 */
@Injectable()
export class QueueConnections implements BeforeApplicationShutdown {
  private readonly log = new Logger('Redis');
  private readonly outage = new RedisOutage((message) => this.log.warn(message));
  private closing = false;
  private lostWhileClosing: (() => void) | undefined;

  constructor(@InjectQueue(QueueName.Certificates) certificates: Queue, @InjectQueue(QueueName.Mail) mail: Queue) {
    this.watch(certificates);
    this.watch(mail);
  }

  /** Called by each processor with its worker. */
  watchWorker(worker: Worker): void {
    this.watch(worker);
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    let hurried = false;
    const hurry = () => {
      if (hurried) return;
      hurried = true;
      this.log.warn('stopping while Redis is unreachable: not waiting for it');
      hurryShutdown(GRACE_WITHOUT_REDIS_MS, 'Redis is unreachable');
    };
    if (this.outage.down) hurry();
    else this.lostWhileClosing = hurry;
  }

  private watch(target: Queue | Worker): void {
    const what = `${'concurrency' in target ? 'worker' : 'queue'} ${target.name}`;
    // Queue and Worker both emit 'error'; their typed listener maps differ in everything else.
    (target as Queue).on('error', (err: Error) => {
      if (!isConnectionError(err)) this.log.error(`${what}: ${err.message}`);
      else if (this.closing) this.lostWhileClosing?.();
      else this.outage.lost(target, err.message);
    });
    const backend = target.getBackend();
    // Closing connections close too: only a failed attempt to reconnect says Redis is gone then.
    backend.on('close', () => {
      if (!this.closing) this.outage.lost(target);
    });
    backend.on('ready', () => this.outage.back(target));
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ACADEMY_CONFIG, type AcademyConfig } from '@academy/config';
import { ReevaluationService } from '@academy/programmes';
import { JobFailures, JobGateway } from '@academy/queue';

export interface ReconcileReport {
  /** Outbox rows sent to BullMQ. */
  delivered: number;
  /** Enrolments of closed programmes still owed a decision; null when another worker held the sweep. */
  due: number | null;
  /** Evaluations asked for again because BullMQ did not hold them. */
  enqueued: number;
  /** Final failures copied to job_failures. */
  failures: number;
}

/**
 * What makes a commit in PostgreSQL enough: at the worker's start and then every
 * RECONCILE_INTERVAL_MS, delivers the outbox rows left undelivered, asks again for every
 * decision a closed programme still owes whose job BullMQ lost or never got, and copies
 * jobs that failed all their attempts to job_failures. Every step is set-based and safe
 * with several workers (SKIP LOCKED, an advisory lock, idempotent upserts). The first pass
 * also re-derives the "decision due" marks from the decisions. While Redis or PostgreSQL
 * is down it says so once and tries again on the next tick.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(Reconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private repaired = false;
  private failing: string | null = null;

  constructor(
    private readonly gateway: JobGateway,
    private readonly evaluations: ReevaluationService,
    private readonly failures: JobFailures,
    @Inject(ACADEMY_CONFIG) private readonly config: AcademyConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass now, unless one is running (then that one is awaited). */
  tick(): Promise<void> {
    this.running ??= this.runOnce({ repair: !this.repaired })
      .then((report) => {
        this.repaired = true;
        if (this.failing) this.log.log(`reconciler works again (${this.failing} is over)`);
        this.failing = null;
        if (report.delivered || report.enqueued || report.failures) {
          this.log.log(
            `reconciled: ${report.delivered} outbox job(s) delivered, ${report.enqueued} lost evaluation(s) asked for again ` +
              `(${report.due ?? '?'} due), ${report.failures} final failure(s) recorded`,
          );
        }
      })
      .catch((err: Error) => {
        // One line when it starts failing, not one stack trace per tick.
        if (!this.failing) this.log.warn(`reconciler paused, will retry every ${this.config.reconcileIntervalMs} ms: ${err.message}`);
        this.failing = err.message;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  async runOnce(options: { repair?: boolean } = {}): Promise<ReconcileReport> {
    const delivered = await this.gateway.deliverOutbox();
    const swept = await this.evaluations.enqueueDue(options);
    const failures = await this.failures.sync();
    return { delivered, due: swept?.due ?? null, enqueued: swept?.enqueued ?? 0, failures };
  }
}

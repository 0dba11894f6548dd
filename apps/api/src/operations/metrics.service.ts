import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { JobGateway, QueueName, withTimeout } from '@academy/queue';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
/** A scrape must answer while Redis is down: the queue figures are then left out and academy_queue_up says 0. */
const REDIS_WAIT_MS = 2_000;

/**
 * The api's metrics in the Prometheus text format (GET /metrics): the queues' job counts
 * (read from Redis on each scrape), certificates by kind and status, the outbox, undecided
 * evaluations and final failures (from PostgreSQL), request latencies by route template,
 * and the process's own figures (memory, event-loop lag). A registry of its own per app,
 * so that several apps in one process (the tests) do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly latency: Histogram<'method' | 'route' | 'status_code'>;

  constructor(
    gateway: JobGateway,
    @InjectDataSource() ds: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'academy_api_' });
    this.latency = new Histogram({
      name: 'academy_http_request_duration_seconds',
      help: 'Time from a request to its answer, by route template (never the raw URL) and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    const up = new Gauge({ name: 'academy_queue_up', help: '1 when the queues\' Redis answered this scrape', registers: [this.registry] });
    new Gauge({
      name: 'academy_queue_jobs',
      help: 'Jobs in each BullMQ queue, by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const name of Object.values(QueueName)) {
            const counts = await withTimeout(gateway.queue(name).getJobCounts(...JOB_STATES), REDIS_WAIT_MS);
            for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          }
          up.set(1);
        } catch {
          this.reset();
          up.set(0);
        }
      },
    });
    new Gauge({
      name: 'academy_certificates',
      help: 'Certificates ever issued, by kind and current status (valid, superseded, revoked)',
      labelNames: ['kind', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { kind: string; status: string; n: number }[] = await ds.query(
          `SELECT kind, status, count(*)::int AS n FROM certificates GROUP BY kind, status`,
        );
        for (const r of rows) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'academy_jobs_recorded',
      help: 'Durable job bookkeeping: outbox rows not yet in BullMQ, learners of closed programmes owed a decision, jobs that failed all their attempts',
      labelNames: ['what'],
      registers: [this.registry],
      async collect() {
        const [row] = await ds.query(
          `SELECT (SELECT count(*)::int FROM job_outbox) AS outbox,
                  (SELECT count(*)::int FROM enrolments WHERE decision_due) AS due,
                  (SELECT count(*)::int FROM job_failures) AS failures`,
        );
        this.set({ what: 'outbox' }, row.outbox);
        this.set({ what: 'evaluations_due' }, row.due);
        this.set({ what: 'final_failures' }, row.failures);
      },
    });
  }

  /** Express middleware timing every request; the route is Express's template (`/api/programmes/:id`). */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.latency.startTimer();
      res.once('finish', () => {
        const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : req.baseUrl || 'unmatched';
        end({ method: req.method, route, status_code: String(res.statusCode) });
      });
      next();
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

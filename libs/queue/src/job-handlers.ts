import type { Job } from 'bullmq';
import { JobName, type JobPayloads, JOBS, type QueueName } from './jobs.js';

/** Does the work of one job name; errors propagate so that BullMQ retries with backoff. */
export interface JobHandler<N extends JobName = JobName> {
  readonly job: N;
  handle(data: JobPayloads[N], job: Job): Promise<unknown>;
}

export type JobHandlerMap = { readonly [N in JobName]: JobHandler<N> };

/** The worker's handlers do not cover the jobs, or cover one twice. */
export class JobHandlerError extends Error {}

/**
 * The worker's start-up check: exactly one handler for every job name, and none for a
 * name that does not exist. Returns the handlers by name.
 */
export function jobHandlerMap(handlers: readonly JobHandler[]): JobHandlerMap {
  const names = Object.values(JobName) as string[];
  const byName = new Map<string, JobHandler[]>();
  for (const h of handlers) byName.set(h.job, [...(byName.get(h.job) ?? []), h]);
  const problems: string[] = [];
  for (const name of names) {
    const found = byName.get(name) ?? [];
    if (found.length === 0) problems.push(`job "${name}" has no handler`);
    if (found.length > 1) {
      problems.push(`job "${name}" has ${found.length} handlers (${found.map((h) => h.constructor.name).join(', ')})`);
    }
  }
  for (const name of byName.keys()) if (!names.includes(name)) problems.push(`"${name}" is not a job name`);
  if (problems.length) throw new JobHandlerError(`the worker's job handlers do not match the jobs: ${problems.join('; ')}`);
  return Object.fromEntries(handlers.map((h) => [h.job, h])) as unknown as JobHandlerMap;
}

/** Runs a job taken from `queue` by its handler; a name unknown to that queue is an error (and retried). */
export function dispatchJob(handlers: JobHandlerMap, queue: QueueName, job: Job): Promise<unknown> {
  const name = job.name as JobName;
  if (!(name in JOBS) || JOBS[name].queue !== queue) throw new Error(`unknown job "${job.name}" on queue ${queue}`);
  return (handlers[name] as JobHandler).handle(job.data, job);
}

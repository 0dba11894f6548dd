import type { JobsOptions } from 'bullmq';

/**
 * Every job of the academy in one place: its queue, its payload, its deterministic id and
 * its retry policy. Payloads carry ids, never state: the worker re-reads the database.
 */
export enum QueueName {
  Certificates = 'certificates',
  Mail = 'mail',
}

export enum JobName {
  /** Fans a closed programme out into one evaluation per enrolled learner. */
  CloseProgramme = 'close-programme',
  /** Applies the rule set to one learner, records the decision, issues what is due. */
  EvaluateLearner = 'evaluate-learner',
  /** Mails the invitations of people created without a password. */
  SendInvitations = 'send-invitations',
  /** Mails the link of one forgotten-password request. */
  SendPasswordReset = 'send-password-reset',
  /** Rewrites a programme's statistics aggregates (too large to refresh within a request). */
  RefreshStatistics = 'refresh-statistics',
}

export interface JobPayloads {
  [JobName.CloseProgramme]: { programmeId: string; closeCount: number };
  [JobName.EvaluateLearner]: { programmeId: string; userId: string; revision: number; closeCount: number };
  /**
   * `batch` names the batch for its job id: the person's id when one person is created,
   * `<import id>_<n>` for the n-th thousand new learners of an attendance import.
   */
  [JobName.SendInvitations]: { userIds: string[]; batch: string };
  /** One row of `password_resets`; the job makes its token and mails it, once. */
  [JobName.SendPasswordReset]: { resetId: string };
  /** `since`: the earliest change (ms since the epoch) the aggregates do not include yet. */
  [JobName.RefreshStatistics]: { programmeId: string; since: number };
}

/** A job as it is enqueued and as a handler receives it: `{ name, data }`, typed by name. */
export type AcademyJob = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];
export type JobOf<N extends JobName> = Extract<AcademyJob, { name: N }>;
export type CloseProgrammeJob = JobOf<JobName.CloseProgramme>;
export type EvaluateLearnerJob = JobOf<JobName.EvaluateLearner>;
export type SendInvitationsJob = JobOf<JobName.SendInvitations>;
export type SendPasswordResetJob = JobOf<JobName.SendPasswordReset>;
export type RefreshStatisticsJob = JobOf<JobName.RefreshStatistics>;

/** The retry policy: a failure is retried with backoff, history is kept for a while. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 500_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface JobDefinition<N extends JobName> {
  queue: QueueName;
  /**
   * The deterministic BullMQ job id: the same job enqueued twice (a retried request, a
   * duplicated fan-out) is one job.
   */
  id(data: JobPayloads[N]): string;
  options: JobsOptions;
}

export const JOBS: { readonly [N in JobName]: JobDefinition<N> } = {
  [JobName.CloseProgramme]: {
    queue: QueueName.Certificates,
    // The close count grows with every close, so an explicit re-close gets its own fan-out.
    id: (d) => `close_${d.programmeId}_${d.closeCount}`,
    options: DEFAULT_JOB_OPTIONS,
  },
  [JobName.EvaluateLearner]: {
    queue: QueueName.Certificates,
    // The enrolment's revision changes with every change of the learner's facts, so a
    // correction after closing still gets its own evaluation; the database keeps those idempotent.
    id: (d) => `evaluate_${d.programmeId}_${d.userId}_r${d.revision}_c${d.closeCount}`,
    options: DEFAULT_JOB_OPTIONS,
  },
  [JobName.SendInvitations]: {
    queue: QueueName.Mail,
    id: (d) => `invite_${d.batch}`,
    options: DEFAULT_JOB_OPTIONS,
  },
  [JobName.SendPasswordReset]: {
    queue: QueueName.Mail,
    id: (d) => `password-reset_${d.resetId}`,
    options: DEFAULT_JOB_OPTIONS,
  },
  [JobName.RefreshStatistics]: {
    queue: QueueName.Certificates,
    // One refresh per programme and pending change: every stale read asks again, the id makes it one job.
    id: (d) => `stats_${d.programmeId}_${d.since}`,
    options: { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { age: 3600, count: 10_000 } },
  },
};

/** The queue, id and options a job is added to BullMQ with. */
export function jobOptions<J extends AcademyJob>(job: J): { queue: QueueName; opts: JobsOptions } {
  const definition = JOBS[job.name] as JobDefinition<J['name']>;
  return { queue: definition.queue, opts: { ...definition.options, jobId: definition.id(job.data as never) } };
}

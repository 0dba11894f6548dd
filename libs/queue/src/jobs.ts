import type { JobsOptions } from 'bullmq';

/** Queue names, job names and payloads in one place; payloads carry ids, never state. */
export enum QueueName {
  Certificates = 'certificates',
  Mail = 'mail',
}

export enum JobName {
  /** Fans a closed programme out into one evaluation per enrolled learner. */
  CloseProgramme = 'close-programme',
  /** Applies the rule set to one learner, records the decision, issues what is due. */
  EvaluateLearner = 'evaluate-learner',
  /** Mails the invitations of learners created by one import. */
  SendInvitations = 'send-invitations',
}

export interface CloseProgrammeJob {
  name: JobName.CloseProgramme;
  data: { programmeId: string; closeCount: number };
}
export interface EvaluateLearnerJob {
  name: JobName.EvaluateLearner;
  data: { programmeId: string; userId: string; revision: number; closeCount: number };
}
export interface SendInvitationsJob {
  name: JobName.SendInvitations;
  data: { userIds: string[] };
}
export type AcademyJob = CloseProgrammeJob | EvaluateLearnerJob | SendInvitationsJob;

/** Retry policy for every job: a failure is retried with backoff, history is kept for a while. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 500_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * Deterministic job ids: the same evaluation enqueued twice (a retried request, a
 * duplicated fan-out) is one job. The enrolment's revision changes with every attendance
 * change and the close count with every close, so a correction after closing, or an
 * explicit re-close, still gets its own evaluation; the database keeps those idempotent.
 */
export const jobIds = {
  close: (programmeId: string, closeCount: number) => `close_${programmeId}_${closeCount}`,
  evaluate: (programmeId: string, userId: string, revision: number, closeCount: number) =>
    `evaluate_${programmeId}_${userId}_r${revision}_c${closeCount}`,
};

/**
 * The queue policy, in one place: how workers hold jobs, how fast the jobs of a worker that
 * died come back, and how the rest of the academy finds what fell through. (Attempts,
 * backoff and history per job are in jobs.ts, next to each job.)
 *
 * BullMQ's defaults (30 s lock, stall check every 30 s, one stall allowed) made the
 * evaluations of a killed worker wait 30–60 s, and failed a job for good the second time
 * its worker died — the close's fan-out with it, so the rest of the cohort was never asked
 * for. The figures below are chosen for this house: an evaluation takes milliseconds, the
 * fan-out seconds, and every job is idempotent (a deterministic id and a unique decision),
 * so running one twice costs a little CPU and never a second certificate.
 */
export const WORKER_POLICY = {
  /**
   * How long a job stays its worker's without a renewal (renewed every half of it). A
   * killed worker's jobs are free again after at most this long. 10 s tolerates a worker
   * whose event loop freezes for up to 5 s on a starved machine; a shorter lock would let
   * such a pause hand the job to a second worker (harmless, but counted as a stall).
   */
  lockDuration: 10_000,
  /**
   * How often every worker looks for jobs whose lock expired and puts them back in the
   * queue: with the lock above, a dead worker's jobs run again within 15 s.
   */
  stalledInterval: 5_000,
  /**
   * How many times a job may lose its worker before it fails for good. A job only stalls
   * when its worker dies (killed, out of memory, machine lost), so one that stalled three
   * times most likely kills its workers: it is failed, listed by close-status and can be
   * retried once the cause is fixed. Two unrelated crashes during a fan-out no longer
   * lose it (BullMQ's default is 1).
   */
  maxStalledCount: 3,
} as const;

/**
 * The reconciler (run by every worker at start and then on a timer, RECONCILE_INTERVAL_MS):
 * delivers outbox rows whose transaction committed but whose delivery did not happen (Redis
 * was down, the process died), asks again for every decision a closed programme still owes
 * whose job BullMQ does not have, and records jobs that failed all their attempts.
 */
export const RECONCILE_POLICY = {
  /**
   * An outbox row younger than this is left to the process that wrote it, which delivers
   * right after its commit; older ones are the reconciler's.
   */
  outboxGraceMs: 5_000,
  /** Rows delivered per statement (and per addBulk). */
  outboxBatch: 500,
  /** How long the process that committed a job waits for BullMQ before answering anyway. */
  deliveryWaitMs: 1_500,
  /** How long one delivery to BullMQ may take before it counts as failed (and stays in the outbox). */
  sendTimeoutMs: 10_000,
  /** Due evaluations looked at per page. */
  dueBatch: 1_000,
} as const;

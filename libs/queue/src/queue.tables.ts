/**
 * Tables of this room: `job_outbox` (jobs recorded in the transaction of the change they
 * are about, until BullMQ has them) and `job_failures` (jobs that failed all their attempts,
 * with the reason, until an administrator retries them). Their SQL is in migrations/.
 */
export const QUEUE_TABLES = ['job_outbox', 'job_failures'] as const;

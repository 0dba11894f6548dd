/** Raised when Redis does not answer in time (down, or stalled and accepting nothing). */
export class QueueTimeoutError extends Error {}

/**
 * `work`, or a {@link QueueTimeoutError} after `ms`: a stalled Redis answers nothing, and
 * ioredis queues commands while it reconnects, so a bare call can wait for ever.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new QueueTimeoutError(`Redis did not answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

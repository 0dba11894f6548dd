/**
 * Brings a database up to date: runs pending migrations (under an advisory lock so
 * several api instances can start at once) and seeds reference data idempotently.
 * (Stub; the real implementation lands with the persistence layer.)
 */
export interface PrepareOptions {
  seed?: boolean;
  admin?: { email: string; password: string };
}
export async function prepareDatabase(_databaseUrl: string, _options: PrepareOptions = {}): Promise<void> {}

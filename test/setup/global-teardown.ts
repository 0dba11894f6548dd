/** Jest global teardown: stops the servers the global setup started and deletes their folder. */
import type { TestServicesState } from './global-setup.js';

// Same key as in global-setup.ts (a value import would not resolve under Jest's CommonJS loading of this file).
const TEST_SERVICES_KEY = '__academyTestServices';

export default async function globalTeardown(): Promise<void> {
  const store = globalThis as Record<string, unknown>;
  const state = store[TEST_SERVICES_KEY] as TestServicesState | undefined;
  delete store[TEST_SERVICES_KEY];
  await state?.stop();
}

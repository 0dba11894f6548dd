import path from 'node:path';
import { appEnvironmentSchema, ConfigError, parseEnvironment } from './environment.js';
import type { RateLimits, TrustProxy } from './limits.js';

/** Settings shared by the api and the worker, read once from the environment. */
export interface AcademyConfig {
  port: number;
  /** Address the api listens on. */
  host: string;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string;
  publicBaseUrl: string;
  jwtSecret: string;
  tokenTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  /** The seeded account of the coalition's academy team (role `platform`). */
  platformAdminEmail: string;
  platformAdminPassword: string;
  /** The seeded administrator of Dublin. */
  dublinAdminEmail: string;
  dublinAdminPassword: string;
  smtpUrl: string | null;
  workerConcurrency: number;
  importMaxBytes: number;
  /** Largest evidence file (PDF or image) a learner may upload. */
  submissionMaxBytes: number;
  /** How long a mailed invitation link works (hours). */
  invitationTtlHours: number;
  /** How long a mailed password-reset link works (minutes). */
  passwordResetTtlMinutes: number;
  /** How long Redis keeps an account's state for the per-request check (seconds). */
  accountCacheTtlSeconds: number;
  /**
   * Whether every authenticated request checks the account (active, token version, role,
   * city). Always true from the environment; only bench/account-check.ts turns it off, in
   * code, to measure what the check costs.
   */
  accountCheck: boolean;
  /** Every request limit (login, mailed tokens, verification, check-in), shared through Redis. */
  rateLimits: RateLimits;
  /** Whose X-Forwarded-For header names the client (Express's `trust proxy`); false: nobody's. */
  trustProxy: TrustProxy;
  /** BullMQ key prefix; lets several academies (or test files) share one Redis. */
  queuePrefix: string;
  /** How often each worker's reconciler runs (ms). */
  reconcileIntervalMs: number;
  /** The bearer token of GET /metrics; null: /metrics is off. */
  metricsToken: string | null;
  runMigrations: boolean;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@tirana.example';
export const DEFAULT_ADMIN_PASSWORD = 'academy-admin-2023';
export const DEFAULT_PLATFORM_ADMIN_EMAIL = 'academy@coalition.example';
export const DEFAULT_PLATFORM_ADMIN_PASSWORD = 'academy-platform-2023';
export const DEFAULT_DUBLIN_ADMIN_EMAIL = 'admin@dublin.example';
export const DEFAULT_DUBLIN_ADMIN_PASSWORD = 'academy-dublin-2023';

/** The accounts the seed creates when missing (it never changes an existing one). */
export interface SeedAccounts {
  admin: { email: string; password: string };
  platform: { email: string; password: string };
  dublinAdmin: { email: string; password: string };
}

export const DEFAULT_SEED_ACCOUNTS: SeedAccounts = {
  admin: { email: DEFAULT_ADMIN_EMAIL, password: DEFAULT_ADMIN_PASSWORD },
  platform: { email: DEFAULT_PLATFORM_ADMIN_EMAIL, password: DEFAULT_PLATFORM_ADMIN_PASSWORD },
  dublinAdmin: { email: DEFAULT_DUBLIN_ADMIN_EMAIL, password: DEFAULT_DUBLIN_ADMIN_PASSWORD },
};

/** The seeded accounts of a configuration. */
export const seedAccounts = (c: AcademyConfig): SeedAccounts => ({
  admin: { email: c.adminEmail, password: c.adminPassword },
  platform: { email: c.platformAdminEmail, password: c.platformAdminPassword },
  dublinAdmin: { email: c.dublinAdminEmail, password: c.dublinAdminPassword },
});

export const ACADEMY_CONFIG = Symbol('ACADEMY_CONFIG');

/** The base of links printed in mails and QR codes: PUBLIC_BASE_URL, else this machine's port. */
export function publicBaseUrl(configured: string | undefined, port: number): string {
  return (configured ?? `http://localhost:${port}`).replace(/\/+$/, '');
}

/** The api's and the worker's settings; a bad or missing variable throws a {@link ConfigError}. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AcademyConfig {
  const e = parseEnvironment(appEnvironmentSchema, env);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR ?? '.data'),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicBaseUrl: publicBaseUrl(e.PUBLIC_BASE_URL, e.PORT),
    jwtSecret: e.JWT_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    adminEmail: (e.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
    platformAdminEmail: (e.PLATFORM_ADMIN_EMAIL ?? DEFAULT_PLATFORM_ADMIN_EMAIL).toLowerCase(),
    platformAdminPassword: e.PLATFORM_ADMIN_PASSWORD ?? DEFAULT_PLATFORM_ADMIN_PASSWORD,
    dublinAdminEmail: (e.DUBLIN_ADMIN_EMAIL ?? DEFAULT_DUBLIN_ADMIN_EMAIL).toLowerCase(),
    dublinAdminPassword: e.DUBLIN_ADMIN_PASSWORD ?? DEFAULT_DUBLIN_ADMIN_PASSWORD,
    smtpUrl: e.SMTP_URL ?? null,
    workerConcurrency: e.WORKER_CONCURRENCY,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    submissionMaxBytes: e.SUBMISSION_MAX_BYTES,
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
    accountCacheTtlSeconds: e.ACCOUNT_CACHE_TTL_SECONDS,
    accountCheck: true,
    rateLimits: {
      loginPerAccount: e.LOGIN_LIMIT_PER_ACCOUNT,
      loginPerAddress: e.LOGIN_LIMIT_PER_ADDRESS,
      tokenPerAddress: e.TOKEN_LIMIT_PER_ADDRESS,
      resetRequestPerAddress: e.RESET_LIMIT_PER_ADDRESS,
      verifyPerAddress: e.VERIFY_LIMIT_PER_ADDRESS,
      checkinPerLearner: e.CHECKIN_LIMIT_PER_LEARNER,
    },
    trustProxy: e.TRUST_PROXY,
    queuePrefix: e.QUEUE_PREFIX,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    metricsToken: e.METRICS_TOKEN ?? null,
    runMigrations: e.MIGRATIONS_RUN === 'true',
  };
}

/** For a process entry point: the configuration, or one line per bad variable on stderr and exit code 2. */
export function loadConfigOrExit(app: string, env: NodeJS.ProcessEnv = process.env): AcademyConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const problem of e.problems) console.error(`${app}: ${problem}`);
      process.exit(2);
    }
    throw e;
  }
}

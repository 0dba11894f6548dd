import path from 'node:path';

/** Settings shared by the api and the worker, read once from the environment. */
export interface AcademyConfig {
  port: number;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string;
  publicBaseUrl: string;
  jwtSecret: string;
  tokenTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  smtpUrl: string | null;
  workerConcurrency: number;
  importMaxBytes: number;
  /** Largest evidence file (PDF or image) a learner may upload. */
  submissionMaxBytes: number;
  /** Login attempts a minute per address and e-mail. */
  loginRateLimit: number;
  /** BullMQ key prefix; lets several academies (or test files) share one Redis. */
  queuePrefix: string;
  runMigrations: boolean;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@tirana.example';
export const DEFAULT_ADMIN_PASSWORD = 'academy-admin-2023';

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}: "${raw}" must be a whole number between ${min} and ${max}`);
  }
  return n;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[], required: boolean): string | null {
  const raw = env[name];
  if (!raw) {
    if (required) throw new ConfigError(`${name} is required (e.g. ${protocols[0]}//host:port)`);
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: "${raw}" is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name}: expected a ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AcademyConfig {
  const port = int(env, 'PORT', 3000, 1, 65535);
  const jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret.length < 16) throw new ConfigError('JWT_SECRET must be set to at least 16 characters');
  const publicBaseUrl = (url(env, 'PUBLIC_BASE_URL', ['http:', 'https:'], false) ?? `http://localhost:${port}`)
    .replace(/\/+$/, '');
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], true)!,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], true)!,
    publicBaseUrl,
    jwtSecret,
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    adminEmail: (env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL).toLowerCase(),
    adminPassword: env.ADMIN_PASSWORD || DEFAULT_ADMIN_PASSWORD,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:'], false),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 8, 1, 256),
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    submissionMaxBytes: int(env, 'SUBMISSION_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    loginRateLimit: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 100_000),
    queuePrefix: env.QUEUE_PREFIX || 'academy',
    runMigrations: env.MIGRATIONS_RUN !== 'false',
  };
}

export const ACADEMY_CONFIG = Symbol('ACADEMY_CONFIG');

/** For a process entry point: the configuration, or one line on stderr and exit code 2. */
export function loadConfigOrExit(app: string, env: NodeJS.ProcessEnv = process.env): AcademyConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`${app}: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

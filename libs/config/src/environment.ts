import { z } from 'zod';
import { RATE_LIMIT_VARIABLES, rateLimit, trustProxy } from './limits.js';

/**
 * Every environment variable the academy reads, in one zod schema shared by the launcher
 * (`npm start`), the api and the worker. An empty value counts as unset. A bad value is
 * refused before anything starts, with one line per variable that names it and says what
 * it should be (never echoing a URL or a secret, which may carry a password).
 */

const PINO_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const wholeNumber = (name: string, min: number, max: number) => {
  const message = (raw: unknown) => `${name} must be a whole number from ${min} to ${max} (got "${String(raw)}")`;
  return z
    .string()
    .regex(/^\d+$/, { error: (issue) => message(issue.input) })
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, { error: (issue) => message(issue.input) });
};

/** `required`: the hint shown when the variable is missing; without it the variable is optional. */
function url(name: string, protocols: string[]): z.ZodOptional<z.ZodURL>;
function url(name: string, protocols: string[], required: string): z.ZodURL;
function url(name: string, protocols: string[], required?: string) {
  const schemes = protocols.map((p) => `${p}://`).join(' or ');
  const schema = z.url({
    protocol: new RegExp(`^(${protocols.join('|')})$`),
    error: (issue) =>
      issue.input === undefined
        ? `${name} is required (${required})`
        : `${name} must be a URL starting with ${schemes} (e.g. ${protocols[0]}://host:port)`,
  });
  return required ? schema : schema.optional();
}

function secret(name: string, min: number): z.ZodOptional<z.ZodString>;
function secret(name: string, min: number, required: string): z.ZodString;
function secret(name: string, min: number, required?: string) {
  const schema = z
    .string({ error: () => `${name} is required (${required})` })
    .min(min, { error: `${name} must be at least ${min} characters long` });
  return required ? schema : schema.optional();
}

/** The variables read by every process; optional ones may be left unset. */
export const environmentSchema = z.object({
  PORT: wholeNumber('PORT', 1, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: url('DATABASE_URL', ['postgres', 'postgresql']),
  REDIS_URL: url('REDIS_URL', ['redis', 'rediss']),
  PUBLIC_BASE_URL: url('PUBLIC_BASE_URL', ['http', 'https']),
  JWT_SECRET: secret('JWT_SECRET', 16),
  TOKEN_TTL_SECONDS: wholeNumber('TOKEN_TTL_SECONDS', 60, 30 * 24 * 3600).default(8 * 3600),
  ADMIN_EMAIL: z.email({ error: 'ADMIN_EMAIL must be an e-mail address' }).optional(),
  ADMIN_PASSWORD: z.string().optional(),
  /** The coalition's academy team (role `platform`), seeded once with this e-mail and password. */
  PLATFORM_ADMIN_EMAIL: z.email({ error: 'PLATFORM_ADMIN_EMAIL must be an e-mail address' }).optional(),
  PLATFORM_ADMIN_PASSWORD: z.string().optional(),
  /** Dublin's administrator, seeded once with this e-mail and password. */
  DUBLIN_ADMIN_EMAIL: z.email({ error: 'DUBLIN_ADMIN_EMAIL must be an e-mail address' }).optional(),
  DUBLIN_ADMIN_PASSWORD: z.string().optional(),
  SMTP_URL: url('SMTP_URL', ['smtp', 'smtps']),
  WORKERS: wholeNumber('WORKERS', 0, 64).default(1),
  /** api processes `npm start` runs on the one PORT (the launcher shares the socket among them). */
  API_PROCESSES: wholeNumber('API_PROCESSES', 1, 64).default(1),
  WORKER_CONCURRENCY: wholeNumber('WORKER_CONCURRENCY', 1, 256).default(8),
  IMPORT_MAX_BYTES: wholeNumber('IMPORT_MAX_BYTES', 1024, 512 * 1024 * 1024).default(20 * 1024 * 1024),
  SUBMISSION_MAX_BYTES: wholeNumber('SUBMISSION_MAX_BYTES', 1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** How long a mailed invitation link works. */
  INVITATION_TTL_HOURS: wholeNumber('INVITATION_TTL_HOURS', 1, 90 * 24).default(14 * 24),
  /** How long a mailed password-reset link works. */
  PASSWORD_RESET_TTL_MINUTES: wholeNumber('PASSWORD_RESET_TTL_MINUTES', 5, 24 * 60).default(60),
  /** How long Redis keeps an account's state for the per-request check (every change replaces it at once). */
  ACCOUNT_CACHE_TTL_SECONDS: wholeNumber('ACCOUNT_CACHE_TTL_SECONDS', 1, 3600).default(60),
  /** `<count>/<window>` limits, counted in Redis by every api instance together (see limits.ts). */
  LOGIN_LIMIT_PER_ACCOUNT: rateLimit('LOGIN_LIMIT_PER_ACCOUNT', RATE_LIMIT_VARIABLES.LOGIN_LIMIT_PER_ACCOUNT),
  LOGIN_LIMIT_PER_ADDRESS: rateLimit('LOGIN_LIMIT_PER_ADDRESS', RATE_LIMIT_VARIABLES.LOGIN_LIMIT_PER_ADDRESS),
  TOKEN_LIMIT_PER_ADDRESS: rateLimit('TOKEN_LIMIT_PER_ADDRESS', RATE_LIMIT_VARIABLES.TOKEN_LIMIT_PER_ADDRESS),
  RESET_LIMIT_PER_ADDRESS: rateLimit('RESET_LIMIT_PER_ADDRESS', RATE_LIMIT_VARIABLES.RESET_LIMIT_PER_ADDRESS),
  VERIFY_LIMIT_PER_ADDRESS: rateLimit('VERIFY_LIMIT_PER_ADDRESS', RATE_LIMIT_VARIABLES.VERIFY_LIMIT_PER_ADDRESS),
  CHECKIN_LIMIT_PER_LEARNER: rateLimit('CHECKIN_LIMIT_PER_LEARNER', RATE_LIMIT_VARIABLES.CHECKIN_LIMIT_PER_LEARNER),
  /** Whose X-Forwarded-For to believe; unset: nobody's. */
  TRUST_PROXY: trustProxy,
  /** BullMQ key prefix; lets several academies (or test files) share one Redis. */
  QUEUE_PREFIX: z.string().default('academy'),
  /** How often each worker's reconciler delivers the outbox and asks again for lost evaluations. */
  RECONCILE_INTERVAL_MS: wholeNumber('RECONCILE_INTERVAL_MS', 100, 3_600_000).default(10_000),
  /** Bearer token a Prometheus scraper sends to GET /metrics; without it /metrics answers 404. */
  METRICS_TOKEN: secret('METRICS_TOKEN', 16),
  MIGRATIONS_RUN: z
    .enum(['true', 'false'], { error: (issue) => `MIGRATIONS_RUN must be true or false (got "${String(issue.input)}")` })
    .default('true'),
  /** Read by each process's logger itself; validated here so a typo is refused at start. */
  LOG_LEVEL: z
    .enum(PINO_LEVELS, { error: (issue) => `LOG_LEVEL must be one of ${PINO_LEVELS.join(', ')} (got "${String(issue.input)}")` })
    .optional(),
  /** `npm start` only: run these programs instead of the built api and worker. */
  ACADEMY_API_ENTRY: z.string().optional(),
  ACADEMY_WORKER_ENTRY: z.string().optional(),
});

/** The api and the worker: the launcher (or the operator) gives them their servers and secret. */
export const appEnvironmentSchema = environmentSchema.extend({
  DATABASE_URL: url('DATABASE_URL', ['postgres', 'postgresql'], 'e.g. postgres://host:port/academy'),
  REDIS_URL: url('REDIS_URL', ['redis', 'rediss'], 'e.g. redis://host:port'),
  JWT_SECRET: secret('JWT_SECRET', 16, 'at least 16 characters, the same on every machine'),
});

export type Environment = z.output<typeof environmentSchema>;
export type AppEnvironment = z.output<typeof appEnvironmentSchema>;

/** A bad setting; its message holds one line per bad variable, meant for the person starting the academy. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const SECRETS = new Set(['JWT_SECRET', 'ADMIN_PASSWORD', 'PLATFORM_ADMIN_PASSWORD', 'DUBLIN_ADMIN_PASSWORD', 'METRICS_TOKEN']);

/** Parses the environment with one of the schemas above; empty values count as unset. */
export function parseEnvironment<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const present: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value === undefined || value.trim() === '') continue;
    // Secrets are taken as given; everything else without surrounding white space.
    present[key] = SECRETS.has(key) ? value : value.trim();
  }
  const result = schema.safeParse(present);
  if (!result.success) throw new ConfigError([...new Set(result.error.issues.map((issue) => issue.message))]);
  return result.data;
}

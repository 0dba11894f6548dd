import path from 'node:path';

/** A bad setting; its message is a single line meant for the person starting the academy. */
export class LauncherConfigError extends Error {}

export interface LauncherConfig {
  /** HTTP port of the api. */
  port: number;
  /** Absolute; holds postgres/, redis/, jwt-secret and whatever the apps store. */
  dataDir: string;
  /** External PostgreSQL; when unset an embedded server is started in DATA_DIR/postgres. */
  databaseUrl?: string;
  /** External Redis; when unset a redis-server is started in DATA_DIR/redis. */
  redisUrl?: string;
  publicBaseUrl: string;
  workers: number;
  /** When unset, one is generated and kept in DATA_DIR/jwt-secret. */
  jwtSecret?: string;
  apiEntry: string;
  workerEntry: string;
}

const MAX_WORKERS = 64;

export function readLauncherConfig(env: NodeJS.ProcessEnv, cwd: string, projectRoot: string): LauncherConfig {
  const port = wholeNumber(env, 'PORT', 3000, 1, 65535);
  return {
    port,
    dataDir: path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? path.join(projectRoot, '.data')),
    databaseUrl: optionalUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: optionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    publicBaseUrl: (optionalUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    workers: wholeNumber(env, 'WORKERS', 1, 0, MAX_WORKERS),
    jwtSecret: jwtSecret(env),
    // Handy for trying the launcher with stand-in programs; resolved from the current directory.
    apiEntry: path.resolve(cwd, nonEmpty(env.ACADEMY_API_ENTRY) ?? path.join(projectRoot, 'dist/apps/api/src/main.js')),
    workerEntry: path.resolve(cwd, nonEmpty(env.ACADEMY_WORKER_ENTRY) ?? path.join(projectRoot, 'dist/apps/worker/src/main.js')),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new LauncherConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function optionalUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new LauncherConfigError(`${name} is not a valid URL (expected e.g. ${protocols[0]}//host:port)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new LauncherConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${parsed.protocol}//…")`);
  }
  return raw;
}

function jwtSecret(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.JWT_SECRET;
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) {
    throw new LauncherConfigError('JWT_SECRET must be at least 16 characters long (or unset it to have one generated and kept in DATA_DIR)');
  }
  return raw;
}

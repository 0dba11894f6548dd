import path from 'node:path';
import { ConfigError, environmentSchema, parseEnvironment, publicBaseUrl } from '@academy/config';

/** A bad setting; its message is meant for the person starting the academy. */
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
  /** api processes sharing PORT. */
  apiProcesses: number;
  /** When unset, one is generated and kept in DATA_DIR/jwt-secret. */
  jwtSecret?: string;
  apiEntry: string;
  workerEntry: string;
}

/**
 * The launcher's view of the academy's one environment schema (@academy/config): the same
 * variables and checks as the api and the worker, with what the launcher provides itself
 * (servers, a secret) left optional. Relative paths are taken from the current directory.
 */
export function readLauncherConfig(env: NodeJS.ProcessEnv, cwd: string, projectRoot: string): LauncherConfig {
  let e;
  try {
    e = parseEnvironment(environmentSchema, env);
  } catch (err) {
    if (err instanceof ConfigError) throw new LauncherConfigError(err.message);
    throw err;
  }
  return {
    port: e.PORT,
    dataDir: path.resolve(cwd, e.DATA_DIR ?? path.join(projectRoot, '.data')),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicBaseUrl: publicBaseUrl(e.PUBLIC_BASE_URL, e.PORT),
    workers: e.WORKERS,
    apiProcesses: e.API_PROCESSES,
    jwtSecret: e.JWT_SECRET,
    // Handy for trying the launcher with stand-in programs.
    apiEntry: path.resolve(cwd, e.ACADEMY_API_ENTRY ?? path.join(projectRoot, 'dist/apps/api/src/main.js')),
    workerEntry: path.resolve(cwd, e.ACADEMY_WORKER_ENTRY ?? path.join(projectRoot, 'dist/apps/worker/src/main.js')),
  };
}

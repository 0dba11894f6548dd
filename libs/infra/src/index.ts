export { freePort, isPortFree, onFreePort } from './ports.js';
export {
  startEmbeddedPostgres,
  stopStalePostgres,
  ensureDatabase,
  databaseUrl,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './postgres.js';
export { startRedis, stopStaleRedis, ensureRedisServer, waitForRedis, type RedisOptions, type RedisServer } from './redis.js';
export {
  StopPriority,
  installShutdownHandlers,
  trackForShutdown,
  stopAllTracked,
  shutdown,
  isShuttingDown,
  exitOf,
  describeExit,
  terminate,
  terminatePid,
  isAlive,
  processName,
  type ExitInfo,
  type RunningServer,
  type Stoppable,
  type ShutdownOptions,
} from './processes.js';
export { mkdirs, writeFileAtomic } from './files.js';
export {
  CrashHistory,
  DEFAULT_RESTART_POLICY,
  describeCrash,
  Supervised,
  type Incarnation,
  type RestartPolicy,
  type SupervisedOptions,
} from './supervisor.js';
export { dieWithParent } from './parent-death.js';
export { hurryShutdown, limitShutdownTime } from './stop-deadline.js';
export { ensureExecutable, findExecutable } from './executables.js';
export { ensureChromium, CHROMIUM_ARGS } from './chromium.js';

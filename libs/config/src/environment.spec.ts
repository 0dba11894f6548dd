import { ConfigError, loadConfig } from './index.js';

const base = {
  DATABASE_URL: 'postgres://academy@127.0.0.1:5432/academy',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-secret-of-enough-length',
};

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...base, ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('the environment schema', () => {
  it('gives the documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 3000, host: '0.0.0.0', publicBaseUrl: 'http://localhost:3000', tokenTtlSeconds: 28800, smtpUrl: null,
      workerConcurrency: 8, importMaxBytes: 20 * 1024 * 1024, submissionMaxBytes: 10 * 1024 * 1024, loginRateLimit: 10,
      queuePrefix: 'academy', runMigrations: true, adminEmail: 'admin@tirana.example',
      reconcileIntervalMs: 10_000, metricsToken: null,
    });
  });

  it('takes the reconciler interval and the metrics token, refusing a short token', () => {
    expect(loadConfig({ ...base, RECONCILE_INTERVAL_MS: '2500', METRICS_TOKEN: 'a-scraper-token-of-length' })).toMatchObject({
      reconcileIntervalMs: 2500, metricsToken: 'a-scraper-token-of-length',
    });
    expect(problems({ METRICS_TOKEN: 'short', RECONCILE_INTERVAL_MS: 'often' })).toEqual([
      'RECONCILE_INTERVAL_MS must be a whole number from 100 to 3600000 (got "often")',
      'METRICS_TOKEN must be at least 16 characters long',
    ]);
  });

  it('treats empty values as unset and trims them', () => {
    expect(loadConfig({ ...base, PORT: ' 3101 ', SMTP_URL: '', PUBLIC_BASE_URL: 'https://academy.example/' })).toMatchObject({
      port: 3101, smtpUrl: null, publicBaseUrl: 'https://academy.example',
    });
  });

  it('names each bad variable on a line of its own', () => {
    expect(problems({ PORT: 'abc', WORKER_CONCURRENCY: '0', MIGRATIONS_RUN: 'maybe' })).toEqual([
      'PORT must be a whole number from 1 to 65535 (got "abc")',
      'WORKER_CONCURRENCY must be a whole number from 1 to 256 (got "0")',
      'MIGRATIONS_RUN must be true or false (got "maybe")',
    ]);
  });

  it('says what a missing or malformed server URL should look like, without echoing it', () => {
    const { DATABASE_URL: _, ...rest } = base;
    expect(() => loadConfig(rest)).toThrow('DATABASE_URL is required (e.g. postgres://host:port/academy)');
    const [line] = problems({ REDIS_URL: 'http://user:secret@host' });
    expect(line).toBe('REDIS_URL must be a URL starting with redis:// or rediss:// (e.g. redis://host:port)');
    expect(line).not.toContain('secret');
  });

  it('refuses a short signing secret and a log level pino does not know', () => {
    expect(problems({ JWT_SECRET: 'short', LOG_LEVEL: 'verbose' })).toEqual([
      'JWT_SECRET must be at least 16 characters long',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ]);
  });
});

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
      workerConcurrency: 8, importMaxBytes: 20 * 1024 * 1024, submissionMaxBytes: 10 * 1024 * 1024,
      queuePrefix: 'academy', runMigrations: true, adminEmail: 'admin@tirana.example',
      reconcileIntervalMs: 10_000, metricsToken: null, trustProxy: false,
      rateLimits: {
        loginPerAccount: { points: 10, windowSeconds: 900 },
        loginPerAddress: { points: 20, windowSeconds: 900 },
        tokenPerAddress: { points: 10, windowSeconds: 900 },
        resetRequestPerAddress: { points: 5, windowSeconds: 900 },
        verifyPerAddress: { points: 60, windowSeconds: 60 },
        checkinPerLearner: { points: 5, windowSeconds: 600 },
      },
    });
  });

  it('reads limits as <count>/<window> and refuses anything else', () => {
    expect(loadConfig({ ...base, LOGIN_LIMIT_PER_ADDRESS: '100 / 1h', VERIFY_LIMIT_PER_ADDRESS: '5/30s' }).rateLimits).toMatchObject({
      loginPerAddress: { points: 100, windowSeconds: 3600 }, verifyPerAddress: { points: 5, windowSeconds: 30 },
    });
    expect(problems({ LOGIN_LIMIT_PER_ACCOUNT: '10', TOKEN_LIMIT_PER_ADDRESS: '0/1m', RESET_LIMIT_PER_ADDRESS: '3/2d' })).toEqual([
      'LOGIN_LIMIT_PER_ACCOUNT must be <count>/<window> such as 10/15m (window in s, m or h, at most 24h) (got "10")',
      'TOKEN_LIMIT_PER_ADDRESS must be <count>/<window> such as 10/15m (window in s, m or h, at most 24h) (got "0/1m")',
      'RESET_LIMIT_PER_ADDRESS must be <count>/<window> such as 10/15m (window in s, m or h, at most 24h) (got "3/2d")',
    ]);
  });

  it('trusts X-Forwarded-For only as TRUST_PROXY says: hops, or proxies by address', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).trustProxy).toEqual([
      'loopback', '10.0.0.0/8', '2001:db8::1',
    ]);
    expect(problems({ TRUST_PROXY: 'true' })).toEqual([
      'TRUST_PROXY must be a number of proxy hops, or a comma-separated list of proxy addresses, subnets ' +
        'or loopback/linklocal/uniquelocal (not understood: "true")',
    ]);
    expect(problems({ TRUST_PROXY: '10.0.0.0/33' })).toHaveLength(1);
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

export * from './connection.js';
export * from './redis.js';
export * from './redis.module.js';
export * from './rate-limiter.js';

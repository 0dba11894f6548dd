export * from './job-failures.js';
export * from './job-gateway.js';
export * from './job-handlers.js';
export * from './jobs.js';
export * from './policy.js';
export * from './queue.module.js';
export * from './queue.tables.js';
export * from './timeout.js';

export * from './statistics.module.js';
export * from './statistics.service.js';

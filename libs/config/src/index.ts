export * from './config.js';
export * from './config.module.js';
export * from './environment.js';
export * from './limits.js';

export * from './evidence.module.js';
export * from './evidence.service.js';
export * from './evidence.tables.js';

export * from './audit.module.js';
export * from './audit.service.js';
export * from './audit.tables.js';

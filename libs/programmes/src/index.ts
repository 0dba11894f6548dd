export * from './programmes.module.js';
export * from './programmes.service.js';
export * from './my-programmes.service.js';
export * from './reevaluation.service.js';
export * from './programme-access.js';
export * from './programmes.tables.js';
export * from './selection-criteria.js';
export * from './programme-modules.service.js';

export * from './rule-sets.module.js';
export * from './rule-sets.service.js';
export * from './rule-sets.tables.js';

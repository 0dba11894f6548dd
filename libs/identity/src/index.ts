export * from './cities.service.js';
export * from './identity.module.js';
export * from './users.service.js';
export * from './identity.tables.js';
export * from './passwords.js';

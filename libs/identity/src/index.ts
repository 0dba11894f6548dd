export * from './identity.module.js';
export * from './users.service.js';
export * from './identity.tables.js';
export * from './passwords.js';
export * from './account-state.service.js';
export * from './accounts.service.js';
export * from './password-changes.service.js';
export * from './password-policy.js';

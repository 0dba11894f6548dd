export * from './sessions.module.js';
export * from './sessions.service.js';
export * from './sessions.tables.js';
export * from './session-access.js';
export * from './local-time.js';
export * from './my-sessions.service.js';

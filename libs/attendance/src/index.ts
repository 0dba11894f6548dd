export * from './attendance.module.js';
export * from './attendance.service.js';
export * from './attendance-import.service.js';
export * from './vc-import.service.js';
export * from './attendance.tables.js';

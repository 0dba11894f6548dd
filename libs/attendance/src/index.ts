export * from './attendance.module.js';
export * from './attendance.service.js';
export * from './attendance-import.service.js';
export * from './video-conference/vc-import.service.js';
export * from './video-conference/vc-report.js';
export * from './video-conference/vc-review.service.js';
export * from './attendance.tables.js';
export * from './import-policy.js';

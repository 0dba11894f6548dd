export * from './self-paced.module.js';
export * from './lessons.service.js';
export * from './knowledge-checks.service.js';
export * from './self-paced-progress.service.js';
export * from './self-paced-access.js';
export * from './self-paced.tables.js';

export * from './surveys.module.js';
export * from './surveys.service.js';
export * from './needs-assessment.js';
export * from './surveys.tables.js';

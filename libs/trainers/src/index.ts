export * from './trainers.module.js';
export * from './trainer-record.service.js';

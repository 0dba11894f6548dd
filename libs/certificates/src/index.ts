export * from './certificates.module.js';
export * from './certificate-issuer.service.js';
export * from './certificates.service.js';
export * from './dry-run.service.js';
export * from './certificates.tables.js';
export * from './revocation.js';
export * from './verification-page.service.js';

export * from './mail.module.js';
export * from './invitations.service.js';
export * from './mail.tables.js';
export * from './password-reset-mail.service.js';

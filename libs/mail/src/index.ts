export * from './mail.module.js';
export * from './invitations.service.js';

export * from './catalogue-editor.service.js';
export * from './catalogue.module.js';
export * from './catalogue.service.js';
export * from './catalogue.tables.js';

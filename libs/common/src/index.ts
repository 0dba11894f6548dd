/** The vocabulary every room shares: who is calling, the errors the domain raises, pages, time zones. No Nest, no I/O. */
export * from './actor.js';
export * from './domain-error.js';
export * from './languages.js';
export * from './pagination.js';
export * from './queryable.js';
export * from './time.js';

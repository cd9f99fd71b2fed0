// Lint: typescript-eslint's type-checked rules where they catch real bugs (a promise nobody awaits, an async
// handler where a sync one is expected, a switch that forgets a case); layout is Prettier's job, so
// eslint-config-prettier turns every formatting rule off. `npm run lint` runs this with --max-warnings 0.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/', 'coverage/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One TypeScript program for every file: the root tsconfig includes bench/ too (a second program for
      // bench/tsconfig.json cost a quarter of the lint's time).
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Off: async methods that implement a Promise-returning interface (the Sql seam, hooks) need no await.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Plain JavaScript (this file, the .mjs scripts, the service worker) is in no tsconfig: syntax rules only.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['dashboard/**', 'kiosk/**', 'shared/browser/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['shared/browser/page-sw.js'],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ['server/**', 'scripts/**', 'bench/**', 'tests/**', '*.ts', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Playwright's page.evaluate callbacks run in the browser.
    files: ['tests/e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    // A fixture with no dependencies is written `async ({}, use)`: Playwright reads the pattern.
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    // Tests and bench clients read HTTP and socket replies as untyped JSON and say what they expect in their assertions; typing
    // every reply there would restate the contract without catching more. Production code keeps these rules.
    files: ['tests/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);

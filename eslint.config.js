// One lint setup for the whole monorepo. Rules a tool can check live here,
// not in prose: package boundaries (CONTRIBUTING.md "Package boundaries") and
// no `export *` in a package's index (CONTRIBUTING.md "Public surface").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noRelativeIntoPackages = {
  group: ['../../packages/*', '../../../packages/*', '**/packages/*/src/*'],
  message: 'Import another package by its name and exports, never by a relative path into its src (CONTRIBUTING.md#package-boundaries).',
};

/** Files under `dir` may import only the listed workspace packages. */
const allowOnly = (dir, allowed) => ({
  files: [`${dir}/**/*.{ts,tsx,mts,js,mjs}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          noRelativeIntoPackages,
          {
            regex: `^@attention-lab/(?!(${allowed.join('|') || '__none__'})(/|$))`,
            message: `${dir} ${allowed.length ? 'may import only ' + allowed.map((a) => '@attention-lab/' + a).join(', ') : 'may import no other @attention-lab package'} (CONTRIBUTING.md#package-boundaries).`,
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.astro/**', '**/.turbo/**', '.tools/**', '**/test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', globalThis: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // TypeScript checks names in .ts files and in the site's examples (// @ts-check);
    // tests and benches driving a page run code in the browser.
    files: ['**/*.ts', '**/e2e/**/*.mjs', 'apps/site/bench/**/*.mjs', 'apps/site/src/examples/**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  allowOnly('packages/core', []),
  allowOnly('packages/datasets', ['core']),
  allowOnly('packages/models', ['core', 'datasets']),
  allowOnly('packages/viz', []),
  {
    // A fixture is a user's app, which may import every package by name (as apps/site does).
    files: ['packages/*/e2e/fixtures/**/*.{ts,tsx,mts,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRelativeIntoPackages] }] },
  },
  {
    files: ['packages/*/src/index.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name every export in index.ts, no export * (CONTRIBUTING.md#public-surface).' }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noRelativeIntoPackages, { regex: '^(?!@tensorflow/tfjs$|\\./|\\.\\./)', message: 'core imports only @tensorflow/tfjs (CONTRIBUTING.md#package-boundaries).' }],
        },
      ],
    },
  },
);

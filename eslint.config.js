import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * Workflow code must stay deterministic: no Node built-ins, no service or
 * database libraries, no activity implementations (only `import type`).
 */
const forbiddenInWorkflows = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  '@nats-io/*', '@mikro-orm/*', 'pg', 'express', 'playwright-core', 'ejs', '@temporalio/client', '@temporalio/worker', '@temporalio/activity',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code and its tests, linted with type information: a promise nobody awaits in a
    // workflow is work nobody waits for (and an error nobody sees); in a test it is a check that never runs.
    files: ['workflows/src/workflows/**/*.ts', 'workflows/src/sale.contract.ts', 'test/workflows/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `void promise` is fire-and-forget too: not allowed either.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['workflows/src/workflows/**/*.ts', 'workflows/src/sale.contract.ts', 'test/workflows/changed/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: forbiddenInWorkflows, message: 'Workflow code must be deterministic: do side effects in activities.' },
          { group: ['**/activities/**'], message: 'Import activities only as types (import type).', allowTypeImports: true },
        ],
      }],
    },
  },
);

import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Workflow code must stay deterministic: no Node built-ins, no service or
 * database libraries, no activity implementations (only `import type`).
 */
const forbiddenInWorkflows = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  '@nats-io/*',
  '@mikro-orm/*',
  'pg',
  'express',
  'playwright-core',
  'ejs',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

/** Where a relative import lands, from the repository root ('shared/money.ts'); null for a package. */
function importTarget(filename, source) {
  if (!source.startsWith('.') && !path.isAbsolute(source)) return null;
  return path
    .relative(import.meta.dirname, path.resolve(path.dirname(filename), source))
    .split(path.sep)
    .join('/');
}

/**
 * Import zones by resolved path, so that `../../quote/src/x.ts` and
 * `../../../services/quote/src/x.ts` are the same import. `allow` and `forbid`
 * list folders (ending in '/') or files from the repository root; packages are
 * not checked here. Type-only imports count too: a type from another service
 * is still that service's internals.
 */
const importZones = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports of a part of the repository inside its allowed zone' },
    schema: [
      {
        type: 'object',
        properties: {
          allow: { type: 'array', items: { type: 'string' } },
          forbid: { type: 'array', items: { type: 'string' } },
          reason: { type: 'string' },
        },
        required: ['reason'],
        additionalProperties: false,
      },
    ],
    messages: { outside: "'{{target}}' may not be imported here: {{reason}}" },
  },
  create(context) {
    const { allow, forbid = [], reason } = context.options[0];
    const within = (target, places) => places.some((p) => (p.endsWith('/') ? target.startsWith(p) : target === p));
    const check = (node) => {
      const source = node.source;
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const target = importTarget(context.filename, source.value);
      if (target === null) return;
      if ((allow && !within(target, allow)) || within(target, forbid)) {
        context.report({ node: source, messageId: 'outside', data: { target, reason } });
      }
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check, ImportExpression: check };
  },
};

const kontor = { rules: { 'import-zones': importZones } };

/** A service imports shared/ and its own folder, never another service: it asks the owner over NATS. */
const serviceZones = readdirSync(path.join(import.meta.dirname, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map(({ name }) => ({
    files: [`services/${name}/**/*.ts`],
    plugins: { kontor },
    rules: {
      'kontor/import-zones': [
        'error',
        {
          // The gateway drives sales through Temporal, so it also knows the sale workflow's contract.
          allow: ['shared/', `services/${name}/`, ...(name === 'gateway' ? ['workflows/src/sale.contract.ts'] : [])],
          reason:
            name === 'gateway'
              ? 'the gateway imports shared/, its own folder and workflows/src/sale.contract.ts only; move contracts to shared/contracts/'
              : `services/${name} imports shared/ and its own folder only; ask the owning service over NATS (contracts in shared/contracts/)`,
        },
      ],
    },
  }));

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
    plugins: { kontor },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: forbiddenInWorkflows, message: 'Workflow code must be deterministic: do side effects in activities.' },
            { group: ['**/activities/**'], message: 'Import activities only as types (import type).', allowTypeImports: true },
          ],
        },
      ],
      'kontor/import-zones': [
        'error',
        {
          forbid: ['shared/db/', 'shared/nats/', 'shared/service-host.ts', 'shared/config.ts', 'services/'],
          reason: 'workflow code imports only workflow-safe modules: no database, NATS, service host, process configuration or service code',
        },
      ],
    },
  },
  ...serviceZones,
  {
    // The staff web app reads and writes through the REST API only: never NATS or another service's data.
    // Its one table (sign-in sessions, schema `web`) it opens itself with MikroORM (services/web/src/db.ts).
    files: ['services/web/**/*.ts'],
    plugins: { kontor },
    rules: {
      'kontor/import-zones': [
        'error',
        { allow: ['services/web/', 'shared/contracts/'], reason: 'the web app talks to the REST API only; it may import contract constants, nothing else' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    plugins: { kontor },
    rules: {
      'kontor/import-zones': ['error', { allow: ['shared/'], reason: 'shared/ is used by every context and imports nothing outside shared/' }],
    },
  },
);

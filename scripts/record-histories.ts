import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';

/**
 * Re-records the determinism gate's histories (test/workflows/histories/):
 * runs the workflow behaviour tests with RECORD_HISTORIES=1, each of which
 * writes the history of its path. Run after a deliberate, patched() change and
 * commit the files. No running system needed: the tests bring their own
 * Temporal test server and in-memory services.
 */
const dir = new URL('../test/workflows/histories/', import.meta.url);
if (process.argv.includes('--clean')) for (const f of readdirSync(dir)) rmSync(new URL(f, dir));
const jest = new URL('../node_modules/jest/bin/jest.js', import.meta.url).pathname;
const run = spawnSync(process.execPath, ['--experimental-vm-modules', jest, '--selectProjects', 'workflows', '--testPathIgnorePatterns', 'replay'], {
  stdio: 'inherit',
  env: { ...process.env, RECORD_HISTORIES: '1' },
  cwd: new URL('..', import.meta.url).pathname,
});
console.log(`recorded ${readdirSync(dir).length} histories in test/workflows/histories/`);
process.exit(run.status ?? 1);

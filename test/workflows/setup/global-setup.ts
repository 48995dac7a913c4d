import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startTestServer } from './test-server.ts';

/**
 * One Temporal test server and one workflow bundle for all workflow test
 * files: each file then only starts a worker on its own task queue.
 */
export default async function globalSetup(): Promise<void> {
  const [env, bundle] = await Promise.all([
    startTestServer(),
    bundleWorkflowCode({ workflowsPath: new URL('../../../workflows/src/workflows/index.ts', import.meta.url).pathname, logger: quietLogger }),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'kontor-wf-'));
  writeFileSync(join(dir, 'bundle.js'), bundle.code);
  process.env.KONTOR_WF_TEST_ADDRESS = env.address;
  process.env.KONTOR_WF_TEST_BUNDLE = join(dir, 'bundle.js');
  (globalThis as { kontorWorkflowTestEnv?: unknown }).kontorWorkflowTestEnv = env;
}

const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };

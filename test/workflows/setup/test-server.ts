import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SearchKeys } from '../../../workflows/src/sale.contract.ts';

/** The Temporal CLI built into ~/go/bin (or on the PATH): nothing is downloaded. */
export function temporalCli(): string {
  const built = join(homedir(), 'go', 'bin', 'temporal');
  if (existsSync(built)) return built;
  try {
    return execFileSync('which', ['temporal'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('no temporal CLI found in ~/go/bin or on the PATH');
  }
}

/** A local Temporal dev server (in memory) for workflow tests; extra dynamic config e.g. to make it suggest continue-as-new early. */
export function startTestServer(dynamicConfig: Record<string, unknown> = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli() },
      // The Kontor search attributes the sale workflow sets.
      searchAttributes: Object.values(SearchKeys),
      extraArgs: Object.entries(dynamicConfig).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${JSON.stringify(v)}`]),
    },
  });
}

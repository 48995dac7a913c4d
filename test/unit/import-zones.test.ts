import { describe, it, expect, beforeAll } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/**
 * The boundaries in eslint.config.js, proven by linting snippets as if they
 * were files in each zone: every rule must fire on a crossing and stay quiet
 * on an allowed import.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// An existing workflow file: workflow code is linted with type information, which needs a file the project knows.
const workflowFile = 'workflows/src/workflows/sale-keys.ts';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The messages of the rules guarding imports for this code at this path. */
async function importProblems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages
    .filter((m) => m.ruleId === 'kontor/import-zones' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import zones', () => {
  it.each([
    ['services/order/src/x.ts', "import { forecast } from '../../quote/src/queries.ts';", 'services/quote/src/queries.ts'],
    ['services/order/src/domain/x.ts', "import { forecast } from '../../../../services/quote/src/queries.ts';", 'services/quote/src/queries.ts'],
    ['services/invoicing/src/x.ts', "import type { Seller } from '../../document/src/owners.ts';", 'services/document/src/owners.ts'],
    ['services/invoicing/src/x.ts', "export * from '../../order/src/order.service.ts';", 'services/order/src/order.service.ts'],
    ['services/fulfillment/src/x.ts', "const m = await import('../../order/src/order.service.ts');", 'services/order/src/order.service.ts'],
    ['services/quote/src/x.ts', "import { x } from '../../../workflows/src/sale.contract.ts';", 'workflows/src/sale.contract.ts'],
    ['services/quote/src/x.ts', "import { x } from '../../../test/fixtures/documents.ts';", 'test/fixtures/documents.ts'],
  ])('a service never imports another service or anything outside shared/: %s, %s', async (file, code, target) => {
    const problems = await importProblems(code, file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`kontor/import-zones: '${target}' may not be imported here`);
  });

  it('a service imports shared/, its own folder and packages', async () => {
    const code = [
      "import { z } from 'zod';",
      "import { money } from '../../../shared/money.ts';",
      "import { QuoteSubjects } from '../../../shared/contracts/quote.ts';",
      "import { priceDocument } from './domain/pricing/pricing-engine.ts';",
      "import { x } from '../../quote/src/queries.ts';",
    ].join('\n');
    expect(await importProblems(code, 'services/quote/src/x.ts')).toEqual([]);
  });

  it("the gateway imports the sale workflow's contract but nothing else of workflows/ or another service", async () => {
    expect(await importProblems("import { saleWorkflowId } from '../../../workflows/src/sale.contract.ts';", 'services/gateway/src/x.ts')).toEqual([]);
    const worker = await importProblems("import { x } from '../../../workflows/src/worker.ts';", 'services/gateway/src/x.ts');
    expect(worker).toEqual([expect.stringContaining("'workflows/src/worker.ts' may not be imported here")]);
    const quote = await importProblems("import { x } from '../../../quote/src/settings.ts';", 'services/gateway/src/api/x.ts');
    expect(quote).toEqual([expect.stringContaining("'services/quote/src/settings.ts' may not be imported here")]);
  });

  it.each([
    ["import { x } from '../../services/quote/src/queries.ts';", 'services/quote/src/queries.ts'],
    ["import type { SaleInput } from '../../workflows/src/sale.contract.ts';", 'workflows/src/sale.contract.ts'],
    ["import { x } from '../../test/fixtures/documents.ts';", 'test/fixtures/documents.ts'],
  ])('shared/ imports only shared/: %s', async (code, target) => {
    const problems = await importProblems(code, 'shared/contracts/x.ts');
    expect(problems).toEqual([expect.stringContaining(`'${target}' may not be imported here`)]);
    expect(await importProblems("import { money } from '../money.ts';", 'shared/contracts/x.ts')).toEqual([]);
  });

  it.each([
    ["import { recordEvent } from '../../../shared/db/outbox.ts';", 'shared/db/outbox.ts'],
    ["import { request } from '../../../shared/nats/rpc.ts';", 'shared/nats/rpc.ts'],
    ["import { runService } from '../../../shared/service-host.ts';", 'shared/service-host.ts'],
    ["import type { env } from '../../../shared/config.ts';", 'shared/config.ts'],
    ["import { x } from '../../../services/order/src/order.service.ts';", 'services/order/src/order.service.ts'],
  ])('workflow code imports only workflow-safe modules: %s', async (code, target) => {
    const problems = await importProblems(code, workflowFile);
    expect(problems).toEqual([expect.stringContaining(`kontor/import-zones: '${target}' may not be imported here`)]);
  });

  it('workflow code keeps its ban on Node built-ins, service libraries and activity values', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { connect } from '@nats-io/transport-node';",
      "import { createActivities } from '../activities/index.ts';",
    ].join('\n');
    const problems = await importProblems(code, workflowFile);
    expect(problems).toHaveLength(3);
    for (const p of problems) expect(p).toMatch(/^@typescript-eslint\/no-restricted-imports: /);
  });

  it('workflow code imports the pure parts of shared/ and activity types', async () => {
    const code = [
      "import { durationMs } from '../../../shared/durations.ts';",
      "import type { OrderSnapshot } from '../../../shared/contracts/order.ts';",
      "import type { createActivities } from '../activities/index.ts';",
    ].join('\n');
    expect(await importProblems(code, workflowFile)).toEqual([]);
  });
});

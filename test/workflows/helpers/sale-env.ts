import { mkdirSync, writeFileSync } from 'node:fs';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { SALE_WORKFLOW, stateQuery, type SaleInput, type SaleState } from '../../../workflows/src/sale.contract.ts';
import type { saleWorkflow } from '../../../workflows/src/workflows/sale.workflow.ts';
import { FakeServices, type FakeOptions } from './fake-services.ts';
import { saleStartOptions } from '../../../services/gateway/src/sale-starter.ts';

/**
 * One test file's view of the shared test server (started by the jest
 * globalSetup): a worker on its own task queue running the bundled sale
 * workflow with in-memory services, and a client to drive it.
 */
export interface SaleTestEnv {
  client: Client;
  fake: FakeServices;
  /** Starts a sale; its workflow id carries the file's name, so files sharing the server never collide. */
  start(input: SaleInput): Promise<WorkflowHandleWithFirstExecutionRunId<typeof saleWorkflow>>;
  close(): Promise<void>;
}

export type SaleHandle = WorkflowHandle<typeof saleWorkflow>;

export function testServer(): { address: string; bundlePath: string; namespace: string } {
  const address = process.env.KONTOR_WF_TEST_ADDRESS;
  const bundlePath = process.env.KONTOR_WF_TEST_BUNDLE;
  if (!address || !bundlePath) throw new Error('the workflow test server is not running: run these tests through jest (globalSetup in test/workflows/setup/)');
  return { address, bundlePath, namespace: process.env.KONTOR_WF_TEST_NAMESPACE ?? 'default' };
}

export async function saleTestEnv(name: string, options: FakeOptions, server = testServer()): Promise<SaleTestEnv> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already by an earlier file in this jest worker.
  }
  const taskQueue = `sale-test-${name}`;
  const fake = new FakeServices(options);
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: server.namespace,
    taskQueue,
    workflowBundle: { codePath: server.bundlePath },
    activities: fake.activities(),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  return {
    client,
    fake,
    // Started as the gateway starts a sale (its search attributes included), on this file's queue and id.
    start: (input) =>
      client.workflow.start<typeof saleWorkflow>(SALE_WORKFLOW, {
        ...saleStartOptions(input, input.quoteNumber ? 'quote_draft' : 'ordered'),
        taskQueue,
        workflowId: `${name}:sale:${input.quoteNumber ?? input.orderNumber}`,
        args: [input],
      }),
    close: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** The input the gateway starts a quote's sale with. */
export const quoteSale = (quoteNumber: string): SaleInput => ({ quoteNumber, customerNumber: 'K-00001', totalBase: '0', authorId: 'anna' });
/** The input of a direct order's sale. */
export const orderSale = (orderNumber: string, orderType: SaleInput['orderType'] = 'standard'): SaleInput => ({
  orderNumber,
  customerNumber: 'K-00001',
  totalBase: '0',
  authorId: 'anna',
  orderType,
});

export const actor = (id: string, role: string) => ({ actor: { id, role } as any });

export async function update<R, A extends unknown[]>(handle: SaleHandle, def: UpdateDefinition<R, A>, ...args: A): Promise<R> {
  return handle.executeUpdate(def as unknown as UpdateDefinition<R, [unknown]>, { args: args as unknown as [unknown] });
}

/** The coded refusal an Update answered with (what the gateway turns into an HTTP problem). */
export async function refusal(step: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await step;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const d = err.cause.details?.[0] as { status: number; code: string } | undefined;
      return { status: d?.status ?? 0, code: d?.code ?? err.cause.type ?? '' };
    }
    throw err;
  }
  throw new Error('the step was not refused');
}

export const state = (handle: SaleHandle): Promise<SaleState> => handle.query(stateQuery);

/** Polls the state query until the check holds (timers and automation run by themselves). */
export async function until(handle: SaleHandle, check: (s: SaleState) => boolean, timeoutMs = 10_000): Promise<SaleState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await state(handle);
    if (check(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out; sale is at ${JSON.stringify({ stage: s.stage, stagesReached: s.stagesReached })}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Keeps the history of a finished path for the determinism gate
 * (test/workflows/replay.test.ts) when RECORD_HISTORIES=1: re-record after a
 * deliberate change, then commit the files.
 */
export async function recordHistory(handle: Pick<WorkflowHandle, 'fetchHistory'>, path: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const dir = new URL('../histories/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${path}.json`, dir), historyToJSON(history));
}

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate } from '../../workflows/src/sale.contract.ts';
import { startTestServer } from './setup/test-server.ts';
import { actor, orderSale, recordHistory, saleTestEnv, state, testServer, update, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * A long sale continues as new when the server suggests it (here after 40
 * history events instead of thousands), carrying its state and ledger: the
 * next run knows what was shipped and invoiced and goes on with the same keys.
 */
describe('continue-as-new', () => {
  let server: TestWorkflowEnvironment;
  let env: SaleTestEnv;
  beforeAll(async () => {
    server = await startTestServer({ 'limit.historyCount.suggestContinueAsNew': 40 });
    env = await saleTestEnv('continue-as-new', { series: 62 }, { ...testServer(), address: server.address });
  });
  afterAll(async () => {
    await env.close();
    await server.teardown();
  });
  const warehouse = actor('wera', 'warehouse');
  const accounting = actor('anton', 'accounting');

  it('delivers in six parts over several runs and closes as paid with everything carried over', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '6', unitPrice: '10.00' }]);
    const handle = await env.start(orderSale(order.number));
    const notes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const note = await update(handle, createDeliveryNoteUpdate, { lines: [{ orderPosition: 1, quantity: '1' }], ...warehouse });
      await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...warehouse });
      notes.push(note.number);
    }
    expect(await state(handle)).toMatchObject({ stage: 'delivered', deliveryNoteNumbers: notes });
    const first = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: notes.slice(0, 3), ...accounting });
    await update(handle, recordPaymentUpdate, { invoiceNumber: first.number, amount: '30.00', ...accounting });
    // Paid so far, but three shipped notes are not invoiced: the carried ledger knows.
    expect((await state(handle)).stage).toBe('invoiced');
    const second = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: notes.slice(3), ...accounting });
    await update(handle, recordPaymentUpdate, { invoiceNumber: second.number, amount: '30.00', ...accounting });
    const done = await handle.result();
    expect(done.stage).toBe('paid');
    expect(done.stagesReached).toEqual(['ordered', 'partially_delivered', 'delivered', 'invoiced', 'paid']);
    expect(done.documents).toEqual([order.number, ...notes, first.number, second.number]);
    expect(env.fake.called('createDeliveryNote').map((c) => c.idempotencyKey)).toEqual(notes.map((_, i) => `${order.number}:delivery:${i + 1}`));

    const last = await handle.describe();
    expect(last.runId).not.toBe(handle.firstExecutionRunId);
    const firstRun = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    const events = (await firstRun.fetchHistory()).events ?? [];
    expect(events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    await recordHistory(firstRun, 'continue-as-new-first-run');
    await recordHistory(env.client.workflow.getHandle(handle.workflowId, last.runId), 'continue-as-new-last-run');
  });
});

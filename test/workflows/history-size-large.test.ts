import { temporal } from '@temporalio/proto';
import { createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, saleTestEnv, update, type SaleTestEnv } from './helpers/sale-env.ts';
import type { FakeLine } from './helpers/fake-services.ts';

/**
 * A long project sale stays far below Temporal's history limits (warnings at
 * 10,240 events and 10 MB): 200 lines delivered in 20 notes of 10 lines, each
 * invoiced and paid on its own, holds numbers only.
 */
describe('history size of a 200-line sale with 20 deliveries', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('history-size-large', { series: 78 });
  });
  afterAll(() => env.close());

  it('stays well below the history warnings', async () => {
    const lines: FakeLine[] = Array.from({ length: 200 }, (_, i) => ({ quantity: String(1 + (i % 5)), unitPrice: `${10 + i}.00` }));
    const order = env.fake.createDirectOrder(lines);
    const handle = await env.start(orderSale(order.number));
    const warehouse = actor('wera', 'warehouse');
    const accounting = actor('anton', 'accounting');
    for (let d = 0; d < 20; d++) {
      const part = Array.from({ length: 10 }, (_, i) => ({ orderPosition: d * 10 + i + 1, quantity: lines[d * 10 + i]!.quantity }));
      const note = await update(handle, createDeliveryNoteUpdate, { lines: part, ...warehouse });
      await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...warehouse });
      const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
      await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...accounting });
    }
    expect((await handle.result()).stage).toBe('paid');
    const history = await handle.fetchHistory();
    const events = history.events?.length ?? 0;
    const bytes = temporal.api.history.v1.History.encode(history).finish().length;
    console.log(`200 lines, 20 deliveries, 20 invoices, 20 payments: ${events} events / ${bytes} bytes`);
    expect(events).toBeLessThan(1_000);
    expect(bytes).toBeLessThan(300 * 1024);
  }, 120_000);
});

import {
  cancelInvoiceUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  invoiceCorrectedSignal,
  recordPaymentUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, refusal, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** Invoices per delivery: the sale is paid only when everything shipped is invoiced and every live invoice is paid. */
describe('partial invoices', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('partial-invoices', { series: 21 });
  });
  afterAll(() => env.close());
  const warehouse = actor('wera', 'warehouse');
  const accounting = actor('anton', 'accounting');

  it('stays open while shipped goods are not invoiced, invoices them, then closes as paid', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '10', unitPrice: '5.00' }]);
    const handle = await env.start(orderSale(order.number));
    const first = await update(handle, createDeliveryNoteUpdate, { lines: [{ orderPosition: 1, quantity: '4' }], ...warehouse });
    await update(handle, shipDeliveryNoteUpdate, { number: first.number, carrier: 'DHL', ...warehouse });
    const inv1 = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [first.number], ...accounting });
    expect(inv1.gross).toBe('20.00');
    const rest = await update(handle, createDeliveryNoteUpdate, { ...warehouse });
    await update(handle, shipDeliveryNoteUpdate, { number: rest.number, carrier: 'DHL', ...warehouse });

    // Everything shipped, the only invoice paid – but the second shipment is not invoiced yet.
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv1.number, amount: '20.00', ...accounting });
    expect((await state(handle)).stage).not.toBe('paid');

    const inv2 = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [rest.number], ...accounting });
    expect(inv2.gross).toBe('30.00');
    expect(env.fake.called('createInvoice').map((c) => c.idempotencyKey)).toEqual([
      `${order.number}:invoice:${first.number}`,
      `${order.number}:invoice:${rest.number}`,
    ]);
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv2.number, amount: '30.00', ...accounting });
    const done = await handle.result();
    expect(done.stage).toBe('paid');
    expect(done.stagesReached).toEqual(['ordered', 'partially_delivered', 'invoiced', 'delivered', 'paid']);
    await recordHistory(handle, 'partial-invoices');
  });

  it('bills a delivery note again after its invoice was cancelled, under a new idempotency key', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '80.00' }]);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...warehouse });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...warehouse });
    const wrong = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
    await update(handle, cancelInvoiceUpdate, { invoiceNumber: wrong.number, reason: 'falsche Anschrift', ...accounting });
    expect(await refusal(update(handle, recordPaymentUpdate, { invoiceNumber: wrong.number, amount: '80.00', ...accounting }))).toMatchObject({ status: 409 });
    const right = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
    expect(right.number).not.toBe(wrong.number);
    const keys = env.fake
      .called('createInvoice')
      .filter((c) => c.orderNumber === order.number)
      .map((c) => c.idempotencyKey);
    expect(keys).toEqual([`${order.number}:invoice:${note.number}`, `${order.number}:invoice:${note.number}:2`]);
    await update(handle, recordPaymentUpdate, { invoiceNumber: right.number, amount: '80.00', ...accounting });
    expect((await handle.result()).stage).toBe('paid');
    await recordHistory(handle, 'cancelled-invoice');
  });

  it('closes when credit notes settle the last open invoice (the invoiceCorrected signal); a signal that settles nothing changes nothing', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '10', unitPrice: '5.00' }]);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...warehouse });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...warehouse });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '30.00', ...accounting });
    // A credit note that leaves something open, and one for an invoice of another sale: still open.
    await handle.signal(invoiceCorrectedSignal, { invoiceNumber: inv.number, status: 'partially_paid' });
    await handle.signal(invoiceCorrectedSignal, { invoiceNumber: 'RE-2099-99999', status: 'paid' });
    expect((await state(handle)).stage).toBe('invoiced');
    // The rest credited: nothing open, the sale is settled.
    await handle.signal(invoiceCorrectedSignal, { invoiceNumber: inv.number, status: 'paid' });
    const done = await handle.result();
    expect(done.stage).toBe('paid');
    await recordHistory(handle, 'credit-note-settles');
  });
});

import { createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** A standard direct order (phone sale): nothing happens by itself; staff deliver, invoice and book the payment. */
describe('order type: standard', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('standard', { series: 12 });
  });
  afterAll(() => env.close());

  it('runs a direct order through delivery, invoice and payment', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '2', unitPrice: '49.90' }]);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...actor('wera', 'warehouse') });
    expect(await state(handle)).toMatchObject({ stage: 'ordered', orderType: 'standard', documents: [order.number, note.number] });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...actor('wera', 'warehouse') });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...actor('anton', 'accounting') });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '99.80', ...actor('anton', 'accounting') });
    const done = await handle.result();
    expect(done.stagesReached).toEqual(['ordered', 'delivered', 'invoiced', 'paid']);
    expect(env.fake.called('notify')).toEqual([]);
    await recordHistory(handle, 'order-type-standard');
  });
});

import { createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, refusal, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** Payments: instalments are separate commands with keys of their own; the sale closes with the last one. */
describe('payments', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('payments', { series: 91 });
  });
  afterAll(() => env.close());
  const accounting = actor('anton', 'accounting');

  it('books two instalments of the same amount and closes the sale with the second', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '2', unitPrice: '50.00' }]);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...actor('wera', 'warehouse') });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...actor('wera', 'warehouse') });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
    expect(await refusal(update(handle, recordPaymentUpdate, { invoiceNumber: 'RE-2026-99999', amount: '50.00', ...accounting }))).toEqual({
      status: 422,
      code: 'not_part_of_sale',
    });

    const half = await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '50.00', reference: 'Rate 1', ...accounting });
    expect(half).toMatchObject({ status: 'partially_paid' });
    expect(env.fake.invoices.get(inv.number)!.openAmount).toBe('50.00');
    expect((await state(handle)).stage).toBe('invoiced');
    const all = await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '50.00', reference: 'Rate 2', ...accounting });
    expect(all).toMatchObject({ status: 'paid' });
    expect(env.fake.invoices.get(inv.number)!.openAmount).toBe('0.00');
    expect(env.fake.called('recordPayment').map((c) => c.idempotencyKey)).toEqual([`${inv.number}:payment:1`, `${inv.number}:payment:2`]);
    expect((await handle.result()).stage).toBe('paid');
    await recordHistory(handle, 'payments');
  });
});

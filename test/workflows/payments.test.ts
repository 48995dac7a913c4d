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

  it("keys a provider's payment by its event, so a repeated event books once; a credit payment carries its kind", async () => {
    const order = env.fake.createDirectOrder([{ quantity: '2', unitPrice: '50.00' }]);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...actor('wera', 'warehouse') });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...actor('wera', 'warehouse') });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
    const provider = actor('payment-provider', 'accounting');
    const byEvent = {
      invoiceNumber: inv.number,
      amount: '50.00',
      receivedAt: '2026-12-01',
      reference: `Zahlung ${inv.number}`,
      providerEventId: 'evt_1',
      ...provider,
    };
    expect(await update(handle, recordPaymentUpdate, byEvent)).toMatchObject({ status: 'partially_paid' });
    expect(await update(handle, recordPaymentUpdate, byEvent)).toMatchObject({ status: 'partially_paid' });
    expect(env.fake.invoices.get(inv.number)!.openAmount).toBe('50.00');
    expect(await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '50.00', kind: 'credit', ...accounting })).toMatchObject({
      status: 'paid',
    });
    const calls = env.fake.called('recordPayment').filter((c) => c.number === inv.number);
    expect(calls.map((c) => [c.idempotencyKey, c.kind ?? null, c.providerEventId ?? null])).toEqual([
      [`${inv.number}:payment:event:evt_1`, null, 'evt_1'],
      [`${inv.number}:payment:event:evt_1`, null, 'evt_1'],
      [`${inv.number}:payment:1`, 'credit', null],
    ]);
    expect((await handle.result()).stage).toBe('paid');
    await recordHistory(handle, 'payments-provider-event');
  });
});

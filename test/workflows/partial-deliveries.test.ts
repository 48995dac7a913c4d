import {
  acceptQuoteUpdate,
  convertToOrderUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  sendQuoteUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { actor, quoteSale, recordHistory, refusal, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** A quote's sale delivered in parts: partially delivered until every position is shipped, then one invoice for both notes. */
describe('partial deliveries', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('partial-deliveries', { series: 81 });
  });
  afterAll(() => env.close());
  const sales = actor('anna', 'sales');
  const warehouse = actor('wera', 'warehouse');
  const accounting = actor('anton', 'accounting');

  it('ships in two parts and closes when the one invoice of both is paid', async () => {
    const quote = env.fake.createQuote([
      { quantity: '2', unitPrice: '100.00' },
      { quantity: '1.5', unitPrice: '20.00' },
      { quantity: '1', unitPrice: '5.90', kind: 'charge' },
    ]);
    const handle = await env.start(quoteSale(quote.number));
    await update(handle, sendQuoteUpdate, sales);
    await update(handle, acceptQuoteUpdate, sales);
    const order = await update(handle, convertToOrderUpdate, sales);

    const first = await update(handle, createDeliveryNoteUpdate, { lines: [{ orderPosition: 1, quantity: '1' }], ...warehouse });
    // Not shipped yet: nothing to invoice.
    expect(await refusal(update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [first.number], ...accounting }))).toEqual({
      status: 409,
      code: 'not_shipped',
    });
    expect(await refusal(update(handle, shipDeliveryNoteUpdate, { number: 'LS-2026-99999', carrier: 'DHL', ...warehouse }))).toEqual({
      status: 422,
      code: 'not_part_of_sale',
    });
    await update(handle, shipDeliveryNoteUpdate, { number: first.number, carrier: 'DHL', ...warehouse });
    expect((await state(handle)).stage).toBe('partially_delivered');
    const rest = await update(handle, createDeliveryNoteUpdate, { ...warehouse });
    expect(env.fake.notes.get(rest.number)!.lines).toEqual([
      { orderPosition: 1, quantity: '1' },
      { orderPosition: 2, quantity: '1.5' },
    ]);
    await update(handle, shipDeliveryNoteUpdate, { number: rest.number, carrier: 'DPD', ...warehouse });
    expect((await state(handle)).stage).toBe('delivered');
    expect(env.fake.called('createDeliveryNote').map((c) => c.idempotencyKey)).toEqual([`${order.number}:delivery:1`, `${order.number}:delivery:2`]);
    expect(env.fake.called('shipDeliveryNote').map((c) => c.idempotencyKey)).toEqual([`${first.number}:ship`, `${rest.number}:ship`]);

    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [rest.number, first.number], ...accounting });
    expect(inv.gross).toBe('230.00');
    expect(env.fake.called('createInvoice').at(-1).idempotencyKey).toBe(`${order.number}:invoice:${first.number}+${rest.number}`);
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '230.00', ...accounting });
    const done = await handle.result();
    expect(done.stagesReached).toEqual(['quote_draft', 'quote_sent', 'quote_accepted', 'ordered', 'partially_delivered', 'delivered', 'invoiced', 'paid']);
    expect(done.documents).toEqual([quote.number, order.number, first.number, rest.number, inv.number]);
    await recordHistory(handle, 'partial-deliveries');
  });
});

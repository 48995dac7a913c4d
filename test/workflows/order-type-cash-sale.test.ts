import { acceptQuoteUpdate, convertToOrderUpdate, sendQuoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, quoteSale, recordHistory, saleTestEnv, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** A cash sale is handed over and paid on the spot: the workflow delivers, invoices and books the payment by itself. */
describe('order type: cash sale', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('cash-sale', { series: 22 });
  });
  afterAll(() => env.close());

  it('delivers, invoices and books the cash payment of a direct order by itself', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '59.38' }], { orderType: 'cash_sale' });
    const handle = await env.start(orderSale(order.number));
    const done = await handle.result();
    expect(done.stagesReached).toEqual(['ordered', 'delivered', 'invoiced', 'paid']);
    expect(done.deliveryNoteNumbers).toHaveLength(1);
    expect(env.fake.notes.get(done.deliveryNoteNumbers[0]!)).toMatchObject({ status: 'shipped', carrier: 'Abholung' });
    expect(env.fake.invoices.get(done.invoiceNumbers[0]!)).toMatchObject({ status: 'paid', paidAmount: '59.38' });
    expect(env.fake.called('recordPayment')[0]).toMatchObject({ reference: 'Barzahlung', idempotencyKey: `${done.invoiceNumbers[0]}:payment:1` });
    await recordHistory(handle, 'order-type-cash-sale');
  });

  it('does the same for a cash sale converted from a quote, after the conversion has answered', async () => {
    const quote = env.fake.createQuote([{ quantity: '2', unitPrice: '10.00' }], { orderType: 'cash_sale' });
    const handle = await env.start(quoteSale(quote.number));
    await update(handle, sendQuoteUpdate, actor('anna', 'sales'));
    await update(handle, acceptQuoteUpdate, actor('anna', 'sales'));
    const order = await update(handle, convertToOrderUpdate, actor('anna', 'sales'));
    expect(order.orderType).toBe('cash_sale');
    const done = await handle.result();
    expect(done.stagesReached).toEqual(['quote_draft', 'quote_sent', 'quote_accepted', 'ordered', 'delivered', 'invoiced', 'paid']);
    await recordHistory(handle, 'order-type-cash-sale-from-quote');
  });
});

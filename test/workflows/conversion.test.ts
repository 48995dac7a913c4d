import { convertToOrderUpdate, acceptQuoteUpdate, cancelOrderUpdate, sendQuoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, quoteSale, recordHistory, saleTestEnv, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** Conversion of an accepted quote: once, even when ten callers ask at the same moment. */
describe('conversion', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('conversion', { series: 11 });
  });
  afterAll(() => env.close());

  it('converts once for ten concurrent callers, who all get the same order back', async () => {
    const quote = env.fake.createQuote([{ quantity: '2', unitPrice: '10.00' }]);
    const handle = await env.start(quoteSale(quote.number));
    await update(handle, sendQuoteUpdate, actor('anna', 'sales'));
    await update(handle, acceptQuoteUpdate, actor('anna', 'sales'));

    const orders = await Promise.all(Array.from({ length: 10 }, () => update(handle, convertToOrderUpdate, { ...actor('anna', 'sales') })));
    expect(new Set(orders.map((o) => o.number)).size).toBe(1);
    expect(env.fake.called('convertQuote')).toEqual([
      expect.objectContaining({ quoteNumber: quote.number, revision: 1, idempotencyKey: `${quote.number}:order`, markKey: `${quote.number}:converted` }),
    ]);
    expect(env.fake.quotes.get(quote.number)!.status).toBe('converted');

    // Later, too: the same order.
    expect((await update(handle, convertToOrderUpdate, { ...actor('anna', 'sales') })).number).toBe(orders[0]!.number);
    await update(handle, cancelOrderUpdate, { reason: 'Test beendet', ...actor('anna', 'sales') });
    expect((await handle.result()).stagesReached).toEqual(['quote_draft', 'quote_sent', 'quote_accepted', 'ordered', 'cancelled']);
    await recordHistory(handle, 'conversion');
  });
});

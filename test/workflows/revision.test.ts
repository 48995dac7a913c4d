import { acceptQuoteUpdate, cancelOrderUpdate, convertToOrderUpdate, editQuoteUpdate, sendQuoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, quoteSale, recordHistory, refusal, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** Revising a sent quote starts revision n+1; only the current revision converts. */
describe('revision', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('revision', { series: 71 });
  });
  afterAll(() => env.close());
  const sales = actor('anna', 'sales');

  it('revises a sent quote, refuses converting the superseded revision, converts the current one once', async () => {
    const quote = env.fake.createQuote([{ quantity: '1', unitPrice: '100.00' }]);
    const handle = await env.start(quoteSale(quote.number));
    await update(handle, sendQuoteUpdate, sales);
    await update(handle, editQuoteUpdate, { content: { currency: 'EUR', lines: [] }, expectedVersion: 2, ...sales });
    await update(handle, editQuoteUpdate, { content: { currency: 'EUR', lines: [] }, ...sales });
    expect(await state(handle)).toMatchObject({ stage: 'quote_draft', revision: 2 });
    expect(env.fake.called('editQuote').map((c) => c.idempotencyKey)).toEqual([`${quote.number}:edit:1`, `${quote.number}:edit:2`]);
    await update(handle, sendQuoteUpdate, sales);
    expect(env.fake.called('sendQuote').map((c) => c.idempotencyKey)).toEqual([`${quote.number}:send:r1`, `${quote.number}:send:r2`]);
    await update(handle, acceptQuoteUpdate, sales);

    expect(await refusal(update(handle, convertToOrderUpdate, { revision: 1, ...sales }))).toEqual({ status: 409, code: 'revision_superseded' });
    const order = await update(handle, convertToOrderUpdate, { revision: 2, ...sales });
    expect(env.fake.orders.get(order.number)!.quoteRevision).toBe(2);
    expect((await update(handle, convertToOrderUpdate, { revision: 2, ...sales })).number).toBe(order.number);
    await update(handle, cancelOrderUpdate, { reason: 'Test beendet', ...sales });
    expect((await handle.result()).stagesReached).toEqual(['quote_draft', 'quote_sent', 'quote_accepted', 'ordered', 'cancelled']);
    await recordHistory(handle, 'revision');
  });
});

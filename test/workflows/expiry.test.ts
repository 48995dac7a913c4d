import { acceptQuoteUpdate, cancelQuoteUpdate, editQuoteUpdate, sendQuoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, quoteSale, recordHistory, refusal, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** A sent quote is reminded before it lapses, expires on time, and can still be revised. */
describe('expiry', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('expiry', { series: 61, validityMs: 1500, timings: { expiryReminderBefore: '1000ms' } });
  });
  afterAll(() => env.close());

  it('reminds the assignee, expires the quote, refuses acceptance, and revises it into a new revision', async () => {
    const quote = env.fake.createQuote([{ quantity: '1', unitPrice: '100.00' }]);
    const handle = await env.start(quoteSale(quote.number));
    const sent = await update(handle, sendQuoteUpdate, actor('anna', 'sales'));
    const expired = await until(handle, (s) => s.stage === 'expired');
    expect(expired.expiryRemindedAt).not.toBeNull();
    expect(env.fake.called('notify').map((n) => [n.kind, n.recipient, n.idempotencyKey])).toEqual([
      ['expiry_reminder', 'user:anna', `${quote.number}:expiry-reminder:${sent.expiresAt}`],
    ]);
    expect(env.fake.called('expireQuote').map((c) => c.idempotencyKey)).toEqual([`${quote.number}:expire:${sent.expiresAt}`]);
    expect(await refusal(update(handle, acceptQuoteUpdate, actor('anna', 'sales')))).toEqual({ status: 409, code: 'invalid_stage' });

    const revised = await update(handle, editQuoteUpdate, { content: { currency: 'EUR', lines: [] }, ...actor('anna', 'sales') });
    expect(revised.revision).toBe(2);
    expect(await state(handle)).toMatchObject({ stage: 'quote_draft', revision: 2, expiryRemindedAt: null });
    await update(handle, cancelQuoteUpdate, { reason: 'Kunde meldet sich nicht', ...actor('anna', 'sales') });
    expect((await handle.result()).stagesReached).toEqual(['quote_draft', 'quote_sent', 'expired', 'cancelled']);
    await recordHistory(handle, 'expiry');
  });
});

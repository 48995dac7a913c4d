import { decideApprovalUpdate, rejectQuoteUpdate, sendQuoteUpdate, submitForApprovalUpdate, acceptQuoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, quoteSale, recordHistory, refusal, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** A rejected approval sends the quote back to draft; a quote the customer rejects closes the sale. */
describe('rejection', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('rejection', { series: 51, approvalLevels: [{ level: 1, role: 'sales_manager' }] });
  });
  afterAll(() => env.close());
  const manager = actor('max', 'sales_manager');

  it('rejects an approval with a reason, takes a second round, and closes when the customer rejects', async () => {
    const quote = env.fake.createQuote([{ quantity: '1', unitPrice: '100.00' }]);
    const handle = await env.start(quoteSale(quote.number));
    await update(handle, submitForApprovalUpdate, actor('anna', 'sales'));
    expect(await refusal(update(handle, decideApprovalUpdate, { level: 1, decision: 'reject', ...manager }))).toEqual({
      status: 422,
      code: 'validation_failed',
    });
    await update(handle, decideApprovalUpdate, { level: 1, decision: 'reject', reason: 'zu viel Rabatt', ...manager });
    expect((await state(handle)).stage).toBe('quote_draft');

    await update(handle, submitForApprovalUpdate, actor('anna', 'sales'));
    await update(handle, decideApprovalUpdate, { level: 1, decision: 'approve', ...manager });
    // Each round has keys of its own, so the second round's decision is not answered from the first's.
    expect(env.fake.called('submitQuote').map((c) => c.idempotencyKey)).toEqual([`${quote.number}:submit:1`, `${quote.number}:submit:2`]);
    expect(env.fake.called('decideApproval').map((c) => c.idempotencyKey)).toEqual([`${quote.number}:approval:1:1`, `${quote.number}:approval:2:1`]);

    await update(handle, sendQuoteUpdate, actor('anna', 'sales'));
    await update(handle, rejectQuoteUpdate, { reason: 'zu teuer', ...actor('anna', 'sales') });
    const done = await handle.result();
    expect(done.stage).toBe('rejected');
    expect(done.stagesReached).toEqual(['quote_draft', 'pending_approval', 'approved', 'quote_sent', 'rejected']);
    await recordHistory(handle, 'rejection');
  });

  it('refuses to accept a quote that was never sent', async () => {
    const quote = env.fake.createQuote([{ quantity: '1', unitPrice: '100.00' }]);
    const handle = await env.start(quoteSale(quote.number));
    expect(await refusal(update(handle, acceptQuoteUpdate, actor('anna', 'sales')))).toEqual({ status: 409, code: 'invalid_stage' });
    await handle.terminate('test done');
  });
});

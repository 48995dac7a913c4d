import { subscriptionChangedSignal } from '../../workflows/src/sale.contract.ts';
import { orderSale, recordHistory, saleTestEnv, until, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * A recurring contract as a timer of its order's sale: each period is billed
 * when it starts, the invoicing service names the next one, and after the
 * last the sale stops asking. A stale signal of an older contract version changes nothing.
 */
describe('recurring invoices', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('recurring', { series: 121, subscription: { periodMs: 800, periods: 3 } });
  });
  afterAll(() => env.close());

  it('bills three periods, one each, and stops after the last', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '100.00' }]);
    const handle = await env.start(orderSale(order.number));
    await handle.signal(subscriptionChangedSignal, { version: 2, next: { period: 0, startsAt: new Date().toISOString() } });
    await handle.signal(subscriptionChangedSignal, { version: 1, next: null });
    const billed = await until(handle, (s) => s.invoiceNumbers.length === 3);
    expect(env.fake.periods.map((p) => p.period)).toEqual([0, 1, 2]);
    expect(billed.invoiceNumbers).toEqual(env.fake.periods.map((p) => p.invoiceNumber));
    expect(env.fake.called('billPeriod').map((c) => c.idempotencyKey)).toEqual([0, 1, 2].map((n) => `${order.number}:period:${n}`));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(env.fake.called('billPeriod')).toHaveLength(3);
    await handle.terminate('test done');
    await recordHistory(handle, 'recurring');
  }, 30_000);
});

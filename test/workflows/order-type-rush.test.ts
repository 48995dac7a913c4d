import { cancelOrderUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** A rush order alerts the warehouse once, as soon as it exists. */
describe('order type: rush', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('rush', { series: 32 });
  });
  afterAll(() => env.close());

  it('alerts the warehouse', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '10.00' }], { orderType: 'rush' });
    const handle = await env.start(orderSale(order.number));
    await until(handle, () => env.fake.notices.length > 0);
    expect(env.fake.called('alertRushOrder')).toEqual([expect.objectContaining({ orderNumber: order.number, idempotencyKey: `${order.number}:rush-alert` })]);
    expect(env.fake.notices).toEqual([expect.objectContaining({ recipient: 'role:warehouse', kind: 'rush_order', documentNumber: order.number })]);
    await update(handle, cancelOrderUpdate, { reason: 'Test beendet', ...actor('anna', 'sales') });
    expect((await handle.result()).stage).toBe('cancelled');
    expect(env.fake.called('alertRushOrder')).toHaveLength(1);
    await recordHistory(handle, 'order-type-rush');
  });
});

import { cancelOrderUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** A drop-ship order is handed to its supplier, who delivers straight to the customer. */
describe('order type: drop-ship', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('drop-ship', { series: 42 });
  });
  afterAll(() => env.close());

  it('hands the goods lines and the delivery address to the supplier', async () => {
    const order = env.fake.createDirectOrder(
      [
        { quantity: '3', unitPrice: '10.00' },
        { quantity: '1', unitPrice: '4.90', kind: 'charge' },
      ],
      { orderType: 'drop_ship', supplier: { name: 'Hersteller AG' } },
    );
    const handle = await env.start(orderSale(order.number));
    await until(handle, () => env.fake.notices.length > 0);
    expect(env.fake.called('handOverDropShip')).toEqual([expect.objectContaining({ orderNumber: order.number, idempotencyKey: `${order.number}:drop-ship` })]);
    const [handover] = env.fake.notices;
    expect(handover).toMatchObject({ recipient: 'supplier:Hersteller AG', kind: 'drop_ship_order' });
    expect(handover!.details).toEqual({ shipTo: order.customer.shippingAddress, lines: [{ sku: 'SKU-1', quantity: '3', unit: 'Stk' }] });
    await update(handle, cancelOrderUpdate, { reason: 'Test beendet', ...actor('anna', 'sales') });
    await handle.result();
    await recordHistory(handle, 'order-type-drop-ship');
  });
});

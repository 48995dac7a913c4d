import {
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  shipDeliveryNoteUpdate,
  stockAvailableSignal,
} from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, state, until, update, type SaleHandle, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * A shipment leaves a position on backorder: the sale knows it waits for stock
 * (state and KontorAwaitingStock), and when the gateway signals that a goods
 * receipt reserved stock for it, tells the warehouse once and stops waiting.
 */
describe('backorders', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('backorders', { series: 14 });
  });
  afterAll(() => env.close());
  const warehouse = actor('wera', 'warehouse');
  const accounting = actor('anton', 'accounting');
  const awaitingStockAttribute = async (handle: SaleHandle) => (await handle.describe()).searchAttributes.KontorAwaitingStock?.[0];

  it('waits for stock after a shipment leaves a backorder, tells the warehouse once when it arrives, then ships the rest', async () => {
    const order = env.fake.createDirectOrder([
      { quantity: '6', unitPrice: '10.00' },
      { quantity: '5', unitPrice: '20.00' },
    ]);
    env.fake.outOfStockFor(order.number, 2);
    const handle = await env.start(orderSale(order.number));

    const first = await update(handle, createDeliveryNoteUpdate, warehouse);
    expect(env.fake.notes.get(first.number)!.lines.map((l) => l.orderPosition)).toEqual([1]);
    expect(await update(handle, shipDeliveryNoteUpdate, { number: first.number, carrier: 'DHL', ...warehouse })).toMatchObject({
      orderComplete: false,
      awaitingStock: [2],
    });
    const waiting = await state(handle);
    expect(waiting).toMatchObject({ stage: 'partially_delivered', awaitingStock: [2] });
    expect(await awaitingStockAttribute(handle)).toBe(true);

    // A receipt for another position of the order is not what the sale waits for.
    await handle.signal(stockAvailableSignal, { positions: [1] });
    // The receipt reserved stock for position 2: the warehouse is told once, the wait ends.
    await handle.signal(stockAvailableSignal, env.fake.receiveStock(order.number, 2));
    await until(handle, (s) => s.awaitingStock?.length === 0);
    await handle.signal(stockAvailableSignal, { positions: [2] });
    await new Promise((r) => setTimeout(r, 300));
    expect(env.fake.called('notify')).toEqual([
      expect.objectContaining({
        recipient: 'role:warehouse',
        kind: 'backorder_available',
        documentNumber: order.number,
        details: { orderPositions: [2] },
        idempotencyKey: `${order.number}:backorder-available:2:1`,
      }),
    ]);
    expect(await awaitingStockAttribute(handle)).toBe(false);

    const second = await update(handle, createDeliveryNoteUpdate, warehouse);
    expect(await update(handle, shipDeliveryNoteUpdate, { number: second.number, carrier: 'DHL', ...warehouse })).toEqual(
      expect.not.objectContaining({ awaitingStock: expect.anything() }),
    );
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [first.number, second.number], ...accounting });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...accounting });
    expect((await handle.result()).stage).toBe('paid');

    // The notice's marker says in the user's terms what happened.
    const history = await handle.fetchHistory();
    const summaries = history.events!.map((e) => Buffer.from(e.userMetadata?.summary?.data ?? new Uint8Array()).toString());
    expect(summaries).toContainEqual(expect.stringContaining(`Rückstand ${order.number} Pos. 2 wieder verfügbar`));
    await recordHistory(handle, 'backorders');
  }, 30_000);
});

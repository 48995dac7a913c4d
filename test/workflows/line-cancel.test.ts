import {
  cancelOrderLineUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { berlinDate } from '../../shared/dates.ts';
import { actor, orderSale, recordHistory, refusal, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * Cancelling order lines: a cancelled make-to-order line stops the wait for its
 * goods, a backordered line stops the wait for stock, and once shipped and
 * cancelled quantities cover the order the sale is delivered and can close.
 */
describe('cancelling order lines', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('line-cancel', { series: 15 });
  });
  afterAll(() => env.close());
  const sales = actor('anna', 'sales');
  const planner = actor('paula', 'planner');
  const warehouse = actor('wera', 'warehouse');
  const accounting = actor('anton', 'accounting');

  it('stops waiting for cancelled lines and is delivered when the rest shipped', async () => {
    const order = env.fake.createDirectOrder([
      { quantity: '2', unitPrice: '100.00' },
      { quantity: '3', unitPrice: '20.00' },
      { quantity: '1', unitPrice: '5000.00', makeToOrder: { promisedDate: berlinDate(new Date(Date.now() + 30 * 86_400_000)), dueInMs: 3_600_000 } },
    ]);
    env.fake.outOfStockFor(order.number, 2);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, warehouse);
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...warehouse });
    expect(await state(handle)).toMatchObject({
      stage: 'partially_delivered',
      awaitingStock: [2],
      awaitingProduction: [expect.objectContaining({ position: 3 })],
    });

    // More than is open is refused, and changes nothing.
    expect(await refusal(update(handle, cancelOrderLineUpdate, { position: 2, quantity: '4', reason: 'Kunde storniert', ...sales }))).toEqual({
      status: 409,
      code: 'exceeds_open',
    });
    // Part of the backordered line: the rest still waits for stock.
    expect(await update(handle, cancelOrderLineUpdate, { position: 2, quantity: '1', reason: 'Kunde braucht nur 2', ...sales })).toMatchObject({
      position: 2,
      lineOpen: true,
      awaitingStock: true,
      orderComplete: false,
    });
    expect((await state(handle)).awaitingStock).toEqual([2]);
    // The make-to-order line, all of it: the sale no longer waits for its goods.
    expect(await update(handle, cancelOrderLineUpdate, { position: 3, reason: 'Maschine nicht mehr benötigt', ...planner })).toMatchObject({
      lineOpen: false,
      orderComplete: false,
    });
    expect(await state(handle)).toMatchObject({ stage: 'partially_delivered', awaitingProduction: [] });
    // The rest of the backordered line: shipped and cancelled quantities cover the order.
    expect(await update(handle, cancelOrderLineUpdate, { position: 2, reason: 'Lieferant liefert nicht', ...sales })).toMatchObject({
      lineOpen: false,
      orderComplete: true,
    });
    expect(await state(handle)).toMatchObject({ stage: 'delivered', awaitingStock: [] });
    expect(env.fake.called('cancelOrderLine').map((c) => c.idempotencyKey)).toEqual([
      `${order.number}:line-cancel:2:1`,
      `${order.number}:line-cancel:2:2`,
      `${order.number}:line-cancel:3:1`,
      `${order.number}:line-cancel:2:3`,
    ]);
    // Nothing is left to cancel.
    expect(await refusal(update(handle, cancelOrderLineUpdate, { position: 2, reason: 'noch einmal', ...sales }))).toEqual({
      status: 409,
      code: 'nothing_open',
    });

    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...accounting });
    expect((await handle.result()).stage).toBe('paid');
    await recordHistory(handle, 'line-cancel');
  }, 30_000);
});

import { WorkflowUpdateStage } from '@temporalio/client';
import {
  cancelOrderUpdate,
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  recordPaymentUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, refusal, saleTestEnv, state, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** An order can be cancelled until something ships; after that only returns and credit notes correct it. */
describe('cancelling an order', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    // Shipping takes a while, so a cancellation can arrive while the shipment is under way.
    env = await saleTestEnv('cancel', { series: 31, delays: { shipDeliveryNote: 400 } });
  });
  afterAll(() => env.close());
  const sales = actor('anna', 'sales');
  const warehouse = actor('wera', 'warehouse');

  it('cancels an order before shipping and closes the sale', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '10.00' }]);
    const handle = await env.start(orderSale(order.number));
    const cancelled = await update(handle, cancelOrderUpdate, { reason: 'Kunde hat storniert', ...sales });
    expect(cancelled.status).toBe('cancelled');
    expect(env.fake.called('cancelOrder')[0].idempotencyKey).toBe(`${order.number}:cancel`);
    expect((await handle.result()).stage).toBe('cancelled');
    await recordHistory(handle, 'cancel-before-shipping');
  });

  it('refuses a cancellation that arrives while the order ships, and the sale goes on', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '10.00' }]);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...warehouse });
    // Both are admitted while the sale is still at 'ordered'; the cancellation waits for the shipment.
    const shipping = await handle.startUpdate(shipDeliveryNoteUpdate, {
      args: [{ number: note.number, carrier: 'DHL', ...warehouse }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const cancelling = await handle.startUpdate(cancelOrderUpdate, { args: [{ reason: 'zu spät', ...sales }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await shipping.result();
    expect(await refusal(cancelling.result())).toEqual({ status: 409, code: 'invalid_stage' });
    expect(env.fake.called('cancelOrder').filter((c) => c.number === order.number)).toHaveLength(0);
    expect((await state(handle)).stage).toBe('delivered');

    // Refused at once once shipped, too.
    expect(await refusal(update(handle, cancelOrderUpdate, { reason: 'noch später', ...sales }))).toMatchObject({ status: 409 });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...actor('anton', 'accounting') });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...actor('anton', 'accounting') });
    expect((await handle.result()).stage).toBe('paid');
    await recordHistory(handle, 'cancel-after-shipping');
  });
});

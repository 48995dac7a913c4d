import { addDays, berlinDate } from '../../shared/dates.ts';
import { createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';
import { dunningLevels } from './helpers/combined-sales.ts';

/**
 * Dunning as timers of the sale: an invoice past its due date gets its
 * reminders level by level, each when its delay after the due date has
 * passed, and the payment stops the rest. The invoice fell due yesterday; the
 * levels' delays are counted from the end of that day, so they are set to fall
 * 5 s, 8 s and 120 s after the sale starts.
 */
describe('dunning', () => {
  let env: SaleTestEnv;
  const yesterday = addDays(berlinDate(new Date()), -1);
  const { levels, schedule: scheduleLevels } = dunningLevels(yesterday);
  beforeAll(async () => {
    env = await saleTestEnv('dunning', { series: 111, invoiceDueDate: yesterday, dunningLevels: levels });
  });
  afterAll(() => env.close());

  it('reminds at each level after the due date and stops when the invoice is paid', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '500.00' }]);
    scheduleLevels();
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...actor('wera', 'warehouse') });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...actor('wera', 'warehouse') });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...actor('anton', 'accounting') });

    // Nothing before the first level's time; then the reminder, then the first dunning letter.
    expect(env.fake.reminders).toEqual([]);
    await until(handle, () => env.fake.reminders.length === 1, 15_000);
    expect(env.fake.reminders[0]).toMatchObject({ invoiceNumber: inv.number, level: 1 });
    // The activity has returned; the sale records the reminder's number in its next workflow task.
    await until(handle, (s) => s.documents.includes(env.fake.reminders[0]!.number), 5_000);
    await until(handle, () => env.fake.reminders.length === 2, 15_000);
    expect(env.fake.reminders.map((r) => r.level)).toEqual([1, 2]);
    expect(env.fake.called('remind').map((c) => c.idempotencyKey)).toEqual([`${inv.number}:reminder:1`, `${inv.number}:reminder:2`]);
    expect(env.fake.called('getDunningLevels')).toHaveLength(1);

    // Paid: the sale closes, and the third level is never asked for.
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '500.00', ...actor('anton', 'accounting') });
    expect((await handle.result()).stage).toBe('paid');
    expect(env.fake.called('remind')).toHaveLength(2);
    expect((await state(handle)).documents.filter((d) => d.startsWith('MA-'))).toHaveLength(2);
    await recordHistory(handle, 'dunning');
  }, 60_000);
});

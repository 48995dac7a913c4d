import { addDays, berlinDate, endOfBerlinDay } from '../../shared/dates.ts';
import { createDeliveryNoteUpdate, createInvoiceUpdate, recordPaymentUpdate, shipDeliveryNoteUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * Dunning as timers of the sale: an invoice past its due date gets its
 * reminders level by level, each when its delay after the due date has
 * passed, and the payment stops the rest. The invoice fell due yesterday; the
 * levels' delays are counted from the end of that day, so they are set to fall
 * 1.5 s, 3 s and 60 s from now.
 */
describe('dunning', () => {
  let env: SaleTestEnv;
  const yesterday = addDays(berlinDate(new Date()), -1);
  const sinceDue = Date.now() - endOfBerlinDay(yesterday).getTime();
  const after = (ms: number) => `${sinceDue + ms}ms`;
  beforeAll(async () => {
    env = await saleTestEnv('dunning', {
      series: 111,
      invoiceDueDate: yesterday,
      dunningLevels: [
        { title: 'Zahlungserinnerung', afterDue: after(1_500) },
        { title: '1. Mahnung', afterDue: after(3_000) },
        { title: '2. Mahnung', afterDue: after(60_000) },
      ],
    });
  });
  afterAll(() => env.close());

  it('reminds at each level after the due date and stops when the invoice is paid', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '500.00' }]);
    const handle = await env.start(orderSale(order.number));
    const note = await update(handle, createDeliveryNoteUpdate, { ...actor('wera', 'warehouse') });
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'DHL', ...actor('wera', 'warehouse') });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...actor('anton', 'accounting') });

    // Nothing before the first level's time; then the reminder, then the first dunning letter.
    expect(env.fake.reminders).toEqual([]);
    const first = await until(handle, () => env.fake.reminders.length === 1);
    expect(env.fake.reminders[0]).toMatchObject({ invoiceNumber: inv.number, level: 1 });
    expect(first.documents).toContain(env.fake.reminders[0]!.number);
    await until(handle, () => env.fake.reminders.length === 2);
    expect(env.fake.reminders.map((r) => r.level)).toEqual([1, 2]);
    expect(env.fake.called('remind').map((c) => c.idempotencyKey)).toEqual([`${inv.number}:reminder:1`, `${inv.number}:reminder:2`]);
    expect(env.fake.called('getDunningLevels')).toHaveLength(1);

    // Paid: the sale closes, and the third level is never asked for.
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '500.00', ...actor('anton', 'accounting') });
    expect((await handle.result()).stage).toBe('paid');
    expect(env.fake.called('remind')).toHaveLength(2);
    expect((await state(handle)).documents.filter((d) => d.startsWith('MA-'))).toHaveLength(2);
    await recordHistory(handle, 'dunning');
  }, 30_000);
});

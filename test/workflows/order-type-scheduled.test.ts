import { berlinDate, addDays } from '../../shared/dates.ts';
import { cancelOrderUpdate } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/** Scheduled delivery: each schedule line is surfaced on its date (Europe/Berlin), the later ones wait. */
describe('order type: scheduled delivery', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('scheduled', { series: 52 });
  });
  afterAll(() => env.close());

  it("surfaces the lines due today at once and keeps next week's for later", async () => {
    const today = berlinDate(new Date());
    const nextWeek = addDays(today, 7);
    const order = env.fake.createDirectOrder([{ quantity: '10', unitPrice: '1.00' }], {
      orderType: 'scheduled',
      schedule: [
        { date: today, orderPosition: 1, quantity: '4' },
        { date: nextWeek, orderPosition: 1, quantity: '6' },
      ],
    });
    const handle = await env.start(orderSale(order.number));
    // The state shows the line first; the warehouse notice follows as the next step.
    const s = await until(handle, (x) => x.dueScheduleLines.length > 0 && env.fake.called('notify').length > 0);
    expect(s.dueScheduleLines).toEqual([{ date: today, orderPosition: 1, quantity: '4' }]);
    expect(env.fake.called('notify')).toEqual([expect.objectContaining({ kind: 'schedule_line_due', idempotencyKey: `${order.number}:schedule:${today}` })]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await state(handle)).dueScheduleLines).toHaveLength(1);
    await update(handle, cancelOrderUpdate, { reason: 'Test beendet', ...actor('anna', 'sales') });
    expect((await handle.result()).stage).toBe('cancelled');
    await recordHistory(handle, 'order-type-scheduled');
  });
});

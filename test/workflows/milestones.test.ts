import { addDays, berlinDate } from '../../shared/dates.ts';
import { cancelOrderUpdate, milestonesChangedSignal, SearchKeys, type SaleState } from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, state, until, update, type SaleHandle, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * A machine order with a milestone plan: the sale keeps a timer for the next
 * due milestone, tells the responsible person when one passes its date without
 * being done, and keeps the overdue flag and the next date as search attributes.
 * The plan's facts arrive as signals, as the gateway sends them after each change.
 */
describe('milestones', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('milestones', { series: 86 });
  });
  afterAll(() => env.close());

  const attributes = async (handle: SaleHandle) => {
    const d = await handle.describe();
    return {
      overdue: d.typedSearchAttributes.get(SearchKeys.milestoneOverdue),
      next: d.typedSearchAttributes.get(SearchKeys.nextMilestoneDate),
      orderType: d.typedSearchAttributes.get(SearchKeys.orderType),
    };
  };
  const eventuallyAttributes = async (handle: SaleHandle, check: (a: Awaited<ReturnType<typeof attributes>>) => boolean) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const a = await attributes(handle);
      if (check(a)) return a;
      if (Date.now() > deadline) throw new Error(`search attributes never matched: ${JSON.stringify(a)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const milestone = (s: SaleState, name: string) => s.milestones!.find((m) => m.name === name)!;

  it('plans 4 milestones, moves a date, flags the one that passes its date and notifies its responsible person, and clears the flag when it is done', async () => {
    const today = berlinDate(new Date());
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '250000.00' }]);
    const handle = await env.start(orderSale(order.number));
    await until(handle, (s) => s.stage === 'ordered');

    // M1 falls due in a moment (standing in for the end of its planned day); the others months later.
    const plan = env.fake.planMilestones(order.number, [
      { name: 'M1 Konstruktion freigegeben', plannedDate: today, responsible: 'paula.planung', dueInMs: 2_500 },
      { name: 'M2 Fertigung', plannedDate: addDays(today, 60), responsible: 'paula.planung', dueInMs: 60 * 86_400_000 },
      { name: 'M3 Werksabnahme', plannedDate: addDays(today, 120), responsible: 'max.montage', dueInMs: 120 * 86_400_000 },
      { name: 'M4 Inbetriebnahme', plannedDate: addDays(today, 180), responsible: 'max.montage', dueInMs: 180 * 86_400_000 },
    ]);
    await handle.signal(milestonesChangedSignal, plan);
    const planned = await until(handle, (s) => s.milestones?.length === 4);
    expect(planned.milestonePlanVersion).toBe(1);
    expect(planned.milestones!.every((m) => !m.overdue)).toBe(true);
    expect(await eventuallyAttributes(handle, (a) => a.overdue === false)).toEqual({
      overdue: false,
      next: new Date(`${today}T00:00:00Z`),
      orderType: 'standard',
    });

    // A date move: M3 a month later.
    const m3 = milestone(planned, 'M3 Werksabnahme');
    await handle.signal(
      milestonesChangedSignal,
      env.fake.changeMilestone(order.number, m3.id, { plannedDate: addDays(today, 150), dueInMs: 150 * 86_400_000 }),
    );
    const moved = await until(handle, (s) => s.milestonePlanVersion === 2);
    expect(milestone(moved, 'M3 Werksabnahme').plannedDate).toBe(addDays(today, 150));

    // M1 passes its date without being done: overdue, one notice to its responsible person, search attribute set.
    const overdue = await until(handle, (s) => milestone(s, 'M1 Konstruktion freigegeben').overdue && env.fake.called('notify').length > 0);
    expect(overdue.milestones!.filter((m) => m.overdue).map((m) => m.name)).toEqual(['M1 Konstruktion freigegeben']);
    const m1 = milestone(overdue, 'M1 Konstruktion freigegeben');
    expect(env.fake.called('notify')).toEqual([
      expect.objectContaining({
        recipient: 'user:paula.planung',
        kind: 'milestone_overdue',
        documentNumber: order.number,
        idempotencyKey: `${order.number}:milestone-overdue:${m1.id}:${today}`,
      }),
    ]);
    await eventuallyAttributes(handle, (a) => a.overdue === true);

    // Marked done: no longer overdue, the next date is M2's; a late signal of an older plan changes nothing.
    await handle.signal(milestonesChangedSignal, env.fake.changeMilestone(order.number, m1.id, { status: 'done' }));
    const done = await until(handle, (s) => s.milestonePlanVersion === 3);
    expect(milestone(done, 'M1 Konstruktion freigegeben')).toMatchObject({ status: 'done', overdue: false });
    expect(await eventuallyAttributes(handle, (a) => a.overdue === false)).toMatchObject({ next: new Date(`${addDays(today, 60)}T00:00:00Z`) });
    await handle.signal(milestonesChangedSignal, plan);
    await new Promise((r) => setTimeout(r, 300));
    expect((await state(handle)).milestonePlanVersion).toBe(3);
    expect(env.fake.called('notify')).toHaveLength(1);

    await update(handle, cancelOrderUpdate, { reason: 'Test beendet', ...actor('anna', 'sales') });
    expect((await handle.result()).stage).toBe('cancelled');
    await recordHistory(handle, 'milestones');
  }, 30_000);
});

import { addDays, berlinDate } from '../../shared/dates.ts';
import {
  billFinalUpdate,
  billingPlanChangedSignal,
  billPlanItemUpdate,
  createDeliveryNoteUpdate,
  milestonesChangedSignal,
  recordPaymentUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, refusal, saleTestEnv, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * An order billed by plan: the sale bills the automatic items when their
 * trigger is reached (at once for "order confirmed", after a shipment for
 * "positions shipped", when a milestone is done), a project manager bills the
 * others, the final invoice comes after the last delivery, and the sale is
 * settled when every invoice is paid, although no delivery note was invoiced.
 */
describe('billing plan', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('billing-plan', { series: 101 });
  });
  afterAll(() => env.close());

  it('bills down payment, shipment and milestone items, refuses what is not due, and settles by the final invoice', async () => {
    const pm = actor('petra', 'project_manager');
    const order = env.fake.createDirectOrder([
      { quantity: '1', unitPrice: '80000.00' },
      { quantity: '4', unitPrice: '500.00' },
    ]);
    const handle = await env.start(orderSale(order.number));
    await until(handle, (s) => s.stage === 'ordered');
    const milestones = env.fake.planMilestones(order.number, [
      { name: 'Abnahme', plannedDate: addDays(berlinDate(new Date()), 30), responsible: 'paula', dueInMs: 30 * 86_400_000 },
    ]);
    await handle.signal(milestonesChangedSignal, milestones);
    const acceptance = milestones.milestones[0]!.id;

    const items = [
      { key: 'anzahlung', kind: 'down_payment', percent: '30', trigger: { on: 'order_confirmed' } },
      { key: 'hauptgeraet', kind: 'progress', percent: '40', trigger: { on: 'positions_shipped', positions: [1] } },
      { key: 'abnahme', kind: 'progress', percent: '20', trigger: { on: 'milestone_done', milestoneId: acceptance } },
    ] as const;
    env.fake.billingPlans.set(order.number, items.map((i) => ({ ...i, trigger: { ...i.trigger } })) as never);
    await handle.signal(billingPlanChangedSignal, {
      planVersion: 1,
      items: [
        { key: 'anzahlung', label: 'Anzahlung', on: 'order_confirmed', auto: true },
        { key: 'hauptgeraet', label: 'Hauptgerät', on: 'positions_shipped', auto: true },
        { key: 'abnahme', label: 'Abnahme', on: 'milestone_done', milestoneId: acceptance, auto: false },
      ],
    });

    // The down payment at once, by the sale itself.
    const down = await until(handle, (s) => s.billing?.items[0]?.invoiceNumber != null);
    expect(down.billing!.items.map((i) => i.invoiceNumber !== null)).toEqual([true, false, false]);
    expect(env.fake.called('billPlanItem')).toEqual([expect.objectContaining({ itemKey: 'anzahlung', idempotencyKey: `${order.number}:bill:anzahlung` })]);

    // Not due: the milestone is not done, the final invoice waits for the last delivery, a billed item is not billed twice.
    expect(await refusal(update(handle, billPlanItemUpdate, { itemKey: 'abnahme', ...pm }))).toEqual({ status: 409, code: 'trigger_not_reached' });
    expect(await refusal(update(handle, billFinalUpdate, pm))).toEqual({ status: 409, code: 'not_delivered' });
    expect(await refusal(update(handle, billPlanItemUpdate, { itemKey: 'anzahlung', ...pm }))).toEqual({ status: 409, code: 'already_billed' });
    expect(await refusal(update(handle, billPlanItemUpdate, { itemKey: 'nope', ...pm }))).toEqual({ status: 404, code: 'not_found' });

    // The accessories ship first: the shipment item is tried once and refused (position 1 not shipped), no invoice.
    const first = await update(handle, createDeliveryNoteUpdate, { lines: [{ orderPosition: 2, quantity: '4' }], ...actor('lars', 'warehouse') });
    await update(handle, shipDeliveryNoteUpdate, { number: first.number, carrier: 'DHL', ...actor('lars', 'warehouse') });
    const shipmentTries = () => env.fake.called('billPlanItem').filter((c) => c.itemKey === 'hauptgeraet').length;
    await until(handle, () => shipmentTries() === 1);
    // The machine ships: now the shipment item is billed by the sale.
    const second = await update(handle, createDeliveryNoteUpdate, { ...actor('lars', 'warehouse') });
    await update(handle, shipDeliveryNoteUpdate, { number: second.number, carrier: 'Spedition', ...actor('lars', 'warehouse') });
    const shipped = await until(handle, (s) => s.billing?.items[1]?.invoiceNumber != null);
    expect(shipmentTries()).toBe(2);
    expect(shipped.stage).toBe('delivered');

    // The milestone is done; the project manager bills it, then the final invoice.
    await handle.signal(milestonesChangedSignal, env.fake.changeMilestone(order.number, acceptance, { status: 'done' }));
    await until(handle, (s) => s.milestones?.[0]?.status === 'done');
    await update(handle, billPlanItemUpdate, { itemKey: 'abnahme', ...pm });
    const final = await update(handle, billFinalUpdate, pm);
    expect(final.invoiceKind).toBe('final');
    const billed = await until(handle, (s) => s.billing?.finalInvoice === final.number);
    expect(billed.stage).toBe('invoiced');
    expect(await refusal(update(handle, billPlanItemUpdate, { itemKey: 'abnahme', ...pm }))).toEqual({ status: 409, code: 'already_billed' });
    // 30 % + 40 % + 20 % of 82,000.00, and the final 10 %: the whole order.
    expect(env.fake.called('billFinal')).toHaveLength(1);
    const grosses = billed.invoiceNumbers.map((n) => env.fake.invoices.get(n)!.totals.gross);
    expect(grosses).toEqual(['24600.00', '32800.00', '16400.00', '8200.00']);

    for (const number of billed.invoiceNumbers) {
      await update(handle, recordPaymentUpdate, { invoiceNumber: number, amount: env.fake.invoices.get(number)!.totals.gross, ...actor('bea', 'accounting') });
    }
    expect((await handle.result()).stage).toBe('paid');
    await recordHistory(handle, 'billing-plan');
  }, 30_000);
});

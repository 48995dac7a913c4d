import { addDays, berlinDate } from '../../shared/dates.ts';
import { recordPaymentUpdate } from '../../workflows/src/sale.contract.ts';
import { recordHistory, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';
import { accounting, combinedSales, dunningLevels } from './helpers/combined-sales.ts';

/**
 * Dunning of a combined invoice (Sammelrechnung): the sale of its first order
 * leads it and keeps its due date, so that sale alone reminds, level by level;
 * the other order's sale sends nothing. One payment on the leading sale stops
 * the reminders and settles both sales. The invoice fell due yesterday; the
 * levels are set to fall 5 s, 8 s and 120 s after the invoice is issued.
 */
describe('combined invoice dunning', () => {
  const NAME = 'combined-invoice-dunning';
  let env: SaleTestEnv;
  const yesterday = addDays(berlinDate(new Date()), -1);
  const { levels, schedule: scheduleLevels } = dunningLevels(yesterday);
  beforeAll(async () => {
    env = await saleTestEnv(NAME, { series: 131, invoiceDueDate: yesterday, dunningLevels: levels });
  });
  afterAll(() => env.close());
  const { combine, shippedOrder } = combinedSales(() => env, NAME);

  it('the leading sale reminds level by level, the partner sends nothing, and one payment settles both', async () => {
    const lead = await shippedOrder('300.00', '1');
    const partner = await shippedOrder('200.00', '1');
    scheduleLevels();
    const inv = await combine('d1', [lead.note, partner.note]);
    expect([inv.gross, inv.dueDate]).toEqual(['500.00', yesterday]);
    await until(partner.handle, (s) => s.invoiceNumbers.includes(inv.number));

    expect(env.fake.reminders).toEqual([]);
    await until(lead.handle, () => env.fake.reminders.length === 2, 20_000);
    expect(env.fake.reminders.map((r) => [r.invoiceNumber, r.level])).toEqual([
      [inv.number, 1],
      [inv.number, 2],
    ]);
    // Each level once for the invoice, however many sales it bills.
    expect(env.fake.called('remind').map((c) => c.idempotencyKey)).toEqual([`${inv.number}:reminder:1`, `${inv.number}:reminder:2`]);
    // The activity has returned; the sale records the letter's number in its next workflow task.
    await until(lead.handle, (s) => s.documents.filter((d) => d.startsWith('MA-')).length === 2, 5_000);
    expect((await state(partner.handle)).documents.filter((d) => d.startsWith('MA-'))).toEqual([]);

    await update(lead.handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: '500.00', ...accounting });
    const [doneLead, donePartner] = await Promise.all([lead.handle.result(), partner.handle.result()]);
    expect([doneLead.stage, donePartner.stage]).toEqual(['paid', 'paid']);
    expect(env.fake.called('remind')).toHaveLength(2);
    await recordHistory(lead.handle, 'combined-invoice-dunning-lead');
  }, 60_000);
});

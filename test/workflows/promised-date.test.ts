import { berlinDate } from '../../shared/dates.ts';
import {
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  goodsReceivedSignal,
  promisedDateChangedSignal,
  recordPaymentUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, saleTestEnv, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * A make-to-order line's promised date moves: the sale's timer follows the new
 * date, and each date that passes without the goods reminds the planners once.
 */
describe('moving a promised date', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('promised-date', { series: 16 });
  });
  afterAll(() => env.close());
  const warehouse = actor('wera', 'warehouse');
  const accounting = actor('anton', 'accounting');
  const day = (offset: number) => berlinDate(new Date(Date.now() + offset * 86_400_000));

  it('reminds by the new date, once per date', async () => {
    const order = env.fake.createDirectOrder([{ quantity: '1', unitPrice: '9000.00', makeToOrder: { promisedDate: day(60), dueInMs: 3_600_000 } }]);
    const handle = await env.start(orderSale(order.number));
    await until(handle, (s) => s.awaitingProduction?.[0]?.promisedDate === day(60));

    // Production now promises an earlier date, which passes (in test time) shortly.
    await handle.signal(promisedDateChangedSignal, { position: 1, promisedDate: day(1), dueAt: new Date(Date.now() + 1_500).toISOString() });
    await until(handle, (s) => s.awaitingProduction?.[0]?.promisedDate === day(1));
    await until(handle, (s) => s.awaitingProduction?.[0]?.overdue === true);
    // Then a later date, which passes too: overdue again, and a second notice for that date.
    await handle.signal(promisedDateChangedSignal, { position: 1, promisedDate: day(2), dueAt: new Date(Date.now() + 1_500).toISOString() });
    await until(handle, (s) => s.awaitingProduction?.[0]?.promisedDate === day(2) && s.awaitingProduction[0].overdue === false);
    await until(handle, (s) => s.awaitingProduction?.[0]?.overdue === true);
    await new Promise((r) => setTimeout(r, 300));
    expect(env.fake.called('notify').map((n) => [n.kind, n.details, n.idempotencyKey])).toEqual([
      ['production_overdue', { orderPosition: 1, promisedDate: day(1) }, `${order.number}:production-overdue:1:${day(1)}`],
      ['production_overdue', { orderPosition: 1, promisedDate: day(2) }, `${order.number}:production-overdue:1:${day(2)}`],
    ]);

    await handle.signal(goodsReceivedSignal, env.fake.receiveGoods(order.number, 1));
    await until(handle, (s) => s.awaitingProduction?.length === 0);
    const note = await update(handle, createDeliveryNoteUpdate, warehouse);
    await update(handle, shipDeliveryNoteUpdate, { number: note.number, carrier: 'Spedition', ...warehouse });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [note.number], ...accounting });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...accounting });
    expect((await handle.result()).stage).toBe('paid');

    const history = await handle.fetchHistory();
    const timers = history.events!.filter((e) => e.timerStartedEventAttributes);
    const summaries = timers.map((e) => Buffer.from(e.userMetadata?.summary?.data ?? new Uint8Array()).toString());
    expect(summaries).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Fertigung ${order.number} Pos. 1 zugesagt bis ${day(60)}`),
        expect.stringContaining(`Fertigung ${order.number} Pos. 1 zugesagt bis ${day(1)}`),
        expect.stringContaining(`Fertigung ${order.number} Pos. 1 zugesagt bis ${day(2)}`),
      ]),
    );
    await recordHistory(handle, 'promised-date');
  }, 30_000);
});

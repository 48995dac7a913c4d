import { berlinDate } from '../../shared/dates.ts';
import {
  createDeliveryNoteUpdate,
  createInvoiceUpdate,
  goodsReceivedSignal,
  recordPaymentUpdate,
  shipDeliveryNoteUpdate,
} from '../../workflows/src/sale.contract.ts';
import { actor, orderSale, recordHistory, refusal, saleTestEnv, state, until, update, type SaleTestEnv } from './helpers/sale-env.ts';

/**
 * An order with a make-to-order line: the sale learns the line when it adopts
 * its order, keeps a timer until its promised date, tells the planners once
 * when the date passes without the goods, and goes on when the gateway signals
 * that the goods were received. The other lines ship meanwhile.
 */
describe('make-to-order', () => {
  let env: SaleTestEnv;
  beforeAll(async () => {
    env = await saleTestEnv('make-to-order', { series: 96 });
  });
  afterAll(() => env.close());

  it('waits for the goods of a make-to-order line, reminds the planner when the promised date passes, then ships it', async () => {
    const today = berlinDate(new Date());
    const order = env.fake.createDirectOrder([
      { quantity: '2', unitPrice: '100.00' },
      { quantity: '1', unitPrice: '5000.00', makeToOrder: { promisedDate: today, dueInMs: 2_500 } },
    ]);
    const handle = await env.start(orderSale(order.number));
    const waiting = await until(handle, (s) => s.stage === 'ordered' && (s.awaitingProduction?.length ?? 0) > 0);
    expect(waiting.awaitingProduction).toEqual([{ position: 2, promisedDate: today, overdue: false }]);

    // The stocked line ships meanwhile; the make-to-order line is refused until its goods arrive.
    const first = await update(handle, createDeliveryNoteUpdate, { ...actor('lars.lager', 'warehouse') });
    expect(env.fake.notes.get(first.number)!.lines.map((l) => l.orderPosition)).toEqual([1]);
    await update(handle, shipDeliveryNoteUpdate, { number: first.number, carrier: 'DHL', ...actor('lars.lager', 'warehouse') });
    expect(
      await refusal(update(handle, createDeliveryNoteUpdate, { lines: [{ orderPosition: 2, quantity: '1' }], ...actor('lars.lager', 'warehouse') })),
    ).toMatchObject({ status: 409, code: 'awaiting_production' });

    // The promised date passes without the goods: overdue, one notice to the planners.
    const overdue = await until(handle, (s) => s.awaitingProduction?.[0]?.overdue === true);
    expect(overdue.stage).toBe('partially_delivered');
    await new Promise((r) => setTimeout(r, 300));
    expect(env.fake.called('notify')).toEqual([
      expect.objectContaining({
        recipient: 'role:planner',
        kind: 'production_overdue',
        documentNumber: order.number,
        details: { orderPosition: 2, promisedDate: today },
        idempotencyKey: `${order.number}:production-overdue:2:${today}`,
      }),
    ]);

    // Goods received: the sale stops waiting, the line ships, the sale is billed and paid.
    await handle.signal(goodsReceivedSignal, env.fake.receiveGoods(order.number, 2));
    await until(handle, (s) => s.awaitingProduction?.length === 0);
    const second = await update(handle, createDeliveryNoteUpdate, { ...actor('lars.lager', 'warehouse') });
    expect(env.fake.notes.get(second.number)!.lines).toEqual([{ orderPosition: 2, quantity: '1' }]);
    expect(await update(handle, shipDeliveryNoteUpdate, { number: second.number, carrier: 'Spedition', ...actor('lars.lager', 'warehouse') })).toMatchObject({
      orderComplete: true,
    });
    const inv = await update(handle, createInvoiceUpdate, { deliveryNoteNumbers: [first.number, second.number], ...actor('berta.buchhaltung', 'accounting') });
    await update(handle, recordPaymentUpdate, { invoiceNumber: inv.number, amount: inv.gross, ...actor('berta.buchhaltung', 'accounting') });
    expect((await handle.result()).stage).toBe('paid');
    expect((await state(handle)).awaitingProduction).toEqual([]);
    expect(env.fake.called('notify')).toHaveLength(1);

    // The timer says in the user's terms what the sale waited for.
    const history = await handle.fetchHistory();
    const timers = history.events!.filter((e) => e.timerStartedEventAttributes);
    const summaries = timers.map((e) => Buffer.from(e.userMetadata?.summary?.data ?? new Uint8Array()).toString());
    expect(summaries).toContainEqual(expect.stringContaining(`Fertigung ${order.number} Pos. 2 zugesagt bis ${today}`));
    await recordHistory(handle, 'make-to-order');
  }, 30_000);
});

import { Client, Connection } from '@temporalio/client';
import { api, ok, newCustomer, newProduct, orderedSale } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';
import { stateQuery, type SaleState } from '../../workflows/src/sale.contract.ts';

/**
 * Single order lines after confirmation, through the REST API on the real stack:
 * a backorder the sale waits for until a goods receipt serves it (the warehouse
 * is told once), cancelling (part of) lines with their reservations released and
 * the order delivered once shipped and cancelled quantities cover it, a
 * make-to-order line that takes no free stock, whose promised date moves and
 * whose cancellation ends the sale's wait. Stock levels are checked after every
 * step; refusals write nothing.
 */

/** The product's level in the main warehouse as [onHand, reserved, available]. */
async function level(sku: string): Promise<[string, string, string]> {
  const l = (await ok('warehouse', 'GET', `/api/v1/stock?product=${encodeURIComponent(sku)}&warehouse=HAUPT`)).items[0];
  return l ? [l.onHand, l.reserved, l.available] : ['0', '0', '0'];
}
const fulfilment = (order: string) => ok('warehouse', 'GET', `/api/v1/orders/${order}/fulfilment`);
/** The order's lines as the warehouse sees them: [position, ordered, cancelled, reserved, shipped, open, backorder]. */
async function lines(order: string): Promise<string[][]> {
  return (await fulfilment(order)).lines.map((l: any) => [String(l.position), l.ordered, l.cancelled, l.reserved, l.shipped, l.open, l.backorder]);
}
async function linesAre(order: string, expected: string[][], what: string): Promise<void> {
  await eventually(async () => JSON.stringify(await lines(order)) === JSON.stringify(expected), 30_000, what);
  expect(await lines(order)).toEqual(expected);
}
/** The order's own lines: [position, quantity, cancelledQuantity, openQuantity]. */
async function orderLines(order: string): Promise<string[][]> {
  return (await ok('admin', 'GET', `/api/v1/orders/${order}`)).lines.map((l: any) => [String(l.position), l.quantity, l.cancelledQuantity, l.openQuantity]);
}
const receipt = (sku: string, quantity: string) => ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: sku, quantity });
const note = (order: string, body: unknown = {}) => ok('warehouse', 'POST', `/api/v1/orders/${order}/delivery-notes`, body);
const ship = (number: string) => ok('warehouse', 'POST', `/api/v1/delivery-notes/${number}/ship`, { carrier: 'DHL' });
const cancelLine = (role: Parameters<typeof api>[0], order: string, position: number | string, body: Record<string, unknown>) =>
  api(role, 'POST', `/api/v1/orders/${order}/lines/${position}/cancel`, body);
const notices = async (recipient: string, order: string, kind: string) =>
  ((await api('admin', 'GET', `/api/v1/notifications?recipient=${recipient}&documentNumber=${order}`)).body as any[]).filter((n) => n.kind === kind);
const audit = async (order: string) => (await ok('admin', 'GET', `/api/v1/audit/${order}`)) as any[];

describe('order lines', () => {
  let temporal: Client;
  let connection: Connection;
  let customerId: string;
  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
    temporal = new Client({ connection });
    customerId = (await newCustomer()).id;
  });
  afterAll(() => connection.close());

  const sale = (quoteNumber: string) => temporal.workflow.getHandle(`sale:${quoteNumber}`);
  const saleState = (quoteNumber: string) => sale(quoteNumber).query(stateQuery);
  const saleUntil = (quoteNumber: string, check: (s: SaleState) => boolean, what: string) =>
    eventually(
      async () => {
        const s = await saleState(quoteNumber);
        return check(s) && s;
      },
      30_000,
      what,
    );
  const awaitingStockAttribute = async (quoteNumber: string) => (await sale(quoteNumber).describe()).searchAttributes.KontorAwaitingStock?.[0];

  it('a backorder waits in the sale until a goods receipt serves it, the warehouse is told once; a line cancelled in part releases its reservation', async () => {
    const a = await newProduct('19.90', 'standard', 'Rucksack');
    const b = await newProduct('4.50', 'standard', 'Trinkflasche');
    await receipt(a.sku, '10');
    await receipt(b.sku, '3');
    const quote = await ok('sales', 'POST', '/api/v1/quotes', {
      customerId,
      currency: 'EUR',
      allowBackorders: true,
      lines: [
        { productId: a.id, quantity: '6' },
        { productId: b.id, quantity: '5' },
      ],
    });
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
    await linesAre(
      order.number,
      [
        ['1', '6', '0', '6', '0', '6', '0'],
        ['2', '5', '0', '3', '0', '5', '2'],
      ],
      'reservations',
    );
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['10', '6', '4'],
      ['3', '3', '0'],
    ]);
    expect(await orderLines(order.number)).toEqual([
      ['1', '6', '0', '6'],
      ['2', '5', '0', '5'],
    ]);

    // Refusals write nothing: more than is open, a role that may not, an unknown line, no reason, a zero quantity.
    const trail = (await audit(order.number)).length;
    const tooMuch = await cancelLine('sales', order.number, 1, { quantity: '7', reason: 'Kunde storniert' });
    expect([tooMuch.status, tooMuch.body.code, tooMuch.body.errors?.[0]?.field]).toEqual([409, 'exceeds_open', 'quantity']);
    expect((await cancelLine('warehouse', order.number, 1, { reason: 'Lager will nicht' })).status).toBe(403);
    const noLine = await cancelLine('sales', order.number, 9, { reason: 'gibt es nicht' });
    expect([noLine.status, noLine.body.errors?.[0]?.field]).toEqual([422, 'position']);
    const noReason = await cancelLine('sales', order.number, 1, { quantity: '1' });
    expect([noReason.status, noReason.body.errors?.[0]?.field]).toEqual([422, 'reason']);
    const zero = await cancelLine('sales', order.number, 1, { quantity: '0', reason: 'nichts' });
    expect([zero.status, zero.body.errors?.[0]?.field]).toEqual([422, 'quantity']);
    expect((await audit(order.number)).length).toBe(trail);
    expect(await orderLines(order.number)).toEqual([
      ['1', '6', '0', '6'],
      ['2', '5', '0', '5'],
    ]);
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['10', '6', '4'],
      ['3', '3', '0'],
    ]);

    // One of six rucksacks cancelled: the order shows it at once, the warehouse releases its reservation.
    const cancelled = await ok('sales', 'POST', `/api/v1/orders/${order.number}/lines/1/cancel`, { quantity: '1', reason: 'Kunde braucht nur fünf' });
    expect(cancelled.lines.map((l: any) => [l.position, l.quantity, l.cancelledQuantity, l.openQuantity])).toEqual([
      [1, '6', '1', '5'],
      [2, '5', '0', '5'],
    ]);
    await linesAre(
      order.number,
      [
        ['1', '6', '1', '5', '0', '5', '0'],
        ['2', '5', '0', '3', '0', '5', '2'],
      ],
      'reservation released',
    );
    expect(await level(a.sku)).toEqual(['10', '5', '5']);
    expect((await audit(order.number)).filter((e) => e.action === 'line_cancelled')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ role: 'sales' }),
        details: expect.objectContaining({ orderPosition: 1, quantity: '1', cancelledQuantity: '1', lineOpen: '5', reason: 'Kunde braucht nur fünf' }),
      }),
    ]);
    const releases = (await ok('warehouse', 'GET', `/api/v1/stock/moves?product=${a.sku}&kind=release`)).items;
    expect(releases.map((m: any) => [m.quantity, m.reservedChange, m.documentNumber, m.orderPosition])).toEqual([['1', '-1', order.number, 1]]);

    // A note takes what there is (5 rucksacks, 3 bottles); the 2 bottles left wait for stock, and the sale knows it.
    const n1 = await note(order.number);
    expect(n1.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([
      [1, '5'],
      [2, '3'],
    ]);
    await ship(n1.number);
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['5', '0', '5'],
      ['0', '0', '0'],
    ]);
    const waiting = await saleUntil(quote.number, (s) => s.awaitingStock?.length === 1, 'sale waits for stock');
    expect(waiting).toMatchObject({ stage: 'partially_delivered', awaitingStock: [2] });
    expect(await awaitingStockAttribute(quote.number)).toBe(true);
    const listed = await eventually(
      async () => {
        for await (const wf of temporal.workflow.list({ query: `KontorAwaitingStock = true AND KontorDocumentNumber = '${quote.number}'` }))
          return wf.workflowId;
        return undefined;
      },
      30_000,
      'sale listed by KontorAwaitingStock',
    );
    expect(listed).toBe(`sale:${quote.number}`);
    expect((await ok('sales', 'GET', `/api/v1/sales/${quote.number}`)).awaitingStock).toEqual([2]);

    // The receipt serves the backorder: the sale tells the warehouse once and stops waiting.
    const got = await receipt(b.sku, '5');
    expect(got.reservedFor).toEqual([{ orderNumber: order.number, orderPosition: 2, quantity: '2' }]);
    expect(await level(b.sku)).toEqual(['5', '2', '3']);
    await saleUntil(quote.number, (s) => s.awaitingStock?.length === 0, 'sale stops waiting for stock');
    const told = await eventually(async () => notices('role:warehouse', order.number, 'backorder_available').then((n) => n.length > 0 && n), 20_000, 'notice');
    expect(told).toEqual([expect.objectContaining({ recipient: 'role:warehouse', documentNumber: order.number, details: { orderPositions: [2] } })]);
    expect(await awaitingStockAttribute(quote.number)).toBe(false);

    const n2 = await note(order.number);
    expect(n2.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([[2, '2']]);
    await ship(n2.number);
    expect(await level(b.sku)).toEqual(['3', '0', '3']);
    expect(await level(a.sku)).toEqual(['5', '0', '5']);
    await saleUntil(quote.number, (s) => s.stage === 'delivered', 'sale delivered');
    expect(await lines(order.number)).toEqual([
      ['1', '6', '1', '0', '5', '0', '0'],
      ['2', '5', '0', '0', '5', '0', '0'],
    ]);
    await eventually(async () => (await ok('admin', 'GET', `/api/v1/orders/${order.number}`)).status === 'delivered', 20_000, 'order delivered');
    expect(await notices('role:warehouse', order.number, 'backorder_available')).toHaveLength(1);
  }, 120_000);

  it('cancelling the backordered rest of a line delivers the order, releases nothing more, and later stock serves other orders', async () => {
    const p = await newProduct('12.00', 'standard', 'Kabeltrommel');
    const q = await newProduct('80.00', 'standard', 'Werkbank');
    await receipt(p.sku, '4');
    // Q is stock-managed with nothing on hand.
    await receipt(q.sku, '1');
    await ok('warehouse', 'POST', '/api/v1/stock/corrections', { product: q.sku, quantity: '-1', reason: 'Inventur' });
    const order = await ok('sales', 'POST', '/api/v1/orders', {
      customerId,
      currency: 'EUR',
      allowBackorders: true,
      lines: [
        { productId: p.id, quantity: '4' },
        { productId: q.id, quantity: '2' },
      ],
    });
    await linesAre(
      order.number,
      [
        ['1', '4', '0', '4', '0', '4', '0'],
        ['2', '2', '0', '0', '0', '2', '2'],
      ],
      'reservations',
    );
    await ok('planner', 'POST', `/api/v1/orders/${order.number}/lines/2/cancel`, { quantity: '1', reason: 'halbe Menge' });
    await linesAre(
      order.number,
      [
        ['1', '4', '0', '4', '0', '4', '0'],
        ['2', '2', '1', '0', '0', '1', '1'],
      ],
      'cancelled in part',
    );
    // Everything left of an order of which nothing shipped: that is an order cancellation, refused as a line's.
    const single = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId: q.id, quantity: '1' }] });
    await linesAre(single.number, [['1', '1', '0', '0', '0', '1', '1']], 'single order seen');
    const trail = (await audit(single.number)).length;
    const whole = await cancelLine('sales', single.number, 1, { reason: 'alles weg' });
    expect([whole.status, whole.body.code, whole.body.errors?.[0]?.field]).toEqual([409, 'cancel_order_instead', 'quantity']);
    expect((await audit(single.number)).length).toBe(trail);
    expect(await orderLines(single.number)).toEqual([['1', '1', '0', '1']]);

    const n1 = await note(order.number);
    expect(n1.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([[1, '4']]);
    await ship(n1.number);
    expect([await level(p.sku), await level(q.sku)]).toEqual([
      ['0', '0', '0'],
      ['0', '0', '0'],
    ]);
    await saleUntil(order.number, (s) => s.awaitingStock?.[0] === 2, 'sale waits for stock');

    // The rest of the backordered line goes: shipped and cancelled quantities cover the order, which is delivered at once.
    const done = await ok('planner', 'POST', `/api/v1/orders/${order.number}/lines/2/cancel`, { reason: 'Lieferant liefert nicht mehr' });
    expect(done.status).toBe('delivered');
    expect(done.lines.map((l: any) => [l.position, l.cancelledQuantity, l.openQuantity])).toEqual([
      [1, '0', '0'],
      [2, '2', '0'],
    ]);
    const delivered = await saleUntil(order.number, (s) => s.stage === 'delivered', 'sale delivered');
    expect(delivered.awaitingStock).toEqual([]);
    expect(await awaitingStockAttribute(order.number)).toBe(false);
    await linesAre(
      order.number,
      [
        ['1', '4', '0', '0', '4', '0', '0'],
        ['2', '2', '2', '0', '0', '0', '0'],
      ],
      'line 2 cancelled',
    );
    expect((await fulfilment(order.number)).status).toBe('shipped');
    // Only the other order of the product still waits.
    expect((await ok('warehouse', 'GET', `/api/v1/backorders?product=${q.sku}`)).items.map((b: any) => [b.orderNumber, b.backorder])).toEqual([
      [single.number, '1'],
    ]);
    const nothing = await cancelLine('sales', order.number, 2, { reason: 'noch einmal' });
    expect([nothing.status, nothing.body.code, nothing.body.errors?.[0]?.field]).toEqual([409, 'nothing_open', 'quantity']);

    // Stock that arrives now serves no cancelled quantity, only the other order.
    const got = await receipt(q.sku, '3');
    expect(got.reservedFor).toEqual([{ orderNumber: single.number, orderPosition: 1, quantity: '1' }]);
    expect(await level(q.sku)).toEqual(['3', '1', '2']);
    expect((await lines(order.number))[1]).toEqual(['2', '2', '2', '0', '0', '0', '0']);

    // Billed and paid, the sale closes.
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [n1.number] });
    await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: invoice.openAmount });
    await saleUntil(order.number, (s) => s.stage === 'paid', 'sale paid');
  }, 120_000);

  it('a make-to-order line takes no free stock, its promised date moves with the sale reminding by the new date, and cancelling it ends the wait', async () => {
    const machine = await newProduct('12000.00', 'standard', 'Sondermaschine');
    const manual = await newProduct('25.00', 'standard', 'Betriebsanleitung');
    await receipt(machine.sku, '5');
    const future = addDays(berlinDate(new Date()), 30);
    const { quote, order } = await orderedSale(
      [{ productId: manual.id, quantity: '1' }, { productId: machine.id, quantity: '2', makeToOrder: true, promisedDate: future } as any],
      customerId,
    );
    // Confirmed: the make-to-order line reserves nothing of the five machines in stock, and is no backorder.
    await eventually(async () => (await fulfilment(order.number)).lines.length === 2, 30_000, 'order seen by the warehouse');
    await new Promise((r) => setTimeout(r, 500));
    expect(await level(machine.sku)).toEqual(['5', '0', '5']);
    expect((await fulfilment(order.number)).lines[1]).toMatchObject({ reserved: '0', backorder: '0', awaiting: true, promisedDate: future });
    // A receipt does not serve it either: it waits for its own goods.
    expect((await receipt(machine.sku, '1')).reservedFor).toEqual([]);
    expect(await level(machine.sku)).toEqual(['6', '0', '6']);
    await saleUntil(quote.number, (s) => s.awaitingProduction?.[0]?.promisedDate === future, 'sale waits for production');

    // Moving the promised date: refusals first, nothing written.
    const path = (pos: number) => `/api/v1/orders/${order.number}/lines/${pos}/promised-date`;
    const yesterday = addDays(berlinDate(new Date()), -1);
    const trail = (await audit(order.number)).length;
    expect((await api('sales', 'POST', path(2), { promisedDate: yesterday, reason: 'Verzug' })).status).toBe(403);
    const stockLine = await api('planner', 'POST', path(1), { promisedDate: yesterday, reason: 'Verzug' });
    expect([stockLine.status, stockLine.body.code]).toEqual([409, 'not_make_to_order']);
    const badDate = await api('planner', 'POST', path(2), { promisedDate: '2026-02-30', reason: 'Verzug' });
    expect([badDate.status, badDate.body.errors?.[0]?.field]).toEqual([422, 'promisedDate']);
    const noReason = await api('planner', 'POST', path(2), { promisedDate: yesterday });
    expect([noReason.status, noReason.body.errors?.[0]?.field]).toEqual([422, 'reason']);
    expect((await audit(order.number)).length).toBe(trail);

    // Production promised yesterday after all (entered late): the sale flags it at once and tells the planners, once.
    const moved = await ok('planner', 'POST', path(2), { promisedDate: yesterday, reason: 'Zulieferer verspätet' });
    expect(moved.lines[1].promisedDate).toBe(yesterday);
    expect((await audit(order.number)).filter((e) => e.action === 'promised_date_changed')).toEqual([
      expect.objectContaining({ details: { orderPosition: 2, from: future, to: yesterday, reason: 'Zulieferer verspätet' } }),
    ]);
    expect((await fulfilment(order.number)).lines[1].promisedDate).toBe(yesterday);
    const overdue = await saleUntil(quote.number, (s) => s.awaitingProduction?.[0]?.overdue === true, 'overdue by the new date');
    expect(overdue.awaitingProduction).toEqual([{ position: 2, promisedDate: yesterday, overdue: true }]);
    const reminded = await eventually(async () => notices('role:planner', order.number, 'production_overdue').then((n) => n.length > 0 && n), 20_000, 'notice');
    expect(reminded).toEqual([expect.objectContaining({ details: { orderPosition: 2, promisedDate: yesterday } })]);

    // The manual ships; then one machine is cancelled (the sale still waits for the other), then the other.
    const n1 = await note(order.number);
    expect(n1.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([[1, '1']]);
    await ship(n1.number);
    await ok('planner', 'POST', `/api/v1/orders/${order.number}/lines/2/cancel`, { quantity: '1', reason: 'nur eine Maschine' });
    expect((await saleState(quote.number)).awaitingProduction).toEqual([{ position: 2, promisedDate: yesterday, overdue: true }]);
    const done = await ok('sales', 'POST', `/api/v1/orders/${order.number}/lines/2/cancel`, { reason: 'Kunde verzichtet' });
    expect(done).toMatchObject({ status: 'delivered' });
    const delivered = await saleUntil(quote.number, (s) => s.stage === 'delivered', 'sale delivered');
    expect(delivered.awaitingProduction).toEqual([]);
    // Goods for a cancelled line are refused; the stock stayed untouched throughout.
    const late = await api('planner', 'POST', `/api/v1/orders/${order.number}/lines/2/goods-received`, {});
    expect([late.status, late.body.code]).toEqual([409, 'line_cancelled']);
    expect(await level(machine.sku)).toEqual(['6', '0', '6']);
    expect((await fulfilment(order.number)).lines[1]).toMatchObject({ ordered: '2', cancelled: '2', open: '0', awaiting: false, backorder: '0' });
    expect(await notices('role:planner', order.number, 'production_overdue')).toHaveLength(1);
  }, 120_000);
});

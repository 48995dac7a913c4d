import { Decimal } from 'decimal.js';
import { api, ok, newCustomer, newProduct, orderedSale } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * The warehouse through the REST API: goods receipts, reservations of confirmed
 * orders, partial shipments with backorders, refusals that write nothing, and
 * many orders of one scarce product at once.
 */

type Level = { onHand: string; reserved: string; available: string };
type Move = { id: string; kind: string; onHandChange: string; reservedChange: string; documentNumber: string | null };

/** The product's level in the main warehouse as [onHand, reserved, available]. */
async function level(sku: string): Promise<[string, string, string]> {
  const page = await ok('warehouse', 'GET', `/api/v1/stock?product=${encodeURIComponent(sku)}&warehouse=HAUPT`);
  const l = page.items[0] as Level | undefined;
  return l ? [l.onHand, l.reserved, l.available] : ['0', '0', '0'];
}

/** Every move of a product, oldest first. */
async function moves(sku: string): Promise<Move[]> {
  const all: Move[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const page: { items: Move[]; nextOffset: number | null } = await ok(
      'warehouse',
      'GET',
      `/api/v1/stock/moves?product=${encodeURIComponent(sku)}&limit=200&offset=${offset}`,
    );
    all.push(...page.items);
    offset = page.nextOffset;
  }
  return all.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Replays the ledger: the sums must equal the level, and no prefix may ever show
 * negative on hand, reserved or available (moves of one level are written under its row lock, so id order is their order).
 */
async function checkLedger(sku: string): Promise<void> {
  let onHand = new Decimal(0);
  let reserved = new Decimal(0);
  for (const m of await moves(sku)) {
    onHand = onHand.plus(m.onHandChange);
    reserved = reserved.plus(m.reservedChange);
    expect([onHand.isNegative(), reserved.isNegative(), onHand.minus(reserved).isNegative()]).toEqual([false, false, false]);
  }
  expect([onHand.toString(), reserved.toString(), onHand.minus(reserved).toString()]).toEqual(await level(sku));
}

const fulfilment = (order: string) => ok('warehouse', 'GET', `/api/v1/orders/${order}/fulfilment`);
/** The order's lines as [position, ordered, reserved, shipped, open, backorder]. */
async function lines(order: string): Promise<string[][]> {
  return (await fulfilment(order)).lines.map((l: any) => [String(l.position), l.ordered, l.reserved, l.shipped, l.open, l.backorder]);
}
/** Waits until the order's reservations are in (the warehouse reserves when it hears of the order). */
async function reservedAs(order: string, expected: string[][]): Promise<void> {
  await eventually(async () => JSON.stringify(await lines(order)) === JSON.stringify(expected), 30_000, `reservations of ${order}`);
}
const receipt = (sku: string, quantity: string, reference?: string) =>
  ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: sku, quantity, ...(reference ? { reference } : {}) });
const note = (order: string, body: unknown = {}) => api('warehouse', 'POST', `/api/v1/orders/${order}/delivery-notes`, body);
const ship = (number: string) => ok('warehouse', 'POST', `/api/v1/delivery-notes/${number}/ship`, { carrier: 'DHL' });

describe('stock', () => {
  let customerId: string;
  beforeAll(async () => {
    customerId = (await newCustomer()).id;
  });

  it('a web-shop order ships in three parts, one line on backorder until a goods receipt; levels right after every step', async () => {
    const a = await newProduct('19.90', 'standard', 'Rucksack');
    const b = await newProduct('4.50', 'standard', 'Trinkflasche');
    await receipt(a.sku, '10', 'WE-4711');
    await receipt(b.sku, '3');
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['10', '0', '10'],
      ['3', '0', '3'],
    ]);

    const quote = await ok('sales', 'POST', '/api/v1/quotes', {
      customerId,
      currency: 'EUR',
      allowBackorders: true,
      lines: [
        { productId: a.id, quantity: '6' },
        { productId: b.id, quantity: '5' },
      ],
    });
    expect(quote.allowBackorders).toBe(true);
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
    expect(order.allowBackorders).toBe(true);

    // Confirmed: A fully reserved, B reserved as far as it goes, the rest on backorder.
    await reservedAs(order.number, [
      ['1', '6', '6', '0', '6', '0'],
      ['2', '5', '3', '0', '5', '2'],
    ]);
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['10', '6', '4'],
      ['3', '3', '0'],
    ]);
    const backorders = (await ok('warehouse', 'GET', `/api/v1/backorders?product=${b.sku}`)).items;
    expect(backorders).toEqual([
      expect.objectContaining({
        orderNumber: order.number,
        orderPosition: 2,
        open: '5',
        reserved: '3',
        backorder: '2',
        availableNow: false,
        stockManaged: true,
      }),
    ]);

    // Part 1: two of A, as asked.
    const n1 = await note(order.number, { lines: [{ orderPosition: 1, quantity: '2' }] });
    expect(n1.status).toBe(201);
    await ship(n1.body.number);
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['8', '4', '4'],
      ['3', '3', '0'],
    ]);

    // Part 2: no lines given and backorders allowed: what is there (4 A, 3 B); 2 B stay open.
    const n2 = await note(order.number);
    expect(n2.status).toBe(201);
    expect(n2.body.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([
      [1, '4'],
      [2, '3'],
    ]);
    await ship(n2.body.number);
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['4', '0', '4'],
      ['0', '0', '0'],
    ]);
    expect(await lines(order.number)).toEqual([
      ['1', '6', '0', '6', '0', '0'],
      ['2', '5', '0', '3', '2', '2'],
    ]);
    expect((await fulfilment(order.number)).status).toBe('partially_shipped');

    // Nothing of B in stock: a further note is refused and writes nothing.
    const movesBefore = (await moves(b.sku)).length;
    const refused = await note(order.number);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('insufficient_stock');
    expect((await ok('admin', 'GET', `/api/v1/orders/${order.number}/delivery-notes`)).length).toBe(2);
    expect((await moves(b.sku)).length).toBe(movesBefore);

    // The goods receipt serves the backorder at once.
    const got = await receipt(b.sku, '5', 'WE-4712');
    expect(got.reservedFor).toEqual([{ orderNumber: order.number, orderPosition: 2, quantity: '2' }]);
    expect(got.level).toMatchObject({ onHand: '5', reserved: '2', available: '3' });
    expect((await ok('warehouse', 'GET', `/api/v1/backorders?product=${b.sku}`)).items).toEqual([
      expect.objectContaining({ orderNumber: order.number, open: '2', reserved: '2', backorder: '0', availableNow: true }),
    ]);

    // Part 3: the rest.
    const n3 = await note(order.number);
    expect(n3.body.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([[2, '2']]);
    await ship(n3.body.number);
    expect([await level(a.sku), await level(b.sku)]).toEqual([
      ['4', '0', '4'],
      ['3', '0', '3'],
    ]);
    expect(await fulfilment(order.number)).toMatchObject({ status: 'shipped', allowBackorders: true });
    expect((await ok('warehouse', 'GET', `/api/v1/backorders?product=${b.sku}`)).items).toEqual([]);
    await eventually(async () => (await ok('admin', 'GET', `/api/v1/orders/${order.number}`)).status === 'delivered', 20_000, 'order delivered');

    // The ledger: who, why, which document; its sums are the levels.
    const ledgerB = await moves(b.sku);
    expect(ledgerB.map((m) => [m.kind, m.onHandChange, m.reservedChange, m.documentNumber])).toEqual([
      ['receipt', '3', '0', null],
      ['reservation', '0', '3', order.number],
      ['shipment', '-3', '-3', n2.body.number],
      ['receipt', '5', '0', 'WE-4712'],
      ['reservation', '0', '2', order.number],
      ['shipment', '-2', '-2', n3.body.number],
    ]);
    await checkLedger(a.sku);
    await checkLedger(b.sku);
    // The product's audit trail shows its master data and its receipts.
    const trail = await ok('admin', 'GET', `/api/v1/audit/${b.sku}`);
    expect(trail.map((e: any) => e.action)).toEqual(['created', 'receipt', 'receipt']);
    expect(trail[2]).toMatchObject({
      actor: { role: 'warehouse' },
      details: { quantity: '5', reference: 'WE-4712', reservedFor: [{ orderNumber: order.number, orderPosition: 2, quantity: '2' }] },
    });
  });

  it('refusals write nothing: more than ordered, more than available without backorders, a correction without reason, a sales user posting a receipt', async () => {
    const d = await newProduct('7.00', 'standard', 'Knappe Ware');
    await receipt(d.sku, '2');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId: d.id, quantity: '5' }] });
    expect(order.allowBackorders).toBe(false);
    await reservedAs(order.number, [['1', '5', '2', '0', '5', '3']]);
    const before = { level: await level(d.sku), moves: (await moves(d.sku)).length };

    const tooMuch = await note(order.number, { lines: [{ orderPosition: 1, quantity: '6' }] });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([409, 'exceeds_ordered']);
    const beyondStock = await note(order.number, { lines: [{ orderPosition: 1, quantity: '3' }] });
    expect([beyondStock.status, beyondStock.body.code]).toEqual([409, 'insufficient_stock']);
    expect(beyondStock.body.errors).toEqual([
      { field: 'lines[0].quantity', detail: expect.stringContaining(`position 1 (${d.sku}): 3 Stk wanted, 2 available to this order`) },
    ]);
    const allOpen = await note(order.number);
    expect([allOpen.status, allOpen.body.code]).toEqual([409, 'insufficient_stock']);

    const noReason = await api('warehouse', 'POST', '/api/v1/stock/corrections', { product: d.sku, quantity: '-1' });
    expect([noReason.status, noReason.body.errors[0].field]).toEqual([422, 'reason']);
    const zero = await api('warehouse', 'POST', '/api/v1/stock/corrections', { product: d.sku, quantity: '0', reason: 'Inventur' });
    expect([zero.status, zero.body.errors[0].field]).toEqual([422, 'quantity']);
    const intoReserved = await api('warehouse', 'POST', '/api/v1/stock/corrections', { product: d.sku, quantity: '-1', reason: 'Bruch' });
    expect([intoReserved.status, intoReserved.body.code, intoReserved.body.errors[0].field]).toEqual([409, 'insufficient_stock', 'quantity']);
    const bySales = await api('sales', 'POST', '/api/v1/stock/receipts', { product: d.sku, quantity: '100' });
    expect(bySales.status).toBe(403);
    const unknownProduct = await api('warehouse', 'POST', '/api/v1/stock/receipts', { product: 'GIBT-ES-NICHT', quantity: '1' });
    expect([unknownProduct.status, unknownProduct.body.errors[0].field]).toEqual([422, 'product']);
    const unknownWarehouse = await api('warehouse', 'POST', '/api/v1/stock/receipts', { product: d.sku, quantity: '1', warehouse: 'NIRGENDS' });
    expect([unknownWarehouse.status, unknownWarehouse.body.errors[0].field]).toEqual([422, 'warehouse']);
    const service = await ok('sales_manager', 'POST', '/api/v1/products', {
      sku: `SVC-${Date.now()}`,
      name: 'Montage',
      prices: { EUR: '80' },
      kind: 'service',
    });
    const serviceReceipt = await api('warehouse', 'POST', '/api/v1/stock/receipts', { product: service.id, quantity: '1' });
    expect([serviceReceipt.status, serviceReceipt.body.errors[0].field]).toEqual([422, 'product']);

    expect((await ok('admin', 'GET', `/api/v1/orders/${order.number}/delivery-notes`)).length).toBe(0);
    expect({ level: await level(d.sku), moves: (await moves(d.sku)).length }).toEqual(before);
    expect((await ok('warehouse', 'GET', `/api/v1/stock?product=${service.sku}`)).items).toEqual([]);

    // A correction with a reason is booked with it; found goods serve the backorder.
    const found = await ok('warehouse', 'POST', '/api/v1/stock/corrections', { product: d.sku, quantity: '1', reason: 'Inventur: 1 Stück gefunden' });
    expect(found.move).toMatchObject({ kind: 'correction', onHandChange: '1', reason: 'Inventur: 1 Stück gefunden', actor: { role: 'warehouse' } });
    expect(found.reservedFor).toEqual([{ orderNumber: order.number, orderPosition: 1, quantity: '1' }]);
    expect(await level(d.sku)).toEqual(['3', '3', '0']);

    // Cancelling the order gives its reservation back.
    await ok('sales', 'POST', `/api/v1/orders/${order.number}/cancel`, { reason: 'Kunde storniert' });
    await eventually(async () => (await level(d.sku))[1] === '0', 20_000, 'reservation released');
    expect(await level(d.sku)).toEqual(['3', '0', '3']);
    expect((await moves(d.sku)).at(-1)).toMatchObject({ kind: 'release', reservedChange: '-3', documentNumber: order.number });
    expect((await ok('warehouse', 'GET', `/api/v1/backorders?product=${d.sku}`)).items).toEqual([]);
    await checkLedger(d.sku);
  });

  it('shipping a note for more than is on hand is refused at the ship and writes nothing', async () => {
    const e = await newProduct('12.00', 'standard', 'Später geführt');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId: e.id, quantity: '3' }] });
    // Not stock-managed yet: the note is not limited.
    const n = await note(order.number);
    expect(n.status).toBe(201);
    // The first receipt makes it stock-managed; the open order takes the one piece.
    expect((await receipt(e.sku, '1')).reservedFor).toEqual([{ orderNumber: order.number, orderPosition: 1, quantity: '1' }]);
    const before = { level: await level(e.sku), moves: (await moves(e.sku)).length };
    const res = await api('warehouse', 'POST', `/api/v1/delivery-notes/${n.body.number}/ship`, { carrier: 'DHL' });
    expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([409, 'insufficient_stock', 'lines[0].quantity']);
    expect((await ok('admin', 'GET', `/api/v1/delivery-notes/${n.body.number}`)).status).toBe('open');
    expect({ level: await level(e.sku), moves: (await moves(e.sku)).length }).toEqual(before);
    await receipt(e.sku, '2');
    await ship(n.body.number);
    expect(await level(e.sku)).toEqual(['0', '0', '0']);
    await checkLedger(e.sku);
  });

  it('50 concurrent orders and shipments of one scarce product: no oversell, available never negative, ledger equals levels', async () => {
    const s = await newProduct('99.00', 'standard', 'Limitierte Edition');
    await receipt(s.sku, '30');
    const orders = await Promise.all(
      Array.from({ length: 50 }, () => ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId: s.id, quantity: '1' }] })),
    );
    // Every order is confirmed and reserved as far as stock goes: 30 reserved, 20 on backorder.
    const reservedOf = async () => {
      const all = await Promise.all(orders.map(async (o) => (await fulfilment(o.number)).lines[0]));
      return all.every(Boolean) ? all : undefined;
    };
    await eventually(
      async () => {
        const l = await reservedOf();
        return (
          l &&
          l.filter((x: any) => x.reserved === '1').length === 30 &&
          (await ok('warehouse', 'GET', `/api/v1/backorders?product=${s.sku}&limit=200`)).items.filter((b: any) => b.backorder === '1').length === 20
        );
      },
      60_000,
      '50 orders reserved',
    );
    expect(await level(s.sku)).toEqual(['30', '30', '0']);

    // All 50 ask for their note at once, while a correction takes one free piece away... there is none: refused.
    const [notes, correction] = await Promise.all([
      Promise.all(orders.map((o) => note(o.number))),
      api('warehouse', 'POST', '/api/v1/stock/corrections', { product: s.sku, quantity: '-1', reason: 'Beschädigt' }),
    ]);
    expect(correction.status).toBe(409);
    const created = notes.filter((n) => n.status === 201);
    expect(created).toHaveLength(30);
    expect(notes.filter((n) => n.status === 409).every((n) => n.body.code === 'insufficient_stock')).toBe(true);

    // They ship at once, while 10 more arrive: the receipt serves the 10 oldest backorders.
    const oldestWaiting = (await ok('warehouse', 'GET', `/api/v1/backorders?product=${s.sku}&limit=200`)).items
      .filter((b: any) => b.reserved === '0')
      .slice(0, 10)
      .map((b: any) => b.orderNumber);
    expect(oldestWaiting).toHaveLength(10);
    const [, arrived] = await Promise.all([Promise.all(created.map((n) => ship(n.body.number))), receipt(s.sku, '10', 'WE-NACHLIEFERUNG')]);
    expect(arrived.reservedFor).toHaveLength(10);
    expect(arrived.reservedFor.map((r: any) => r.orderNumber)).toEqual(oldestWaiting);
    expect(await level(s.sku)).toEqual(['10', '10', '0']);
    const shipments = (await moves(s.sku)).filter((m) => m.kind === 'shipment');
    expect(shipments.reduce((a, m) => a.plus(m.onHandChange), new Decimal(0)).toString()).toBe('-30');
    await checkLedger(s.sku);
  });

  it('notes racing the reservations of 20 new orders that allow backorders: what ships and what is reserved is exactly the stock', async () => {
    const r = await newProduct('15.00', 'standard', 'Heiß begehrt');
    await receipt(r.sku, '10');
    // Each order asks for its note right away, so notes reserve free stock while the warehouse reserves for the orders it hears of.
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const order = await ok('sales', 'POST', '/api/v1/orders', {
          customerId,
          currency: 'EUR',
          allowBackorders: true,
          lines: [{ productId: r.id, quantity: '2' }],
        });
        const n = await note(order.number);
        if (n.status === 201) await ship(n.body.number);
        else expect(n.body.code).toBe('insufficient_stock');
        return { order: order.number, shipped: n.status === 201 ? (n.body.lines[0].quantity as string) : '0' };
      }),
    );
    const shipped = results.reduce((a, x) => a.plus(x.shipped), new Decimal(0));
    // Once every order is reserved for: shipped + reserved is the stock received, nothing more.
    await eventually(
      async () => (await Promise.all(results.map((x) => fulfilment(x.order)))).every((f) => f.lines.length === 1),
      60_000,
      'orders seen by the warehouse',
    );
    const reserved = await eventually(
      async () => {
        const [onHand, res, avail] = await level(r.sku);
        return onHand === new Decimal(10).minus(shipped).toString() && avail === '0' ? res : undefined;
      },
      60_000,
      'reservations settled',
    );
    expect(shipped.plus(reserved).toString()).toBe('10');
    const perOrder = await Promise.all(results.map(async (x) => (await fulfilment(x.order)).lines[0]));
    expect(perOrder.reduce((a, l) => a.plus(l.reserved), new Decimal(0)).toString()).toBe(reserved);
    expect(perOrder.reduce((a, l) => a.plus(l.shipped), new Decimal(0)).toString()).toBe(shipped.toString());
    await checkLedger(r.sku);
  });

  it('invoiced per line follows the invoices: a first part invoiced shows, its cancellation takes it back', async () => {
    const p = await newProduct('12.00', 'standard', 'Stirnlampe');
    await receipt(p.sku, '5');
    const { order } = await orderedSale([{ productId: p.id, quantity: '5' }], customerId);
    const invoicedOf = async () => (await fulfilment(order.number)).lines.map((l: any) => [l.position, l.shipped, l.invoiced]);
    const n1 = await note(order.number, { lines: [{ orderPosition: 1, quantity: '2' }] });
    await ship(n1.body.number);
    const n2 = await note(order.number);
    await ship(n2.body.number);
    expect(await invoicedOf()).toEqual([[1, '5', '0']]);

    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [n1.body.number] });
    // The projection follows invoicing's events.
    const invoicedAs = (q: string) => eventually(async () => (await invoicedOf())[0][2] === q, 20_000, `invoiced ${q}`);
    await invoicedAs('2');
    expect(await invoicedOf()).toEqual([[1, '5', '2']]);

    await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/cancel`, { reason: 'falsche Anschrift' });
    await invoicedAs('0');
    expect(await invoicedOf()).toEqual([[1, '5', '0']]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await ok('admin', 'GET', '/api/v1/openapi.json');
    for (const path of ['/stock', '/stock/moves', '/stock/receipts', '/stock/corrections', '/backorders', '/warehouses', '/orders/{number}/fulfilment']) {
      expect(Object.keys(doc.paths)).toContain(`/api/v1${path}`);
    }
  });
});

import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { api, ok, newCustomer, newProduct, orderedSale } from '../helpers/sale.ts';
import type { Role } from '../../scripts/api-client.ts';
import { eventually } from '../helpers/eventually.ts';
import { EVENTS_STREAM } from '../../shared/nats/connection.ts';
import { ReturnReceived } from '../../shared/contracts/fulfillment/events.ts';

/**
 * Returns (Retouren) through the REST API: a shipped item comes back into stock and
 * the return-received event is published exactly once; damaged goods land in the
 * blocked warehouse and serve no order; refusals write nothing.
 */

type Level = { warehouse: string; onHand: string; reserved: string; available: string; blocked: boolean };

/** The product's levels per warehouse as { HAUPT: [onHand, reserved, available], … }. */
async function levels(sku: string): Promise<Record<string, [string, string, string]>> {
  const page = await ok('warehouse', 'GET', `/api/v1/stock?product=${encodeURIComponent(sku)}`);
  return Object.fromEntries((page.items as Level[]).map((l) => [l.warehouse, [l.onHand, l.reserved, l.available]]));
}
const moveCount = async (sku: string) =>
  (await ok('warehouse', 'GET', `/api/v1/stock/moves?product=${encodeURIComponent(sku)}&limit=200`)).items.length as number;
const fulfilment = async (order: string) =>
  (await ok('warehouse', 'GET', `/api/v1/orders/${order}/fulfilment`)).lines.map((l: any) => [
    l.position,
    l.shipped,
    l.returnAnnounced,
    l.returned,
    l.reserved,
    l.backorder,
  ]);
const announce = (order: string, lines: unknown[], role: Role = 'sales') => api(role, 'POST', `/api/v1/orders/${order}/returns`, { lines });
const returnsOf = async (order: string) => (await ok('admin', 'GET', `/api/v1/returns?orderNumber=${order}`)).items as { number: string; status: string }[];
const line = (orderPosition: number, quantity: string, condition = 'resaleable', reason = 'Falsche Größe bestellt') => ({
  orderPosition,
  quantity,
  reason,
  condition,
});

/** The return-received events in the stream for one return (read from the start, filtered by subject). */
async function receivedEvents(nc: NatsConnection, returnNumber: string): Promise<unknown[]> {
  const consumer = await jetstream(nc).consumers.get(EVENTS_STREAM, { filter_subjects: ReturnReceived.subject });
  const found: unknown[] = [];
  const messages = await consumer.fetch({ max_messages: 10_000, expires: 3000 });
  for await (const m of messages) {
    const event = m.json<{ subject: string; version: number; data: { number: string } }>();
    if (event.data.number === returnNumber) found.push(event);
    if (m.info.pending === 0) break;
  }
  return found;
}

describe('returns', () => {
  let nc: NatsConnection;
  let customerId: string;
  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    customerId = (await newCustomer()).id;
  });
  afterAll(async () => {
    await nc.close();
  });

  it('a shipped item comes back: stock back, event once; damaged goods blocked; a cancelled return frees its quantity; refusals write nothing', async () => {
    const product = await newProduct('49.00', 'standard', 'Wanderschuh');
    await ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: product.sku, quantity: '5' });
    const { order } = await orderedSale([{ productId: product.id, quantity: '3' }], customerId);
    await eventually(async () => (await fulfilment(order.number))[0]?.[4] === '3', 30_000, 'reservation');

    // Nothing shipped yet: a return is refused and writes nothing.
    const early = await announce(order.number, [line(1, '1')]);
    expect([early.status, early.body.code]).toEqual([409, 'nothing_shipped']);
    expect(await returnsOf(order.number)).toEqual([]);

    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    expect(await levels(product.sku)).toEqual({ HAUPT: ['2', '0', '2'] });
    const movesBefore = await moveCount(product.sku);

    // Refusals: more than shipped (409 naming the line), a missing reason (422 naming the field); nothing written.
    const tooMany = await announce(order.number, [line(1, '3.0001')]);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'exceeds_shipped', errors: [{ field: 'lines[0].quantity' }] });
    const noReason = await api('sales', 'POST', `/api/v1/orders/${order.number}/returns`, {
      lines: [{ orderPosition: 1, quantity: '1', condition: 'resaleable' }],
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['lines[0].reason']);
    const badCondition = await announce(order.number, [line(1, '1', 'slightly used')]);
    expect([badCondition.status, badCondition.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, ['lines[0].condition']]);
    expect(await returnsOf(order.number)).toEqual([]);
    expect(await moveCount(product.sku)).toBe(movesBefore);

    // One item comes back, announced by sales.
    const announced = await announce(order.number, [line(1, '1')]);
    expect(announced.status).toBe(201);
    const rt = announced.body;
    expect(rt).toMatchObject({
      orderNumber: order.number,
      status: 'announced',
      lines: [{ position: 1, orderPosition: 1, sku: product.sku, quantity: '1', condition: 'resaleable', warehouse: null }],
    });
    expect(rt.number).toMatch(/^RT-\d{4}-\d{5}$/);
    expect(await fulfilment(order.number)).toEqual([[1, '3', '1', '0', '0', '0']]);

    // Neither a planner nor sales may receive goods: 403, nothing changes.
    for (const role of ['planner', 'sales'] as const) expect((await api(role, 'POST', `/api/v1/returns/${rt.number}/receive`)).status).toBe(403);
    expect((await ok('admin', 'GET', `/api/v1/returns/${rt.number}`)).status).toBe('announced');
    expect(await levels(product.sku)).toEqual({ HAUPT: ['2', '0', '2'] });
    expect(await moveCount(product.sku)).toBe(movesBefore);

    // The warehouse receives it: on hand up by one, a return move, the event published once (a retry with the same key replays).
    const received = await api('warehouse', 'POST', `/api/v1/returns/${rt.number}/receive`, undefined, { 'Idempotency-Key': `receive-${rt.number}` });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ status: 'received', lines: [{ warehouse: 'HAUPT' }] });
    const replay = await api('warehouse', 'POST', `/api/v1/returns/${rt.number}/receive`, undefined, { 'Idempotency-Key': `receive-${rt.number}` });
    expect([replay.status, replay.body.receivedAt]).toEqual([200, received.body.receivedAt]);
    const again = await api('warehouse', 'POST', `/api/v1/returns/${rt.number}/receive`);
    expect([again.status, again.body.code]).toEqual([409, 'invalid_transition']);
    expect(await levels(product.sku)).toEqual({ HAUPT: ['3', '0', '3'] });
    const ledger = (await ok('warehouse', 'GET', `/api/v1/stock/moves?document=${rt.number}`)).items;
    expect(ledger.map((m: any) => [m.kind, m.warehouse, m.onHandChange, m.orderPosition, m.actor.role])).toEqual([['return', 'HAUPT', '1', 1, 'warehouse']]);
    expect(await fulfilment(order.number)).toEqual([[1, '3', '0', '1', '0', '0']]);
    await eventually(async () => (await receivedEvents(nc, rt.number)).length > 0, 20_000, 'return-received event');
    const events = await receivedEvents(nc, rt.number);
    expect(events).toEqual([
      expect.objectContaining({
        subject: 'events.fulfillment.return.received',
        version: 1,
        data: {
          number: rt.number,
          orderNumber: order.number,
          receivedAt: received.body.receivedAt,
          lines: [{ orderPosition: 1, quantity: '1', condition: 'resaleable' }],
        },
      }),
    ]);
    const trail = await ok('admin', 'GET', `/api/v1/audit/${rt.number}`);
    expect(trail.map((e: any) => [e.action, e.actor.role])).toEqual([
      ['created', 'sales'],
      ['received', 'warehouse'],
    ]);

    // One more damaged: into the Sperrlager, available to nobody; only one more may come back after that.
    const damaged = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/returns`, { lines: [line(1, '1', 'damaged', 'Sohle gebrochen')] });
    await ok('warehouse', 'POST', `/api/v1/returns/${damaged.number}/receive`);
    expect(await levels(product.sku)).toEqual({ HAUPT: ['3', '0', '3'], SPERR: ['1', '0', '0'] });
    const blocked = (await ok('warehouse', 'GET', `/api/v1/stock?product=${product.sku}&warehouse=SPERR`)).items[0];
    expect(blocked).toMatchObject({ blocked: true, available: '0' });
    expect((await ok('warehouse', 'GET', `/api/v1/stock?product=${product.sku}&available=true`)).items.map((l: Level) => l.warehouse)).toEqual(['HAUPT']);
    const overflow = await announce(order.number, [line(1, '2')]);
    expect([overflow.status, overflow.body.code]).toEqual([409, 'exceeds_shipped']);

    // A new order of 4 gets the 3 good ones only; the damaged one serves no order.
    const { order: second } = await orderedSale([{ productId: product.id, quantity: '4' }], customerId);
    await eventually(async () => (await fulfilment(second.number))[0]?.[4] === '3', 30_000, 'reservation of the second order');
    expect(await fulfilment(second.number)).toEqual([[1, '0', '0', '0', '3', '1']]);
    expect(await levels(product.sku)).toEqual({ HAUPT: ['3', '3', '0'], SPERR: ['1', '0', '0'] });

    // A cancelled return frees its quantity; the last item comes back resaleable and serves the second order's backorder.
    const cancelledReturn = await ok('sales', 'POST', `/api/v1/orders/${order.number}/returns`, { lines: [line(1, '1')] });
    expect((await ok('sales', 'POST', `/api/v1/returns/${cancelledReturn.number}/cancel`, { reason: 'Kunde behält den Schuh' })).status).toBe('cancelled');
    expect((await api('warehouse', 'POST', `/api/v1/returns/${cancelledReturn.number}/receive`)).status).toBe(409);
    const last = await ok('sales', 'POST', `/api/v1/orders/${order.number}/returns`, { lines: [line(1, '1')] });
    await ok('warehouse', 'POST', `/api/v1/returns/${last.number}/receive`);
    expect(await levels(product.sku)).toEqual({ HAUPT: ['4', '4', '0'], SPERR: ['1', '0', '0'] });
    expect(await fulfilment(second.number)).toEqual([[1, '0', '0', '0', '4', '0']]);
    expect(await fulfilment(order.number)).toEqual([[1, '3', '0', '3', '0', '0']]);
    expect((await returnsOf(order.number)).map((r) => r.status)).toEqual(['received', 'cancelled', 'received', 'received']);
  });

  it('concurrent returns of one order never take back more than shipped', async () => {
    const product = await newProduct('9.90', 'standard', 'Socken');
    await ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: product.sku, quantity: '2' });
    const { order } = await orderedSale([{ productId: product.id, quantity: '2' }], customerId);
    await eventually(async () => (await fulfilment(order.number))[0]?.[4] === '2', 30_000, 'reservation');
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DPD' });
    const results = await Promise.all(Array.from({ length: 5 }, () => announce(order.number, [line(1, '1')])));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'exceeds_shipped')).toBe(true);
    expect(await fulfilment(order.number)).toEqual([[1, '2', '2', '0', '0', '0']]);
  });

  it('a return may name the shipped delivery note (and its line) instead of the order position; limited to what that note shipped', async () => {
    const product = await newProduct('24.00', 'standard', 'Regenjacke');
    // 6 for this order, 1 for another one whose note this order's return may not name.
    await ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: product.sku, quantity: '7' });
    const { order } = await orderedSale([{ productId: product.id, quantity: '6' }], customerId);
    await eventually(async () => (await fulfilment(order.number))[0]?.[4] === '6', 30_000, 'reservation');
    const shipPart = async (quantity: string) => {
      const n = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity }] });
      await ok('warehouse', 'POST', `/api/v1/delivery-notes/${n.number}/ship`, { carrier: 'DHL' });
      return n.number as string;
    };
    const first = await shipPart('2');
    const second = await shipPart('3');
    const open = (await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '1' }] })).number;
    const other = (await orderedSale([{ productId: product.id, quantity: '1' }], customerId)).order;
    const otherNote = (await ok('warehouse', 'POST', `/api/v1/orders/${other.number}/delivery-notes`, {})).number;
    const byNote = (deliveryNoteNumber: string, quantity: string, extra: Record<string, unknown> = {}) => ({
      deliveryNoteNumber,
      quantity,
      reason: 'Naht offen',
      condition: 'damaged',
      ...extra,
    });

    // Refusals, nothing written: more than that note shipped, a note not shipped, a note of another order, neither position nor note.
    const tooMany = await announce(order.number, [byNote(first, '3')]);
    expect([tooMany.status, tooMany.body.code, tooMany.body.errors?.[0]?.field]).toEqual([409, 'exceeds_shipped', 'lines[0].quantity']);
    const notShipped = await announce(order.number, [byNote(open, '1')]);
    expect([notShipped.status, notShipped.body.code, notShipped.body.errors?.[0]?.field]).toEqual([409, 'note_not_shipped', 'lines[0].deliveryNoteNumber']);
    const foreign = await announce(order.number, [byNote(otherNote, '1')]);
    expect([foreign.status, foreign.body.errors?.[0]?.field]).toEqual([422, 'lines[0].deliveryNoteNumber']);
    const neither = await announce(order.number, [{ quantity: '1', reason: 'Naht offen', condition: 'damaged' }]);
    expect([neither.status, neither.body.errors?.map((e: { field: string }) => e.field)]).toEqual([422, ['lines[0].orderPosition']]);
    const wrongPosition = await announce(order.number, [byNote(second, '1', { deliveryNotePosition: 1, orderPosition: 2 })]);
    expect([wrongPosition.status, wrongPosition.body.errors?.[0]?.field]).toEqual([422, 'lines[0].orderPosition']);
    expect(await returnsOf(order.number)).toEqual([]);

    // All of the first note, named by note only; then one of the second by note and line.
    const a = await announce(order.number, [byNote(first, '2')]);
    expect(a.status).toBe(201);
    expect(a.body.lines).toEqual([
      expect.objectContaining({ position: 1, orderPosition: 1, quantity: '2', deliveryNoteNumber: first, deliveryNotePosition: 1, condition: 'damaged' }),
    ]);
    const again = await announce(order.number, [byNote(first, '1')]);
    expect([again.status, again.body.code]).toEqual([409, 'exceeds_shipped']);
    const b = await announce(order.number, [byNote(second, '1', { deliveryNotePosition: 1, orderPosition: 1 })]);
    expect(b.status).toBe(201);
    expect(b.body.lines[0]).toMatchObject({ orderPosition: 1, deliveryNoteNumber: second, deliveryNotePosition: 1 });

    // The order-position form still works and counts against the position as a whole (5 shipped − 3 = 2).
    const byPosition = await announce(order.number, [line(1, '2')]);
    expect(byPosition.status).toBe(201);
    expect(byPosition.body.lines[0]).toMatchObject({ orderPosition: 1, deliveryNoteNumber: null, deliveryNotePosition: null });
    const rest = await announce(order.number, [byNote(second, '1')]);
    expect([rest.status, rest.body.code]).toEqual([409, 'exceeds_shipped']);

    // Received like any return: into the blocked warehouse, shown per line.
    await ok('warehouse', 'POST', `/api/v1/returns/${a.body.number}/receive`);
    expect((await ok('admin', 'GET', `/api/v1/returns/${a.body.number}`)).lines[0]).toMatchObject({ deliveryNoteNumber: first, warehouse: 'SPERR' });
    expect((await fulfilment(order.number))[0]).toEqual([1, '5', '3', '2', '1', '0']);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await ok('admin', 'GET', '/api/v1/openapi.json');
    for (const path of ['/orders/{number}/returns', '/returns', '/returns/{number}', '/returns/{number}/receive', '/returns/{number}/cancel']) {
      expect(Object.keys(doc.paths)).toContain(`/api/v1${path}`);
    }
  });
});

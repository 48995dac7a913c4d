import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Client, Connection } from '@temporalio/client';
import { api, ok, newCustomer, newProduct, orderedSale } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';
import { EVENTS_STREAM } from '../../shared/nats/connection.ts';
import { ProcurementRequested } from '../../shared/contracts/order/procurement-events.ts';
import { stateQuery, type SaleState } from '../../workflows/src/sale.contract.ts';

/**
 * A make-to-order line through the REST API: confirming the order publishes
 * one procurement request for it; it cannot ship until its goods are received
 * (the other lines ship meanwhile); the sale's workflow is found waiting for it
 * in Temporal and reminds the planners once its promised date has passed; after
 * goods received it ships and the sale is delivered.
 */

/** The procurement requests in the stream for one order (read from the start, filtered by subject). */
async function procurementEvents(nc: NatsConnection, orderNumber: string): Promise<{ data: Record<string, unknown> }[]> {
  const consumer = await jetstream(nc).consumers.get(EVENTS_STREAM, { filter_subjects: ProcurementRequested.subject });
  const found: { data: Record<string, unknown> }[] = [];
  const messages = await consumer.fetch({ max_messages: 10_000, expires: 3000 });
  for await (const m of messages) {
    const event = m.json<{ data: { orderNumber: string } }>();
    if (event.data.orderNumber === orderNumber) found.push(event);
    if (m.info.pending === 0) break;
  }
  return found;
}

describe('make-to-order', () => {
  let nc: NatsConnection;
  let temporal: Client;
  let connection: Connection;
  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
    temporal = new Client({ connection });
  });
  afterAll(async () => {
    await nc.close();
    await connection.close();
  });

  const fulfilment = async (order: string) =>
    (await ok('warehouse', 'GET', `/api/v1/orders/${order}/fulfilment`)).lines.map((l: any) => ({
      position: l.position,
      shipped: l.shipped,
      makeToOrder: l.makeToOrder,
      promisedDate: l.promisedDate,
      released: l.released,
      awaiting: l.awaiting,
    }));

  it('requests procurement once, refuses to ship the line until its goods are received, and the sale waits for them in Temporal', async () => {
    // Promised for yesterday (entered late): the sale reminds the planners at once.
    const promised = addDays(berlinDate(new Date()), -1);
    const customer = await newCustomer();
    const stocked = await newProduct('49.00', 'standard', 'Schaltschrank-Zubehör');
    const cabinet = await newProduct('8900.00', 'standard', 'Schaltschrank nach Maß');
    await ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: stocked.sku, quantity: '10' });

    // A promised date belongs to a make-to-order line only.
    const stray = await api('sales', 'POST', '/api/v1/quotes', {
      customerId: customer.id,
      currency: 'EUR',
      lines: [{ productId: cabinet.id, quantity: '1', promisedDate: promised }],
    });
    expect([stray.status, stray.body.errors?.[0]?.field]).toEqual([422, 'lines[0].promisedDate']);

    const lines = [
      { productId: stocked.id, quantity: '4' },
      { productId: cabinet.id, quantity: '1', makeToOrder: true, promisedDate: promised },
    ] as { productId: string; quantity: string }[];
    const { quote, order } = await orderedSale(lines, customer.id);
    expect(order.lines.map((l: any) => [l.position, l.makeToOrder ?? false, l.promisedDate ?? null])).toEqual([
      [1, false, null],
      [2, true, promised],
    ]);

    // One procurement request for the make-to-order line, in the stream once.
    const events = await eventually(
      async () => {
        const found = await procurementEvents(nc, order.number);
        return found.length > 0 && found;
      },
      20_000,
      'procurement request',
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({
      orderNumber: order.number,
      orderPosition: 2,
      productId: cabinet.id,
      sku: cabinet.sku,
      description: 'Schaltschrank nach Maß',
      quantity: '1',
      unit: 'Stk',
      promisedDate: promised,
      customerNumber: customer.number,
    });

    // The sale waits for the line (found in Temporal by the number) and has told the planners that the date passed.
    const handle = temporal.workflow.getHandle(`sale:${quote.number}`);
    const waiting = await eventually(
      async () => {
        const s = await handle.query(stateQuery);
        return s.awaitingProduction?.[0]?.overdue && s;
      },
      20_000,
      'sale flags the overdue line',
    );
    expect(waiting.awaitingProduction).toEqual([{ position: 2, promisedDate: promised, overdue: true }]);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await ok('sales', 'GET', `/api/v1/sales/${quote.number}`)).awaitingProduction).toEqual(waiting.awaitingProduction);
    const notice = await eventually(
      async () =>
        ((await api('admin', 'GET', `/api/v1/notifications?recipient=role:planner&documentNumber=${order.number}`)).body as any[]).filter(
          (n) => n.kind === 'production_overdue',
        ),
      20_000,
      'overdue notice',
    );
    expect(notice).toHaveLength(1);
    expect(await fulfilment(order.number)).toEqual([
      { position: 1, shipped: '0', makeToOrder: false, promisedDate: null, released: false, awaiting: false },
      { position: 2, shipped: '0', makeToOrder: true, promisedDate: promised, released: false, awaiting: true },
    ]);

    // A note naming the line is refused; a note without lines takes the other line only.
    const refused = await api('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 2, quantity: '1' }] });
    expect([refused.status, refused.body.code, refused.body.errors?.[0]?.field]).toEqual([409, 'awaiting_production', 'lines[0].orderPosition']);
    const first = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    expect(first.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([[1, '4']]);
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${first.number}/ship`, { carrier: 'DHL' });
    // Only the make-to-order line is open now: nothing can ship.
    const nothing = await api('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    expect([nothing.status, nothing.body.code]).toEqual([409, 'awaiting_production']);

    // Goods received: refusals first (wrong line, unknown line, unknown order, a role that may not), then the release, twice.
    const path = (pos: number | string, number = order.number) => `/api/v1/orders/${number}/lines/${pos}/goods-received`;
    const stockLine = await api('planner', 'POST', path(1), {});
    expect([stockLine.status, stockLine.body.code]).toEqual([409, 'not_make_to_order']);
    const noLine = await api('planner', 'POST', path(9), {});
    expect([noLine.status, noLine.body.errors?.[0]?.field]).toEqual([422, 'position']);
    const badLine = await api('planner', 'POST', path('zwei'), {});
    expect([badLine.status, badLine.body.errors?.[0]?.field]).toEqual([422, 'position']);
    expect((await api('planner', 'POST', path(1, 'AB-2099-99999'), {})).status).toBe(404);
    expect((await api('sales', 'POST', path(2), {})).status).toBe(403);
    expect((await fulfilment(order.number))[1]).toMatchObject({ released: false, awaiting: true });

    const release = await ok('planner', 'POST', path(2), { reference: 'FA-4711' });
    expect(release).toMatchObject({ orderNumber: order.number, orderPosition: 2, releasedBy: expect.any(String), reference: 'FA-4711' });
    expect(await ok('warehouse', 'POST', path(2), {})).toEqual(release);
    expect((await fulfilment(order.number))[1]).toMatchObject({ released: true, awaiting: false });
    await eventually(async () => (await handle.query(stateQuery)).awaitingProduction?.length === 0, 20_000, 'sale stops waiting');

    // Now the line ships, and with it the whole order.
    const second = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    expect(second.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([[2, '1']]);
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${second.number}/ship`, { carrier: 'Spedition Meier', method: 'freight' });
    const delivered: SaleState = await eventually(
      async () => {
        const s = await handle.query(stateQuery);
        return s.stage === 'delivered' && s;
      },
      20_000,
      'sale delivered',
    );
    expect(delivered.deliveryNoteNumbers).toEqual([first.number, second.number]);
    expect((await fulfilment(order.number)).map((l: any) => l.shipped)).toEqual(['4', '1']);
    // Still one procurement request, one overdue notice.
    expect(await procurementEvents(nc, order.number)).toHaveLength(1);
    expect(
      ((await api('admin', 'GET', `/api/v1/notifications?recipient=role:planner&documentNumber=${order.number}`)).body as any[]).filter(
        (n) => n.kind === 'production_overdue',
      ),
    ).toHaveLength(1);
  }, 90_000);
  it('goods received for a stock-managed product are booked into stock and reserved for the line, once, so it ships', async () => {
    const frame = await newProduct('640.00', 'standard', 'Rahmen nach Maß');
    const stock = async () => {
      const l = (await ok('warehouse', 'GET', `/api/v1/stock?product=${encodeURIComponent(frame.sku)}&warehouse=HAUPT`)).items[0];
      return [l.onHand, l.reserved, l.available];
    };
    // Stock-managed, nothing on hand.
    await ok('warehouse', 'POST', '/api/v1/stock/receipts', { product: frame.sku, quantity: '1' });
    await ok('warehouse', 'POST', '/api/v1/stock/corrections', { product: frame.sku, quantity: '-1', reason: 'Inventur' });
    const { order } = await orderedSale([{ productId: frame.id, quantity: '3', makeToOrder: true } as { productId: string; quantity: string }]);
    expect(await stock()).toEqual(['0', '0', '0']);

    const path = `/api/v1/orders/${order.number}/lines/1/goods-received`;
    await ok('planner', 'POST', path, { reference: 'FA-0815' });
    expect(await ok('planner', 'POST', path, {})).toMatchObject({ reference: 'FA-0815' });
    expect(await stock()).toEqual(['3', '3', '0']);
    const line = (await ok('warehouse', 'GET', `/api/v1/orders/${order.number}/fulfilment`)).lines[0];
    expect(line).toMatchObject({ reserved: '3', backorder: '0', released: true, awaiting: false, stockManaged: true });
    const moves = (await ok('warehouse', 'GET', `/api/v1/stock/moves?product=${encodeURIComponent(frame.sku)}&limit=50`)).items;
    const mine = moves.filter((m: any) => m.documentNumber === order.number).map((m: any) => [m.kind, m.quantity, m.onHandChange, m.reservedChange, m.reason]);
    expect(mine.sort()).toEqual(
      [
        ['receipt', '3', '3', '0', `Fertigung/Beschaffung für ${order.number} Pos. 1`],
        ['reservation', '3', '0', '3', null],
      ].sort(),
    );

    // It ships from what was booked for it.
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    expect(note.lines.map((l: any) => [l.orderPosition, l.quantity])).toEqual([[1, '3']]);
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    expect(await stock()).toEqual(['0', '0', '0']);
  });
});

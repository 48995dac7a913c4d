import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { BASE_URL } from '../../scripts/api-client.ts';
import { api, newCustomer, newProduct, ok } from '../helpers/sale.ts';
import { DeliveryShipped } from '../../shared/contracts/fulfillment/events.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Events the order service cannot apply: the domain decides where it can, the rest become dead letters operations can see and replay. */
describe('late and unprocessable events', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
  });
  afterAll(async () => {
    await nc.close();
  });

  /** An event as the fulfillment service would publish it (or, with `data` overridden, as a broken publisher might), straight onto the stream. */
  const shipped = async (orderNumber: string, lines: { orderPosition: number; quantity: string }[], data: Record<string, unknown> = {}) => {
    const id = randomUUID();
    const { subject, version } = DeliveryShipped;
    const event = {
      id,
      subject,
      version,
      occurredAt: new Date().toISOString(),
      data: { number: `LS-TEST-${id.slice(0, 8)}`, orderNumber, lines, shippedAt: new Date().toISOString(), orderComplete: true, ...data },
    };
    await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: id });
    return id;
  };

  /**
   * The order service's letter for one event. The document service consumes the same shipment event and parks its own
   * letter for a delivery note it never saw, so matching on the event id alone picks whichever service gave up first.
   */
  const byOrderService = (eventId: string) => (d: { service: string; eventId: string }) => d.service === 'order' && d.eventId === eventId;

  it('records a shipment that arrives after the order was cancelled, keeps the order cancelled, and does not loop', async () => {
    const customer = await newCustomer();
    const product = await newProduct('50.00');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '3' }] });
    await ok('sales', 'POST', `/api/v1/orders/${order.number}/cancel`, { reason: 'Kunde hat storniert' });
    await shipped(order.number, [{ orderPosition: 1, quantity: '3' }]);

    let trail: { action: string }[] = [];
    for (let i = 0; i < 40 && !trail.some((a) => a.action === 'delivery_after_cancellation'); i++) {
      await sleep(250);
      trail = await ok('admin', 'GET', `/api/v1/audit/${order.number}`);
    }
    expect(trail.map((a) => a.action)).toContain('delivery_after_cancellation');
    const after = await ok('admin', 'GET', `/api/v1/orders/${order.number}`);
    expect(after.status).toBe('cancelled');
    const letters = await ok('admin', 'GET', '/api/v1/dead-letters');
    expect(
      letters.filter(
        (d: { service: string; subject: string }) => d.service === 'order' && d.subject.endsWith('shipped') && JSON.stringify(d).includes(order.number),
      ),
    ).toHaveLength(0);
  }, 60_000);

  it('parks an event for an unknown order as a dead letter after bounded retries; /health counts it; replay answers 409 while it still fails', async () => {
    const eventId = await shipped('AB-1999-99999', [{ orderPosition: 1, quantity: '1' }]);
    let letter: { service: string; id: number; eventId: string; attempts: number; error: string } | undefined;
    for (let i = 0; i < 120 && !letter; i++) {
      await sleep(500);
      letter = (await ok('admin', 'GET', '/api/v1/dead-letters')).find(byOrderService(eventId));
    }
    expect(letter).toMatchObject({ service: 'order', attempts: 6 });
    expect(letter!.error).toContain('AB-1999-99999');

    const health = await (await fetch(`${BASE_URL}/health`)).json();
    expect(health.deadLetters.order).toBeGreaterThanOrEqual(1);

    const replay = await api('admin', 'POST', `/api/v1/dead-letters/order/${letter!.id}/replay`);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('replay_failed');
    expect((await api('sales', 'GET', '/api/v1/dead-letters')).status).toBe(403);
    expect((await api('admin', 'POST', '/api/v1/dead-letters/nope/1/replay')).status).toBe(422);
  }, 90_000);

  it('parks an event whose data breaks the contract at the first delivery, naming the field, and never applies it', async () => {
    const customer = await newCustomer();
    const product = await newProduct('20.00');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '2' }] });
    // A JSON number where the contract wants a decimal string.
    const eventId = await shipped(order.number, [{ orderPosition: 1, quantity: 2 as unknown as string }]);
    let letter: { service: string; id: number; attempts: number; error: string; subject: string } | undefined;
    for (let i = 0; i < 40 && !letter; i++) {
      await sleep(250);
      letter = (await ok('admin', 'GET', '/api/v1/dead-letters')).find(byOrderService(eventId));
    }
    expect(letter).toMatchObject({ service: 'order', attempts: 1, subject: DeliveryShipped.subject });
    expect(letter!.error).toContain('data.lines[0].quantity');
    const after = await ok('admin', 'GET', `/api/v1/orders/${order.number}`);
    expect(after.status).toBe('open');
    const replay = await api('admin', 'POST', `/api/v1/dead-letters/order/${letter!.id}/replay`);
    expect(replay.status).toBe(409);
    expect(replay.body.detail).toContain('data.lines[0].quantity');
  }, 60_000);
});

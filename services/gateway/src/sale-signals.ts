import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM } from '../../../shared/nats/connection.ts';
import { decode } from '../../../shared/nats/codec.ts';
import { EventSet, readEnvelope } from '../../../shared/contracts/events.ts';
import { BackorderServed } from '../../../shared/contracts/fulfillment/backorder-events.ts';
import { ensureDurableConsumer } from '../../../shared/nats/durable-consumer.ts';
import { call } from '../../../shared/nats/rpc.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { stockAvailableSignal } from '../../../workflows/src/sale.contract.ts';
import type { SalesClient } from './sales-client.ts';

/**
 * Tells sales what the warehouse learns without them: a goods receipt that
 * reserved stock for backordered positions of an order (events from the
 * fulfillment service's outbox) becomes a signal to that order's sale, which
 * then tells the warehouse once. A sale that has finished or does not wait
 * ignores it; redelivery is harmless.
 */
export async function runSaleSignals(nc: NatsConnection, sales: SalesClient): Promise<{ stop: () => Promise<void> }> {
  const durable = 'sale-signals';
  const events = new EventSet([BackorderServed]);
  await ensureDurableConsumer(await jetstreamManager(nc), durable, events.filterSubject);
  const messages = await (await jetstream(nc).consumers.get(EVENTS_STREAM, durable)).consume({ max_messages: 32 });
  const done = (async () => {
    for await (const m of messages) {
      let event: ReturnType<typeof events.parse> = null;
      try {
        const envelope = readEnvelope(decode(m.data));
        event = envelope && events.parse(envelope);
      } catch (err) {
        // Redelivery cannot fix an event that breaks its contract.
        console.error(`[sale-signals] ${m.subject} does not match its contract; skipped`, err);
        m.term();
        continue;
      }
      try {
        if (event?.subject === BackorderServed.subject) {
          const order = await call(nc, OrderCommands.get, { number: event.data.orderNumber });
          // A direct order's sale is keyed by the order number itself.
          await sales.signal(order.quoteNumber ?? order.number, stockAvailableSignal, { positions: event.data.positions });
        }
        m.ack();
      } catch (err) {
        console.error(`[sale-signals] ${m.subject} ${event?.data.orderNumber} failed; will be redelivered`, err);
        m.nak(2000);
      }
    }
  })();
  return {
    stop: async () => {
      await messages.close();
      await done;
    },
  };
}

import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM } from '../../../shared/nats/connection.ts';
import { decode } from '../../../shared/nats/codec.ts';
import { EventSet, readEnvelope, type EventDefinition, type EventOf } from '../../../shared/contracts/events.ts';
import { ensureDurableConsumer } from '../../../shared/nats/durable-consumer.ts';

/**
 * Relays events of other services to sales: one durable consumer, each event
 * handed to `handle` (which signals a sale). An event that breaks its contract
 * is dropped, since redelivery cannot fix it; a failed handling is redelivered,
 * so handlers must be idempotent (sale signals are).
 */
export async function relayEvents<D extends EventDefinition>(
  nc: NatsConnection,
  durable: string,
  definitions: D[],
  handle: (event: EventOf<D>) => Promise<void>,
): Promise<{ stop: () => Promise<void> }> {
  const events = new EventSet(definitions);
  await ensureDurableConsumer(await jetstreamManager(nc), durable, events.filterSubject);
  const messages = await (await jetstream(nc).consumers.get(EVENTS_STREAM, durable)).consume({ max_messages: 32 });
  const done = (async () => {
    for await (const m of messages) {
      let event: EventOf<D> | null = null;
      try {
        const envelope = readEnvelope(decode(m.data));
        event = (envelope && events.parse(envelope)) as EventOf<D> | null;
      } catch (err) {
        console.error(`[${durable}] ${m.subject} does not match its contract; skipped`, err);
        m.term();
        continue;
      }
      try {
        if (event) await handle(event);
        m.ack();
      } catch (err) {
        console.error(`[${durable}] ${m.subject} failed; will be redelivered`, err);
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

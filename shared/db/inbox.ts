import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EVENTS_STREAM } from '../nats/connection.ts';
import { decode } from '../nats/codec.ts';
import type { EventEnvelope } from './outbox.ts';
import type { Em } from './orm.ts';
import { handleOnce, recordDeadLetter } from './dead-letters.ts';

export type EventHandler = (tx: Em, event: EventEnvelope) => Promise<void>;

/** Attempts before an event becomes a dead letter; the pause doubles from half a second up to 30 s. */
export const MAX_DELIVERIES = Number(process.env.KONTOR_MAX_DELIVERIES ?? 6);
export const redeliveryDelayMs = (deliveryCount: number) => Math.min(30_000, 500 * 2 ** (deliveryCount - 1));

/**
 * Consumes events with a durable JetStream consumer. Each event is handled in
 * one transaction together with the insert of its id into processed_event, so a
 * redelivered event is recognised and skipped. A failing event is retried a
 * bounded number of times with backoff, then recorded as a dead letter and
 * terminated, so that one bad message never blocks or loops a consumer.
 */
export async function consumeEvents(
  nc: NatsConnection,
  orm: MikroORM<PostgreSqlDriver>,
  durable: string,
  filterSubject: string,
  handler: EventHandler,
): Promise<{ stop: () => Promise<void> }> {
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(EVENTS_STREAM, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    // One filter subject: Debian's nats-server (2.9) predates filter_subjects.
    filter_subject: filterSubject,
    ack_wait: 30 * 1_000_000_000,
  }).catch(async (err: unknown) => {
    // Exists already with the same config: fine. Anything else is a real problem.
    await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => {
      throw err;
    });
  });
  const consumer = await jetstream(nc).consumers.get(EVENTS_STREAM, durable);
  const messages = await consumer.consume({ max_messages: 64 });
  const done = (async () => {
    for await (const m of messages) {
      const event = decode<EventEnvelope>(m.data);
      try {
        await orm.em.fork().transactional((tx) => handleOnce(tx, event, handler));
        m.ack();
      } catch (err) {
        const attempt = m.info.deliveryCount;
        if (attempt < MAX_DELIVERIES) {
          console.error(`[${durable}] ${event.subject} ${event.id} failed (attempt ${attempt} of ${MAX_DELIVERIES}); retrying`, err);
          m.nak(redeliveryDelayMs(attempt));
          continue;
        }
        try {
          await recordDeadLetter(orm.em.fork(), durable, event, err instanceof Error ? err.message : String(err), attempt);
          console.error(`[${durable}] ${event.subject} ${event.id} failed ${attempt} times; recorded as a dead letter`, err);
          m.term('dead letter');
        } catch (dlErr) {
          console.error(`[${durable}] could not record dead letter for ${event.id}; retrying`, dlErr);
          m.nak(redeliveryDelayMs(attempt));
        }
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

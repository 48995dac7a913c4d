import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EVENTS_STREAM } from '../nats/connection.ts';
import { decode } from '../nats/codec.ts';
import type { EventEnvelope } from './outbox.ts';
import type { Em } from './orm.ts';

export type EventHandler = (tx: Em, event: EventEnvelope) => Promise<void>;

/**
 * Consumes events with a durable JetStream consumer. Each event is handled in
 * one transaction together with the insert of its id into processed_event, so a
 * redelivered event is recognised and skipped.
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
        await orm.em.fork().transactional(async (tx) => {
          const inserted = await tx.execute<{ event_id: string }[]>(
            `insert into processed_event (event_id, subject) values (?, ?) on conflict do nothing returning event_id`,
            [event.id, event.subject],
          );
          if (inserted.length === 0) return;
          await handler(tx, event);
        });
        m.ack();
      } catch (err) {
        console.error(`[${durable}] handling ${event.subject} ${event.id} failed; will be redelivered`, err);
        m.nak(1000);
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

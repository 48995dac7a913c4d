import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EVENTS_STREAM } from '../nats/connection.ts';
import { decode } from '../nats/codec.ts';
import { ensureDurableConsumer } from '../nats/durable-consumer.ts';
import { EventSet, readEnvelope, type EventDefinition, type EventEnvelope, type EventOf } from '../contracts/events.ts';
import type { Em } from './orm.ts';
import { handleOnce, recordDeadLetter } from './dead-letters.ts';
import { kickIfRecorded } from './outbox.ts';

/** A durable consumer of one or several event definitions. */
export interface EventConsumer {
  durable: string;
  /** The JetStream filter subject covering the declared events. */
  filterSubject: string;
  /**
   * Validates an envelope against the declared definitions and answers the
   * handler's run for it; null when the subject is none of this consumer's.
   * Throws InvalidEventError for data that fails the schema or an unknown version.
   */
  parse(envelope: EventEnvelope): { run: (tx: Em) => Promise<void> } | null;
}

/**
 * Declares a consumer: its durable name, the events it handles and the handler,
 * which gets `event.data` typed by the schemas (a union over several events,
 * narrowed by `switch (event.subject)`).
 */
export function defineConsumer<const D extends readonly EventDefinition[]>(
  durable: string,
  events: D,
  handle: (tx: Em, event: EventOf<D[number]>) => Promise<void>,
): EventConsumer {
  const set = new EventSet<D[number]>(events);
  return {
    durable,
    filterSubject: set.filterSubject,
    parse: (envelope) => {
      const event = set.parse(envelope);
      return event ? { run: (tx: Em) => handle(tx, event) } : null;
    },
  };
}

/** Attempts before an event becomes a dead letter; the pause doubles from half a second up to 30 s. */
export const MAX_DELIVERIES = Number(process.env.KONTOR_MAX_DELIVERIES ?? 6);
export const redeliveryDelayMs = (deliveryCount: number) => Math.min(30_000, 500 * 2 ** (deliveryCount - 1));

// Every m.term() below goes without a reason: nats-server 2.9 does not know
// "+TERM <reason>" and redelivers such a message after ack_wait, forever.

/**
 * Consumes events with a durable JetStream consumer. Each event is validated
 * against the consumer's definitions, then handled in one transaction together
 * with the insert of its id into processed_event, so a redelivered event is
 * recognised and skipped. An event that fails validation is recorded as a dead
 * letter at once (redelivery cannot fix it); a failing handler is retried a
 * bounded number of times with backoff, then recorded as a dead letter and
 * terminated, so that one bad message never blocks or loops a consumer.
 */
export async function consumeEvents(
  nc: NatsConnection,
  orm: MikroORM<PostgreSqlDriver>,
  consumer: EventConsumer,
  /** Called after a handler's transaction that recorded events committed (the service's outbox relay kick). */
  onEventsRecorded?: () => void,
): Promise<{ stop: () => Promise<void> }> {
  const { durable } = consumer;
  await ensureDurableConsumer(await jetstreamManager(nc), durable, consumer.filterSubject, { ack_wait: 30 * 1_000_000_000 });
  const messages = await (await jetstream(nc).consumers.get(EVENTS_STREAM, durable)).consume({ max_messages: 64 });

  /** Parks the event; answers false when even that failed, so the caller redelivers. */
  const park = async (event: EventEnvelope, err: unknown, attempt: number): Promise<boolean> => {
    try {
      await recordDeadLetter(orm.em.fork(), durable, event, err instanceof Error ? err.message : String(err), attempt);
      return true;
    } catch (dlErr) {
      console.error(`[${durable}] could not record dead letter for ${event.id}; retrying`, dlErr);
      return false;
    }
  };

  const done = (async () => {
    for await (const m of messages) {
      let event: EventEnvelope | null = null;
      try {
        event = readEnvelope(decode<unknown>(m.data));
      } catch {
        // not JSON: handled as "not an envelope" below
      }
      if (!event) {
        // Without an event id it cannot be parked or deduplicated; nothing Kontor publishes looks like this.
        console.error(`[${durable}] message ${m.seq} on ${m.subject} is not an event envelope; dropped`);
        m.term();
        continue;
      }
      const attempt = m.info.deliveryCount;
      let handling: ReturnType<EventConsumer['parse']>;
      try {
        handling = consumer.parse(event);
      } catch (err) {
        // Data or version do not fit the contract: the same message will never fit, so no redelivery.
        if (await park(event, err, attempt)) {
          console.error(
            `[${durable}] ${event.subject} ${event.id} does not match its contract; recorded as a dead letter: ${err instanceof Error ? err.message : String(err)}`,
          );
          m.term();
        } else {
          m.nak(redeliveryDelayMs(attempt));
        }
        continue;
      }
      if (!handling) {
        // Covered by the filter but not declared by this consumer (e.g. a sibling event).
        m.ack();
        continue;
      }
      try {
        const run = handling.run;
        await kickIfRecorded(() => orm.em.fork().transactional((tx) => handleOnce(tx, event, run)), onEventsRecorded);
        m.ack();
      } catch (err) {
        if (attempt < MAX_DELIVERIES) {
          console.error(`[${durable}] ${event.subject} ${event.id} failed (attempt ${attempt} of ${MAX_DELIVERIES}); retrying`, err);
          m.nak(redeliveryDelayMs(attempt));
          continue;
        }
        if (await park(event, err, attempt)) {
          console.error(`[${durable}] ${event.subject} ${event.id} failed ${attempt} times; recorded as a dead letter`, err);
          m.term();
        } else {
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

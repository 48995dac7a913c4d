import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { env } from '../config.ts';

/** The one stream that carries every domain event; subjects are events.<service>.<aggregate>.<what>. */
export const EVENTS_STREAM = 'KONTOR_EVENTS';
export const EVENTS_SUBJECTS = ['events.>'];

export async function connectNats(name: string): Promise<NatsConnection> {
  // noAsyncTraces: otherwise every request builds an Error up front (stack capture) just in case it
  // times out; errors keep their type and message, only the caller's frames are missing from the stack.
  return connect({ servers: env.natsUrl, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true });
}

/** Creates the events stream when missing; every service calls this at start, so order does not matter. */
export async function ensureEventsStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(EVENTS_STREAM);
  } catch {
    try {
      await jsm.streams.add({
        name: EVENTS_STREAM,
        subjects: EVENTS_SUBJECTS,
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        // Publishes with the same Nats-Msg-Id inside this window are dropped as duplicates.
        duplicate_window: 10 * 60 * 1_000_000_000,
      });
    } catch (err) {
      // Another service created it in between.
      await jsm.streams.info(EVENTS_STREAM).catch(() => {
        throw err;
      });
    }
  }
}

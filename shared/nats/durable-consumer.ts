import { AckPolicy, DeliverPolicy, type ConsumerConfig, type JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM } from './connection.ts';

/**
 * Creates the durable consumer, or moves an existing one to the wanted filter
 * subject (subjects get renamed; a running instance has consumers with the old
 * filter). The consumer is recreated from the first message it had not acked
 * rather than updated in place: nats-server 2.9 accepts a filter update but then
 * delivers nothing. What the new consumer sees twice is skipped by processed_event.
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, durable: string, filterSubject: string, extra: Partial<ConsumerConfig> = {}): Promise<void> {
  const config: Partial<ConsumerConfig> = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    // One filter subject: Debian's nats-server (2.9) predates filter_subjects.
    filter_subject: filterSubject,
    ...extra,
  };
  const existing = await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => null);
  if (existing?.config.filter_subject === filterSubject) return;
  if (existing) {
    const startSeq = existing.ack_floor.stream_seq + 1;
    await jsm.consumers.delete(EVENTS_STREAM, durable).catch(() => false);
    Object.assign(config, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq });
    console.log(`[${durable}] filter subject ${existing.config.filter_subject} becomes ${filterSubject}; consumer recreated from stream sequence ${startSeq}`);
  }
  await jsm.consumers.add(EVENTS_STREAM, config).catch(async (err: unknown) => {
    // Another replica created it in between: fine if it has the wanted filter.
    const now = await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => {
      throw err;
    });
    if (now.config.filter_subject !== filterSubject) throw err;
  });
}

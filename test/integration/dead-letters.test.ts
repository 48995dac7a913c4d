import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { defineEvent, type EventEnvelope, type EventOf } from '../../shared/contracts/events.ts';
import type { Em } from '../../shared/db/orm.ts';

// Three attempts keep the test short; read by the inbox when it is imported below.
process.env.KONTOR_MAX_DELIVERIES = '3';
const { openOrm } = await import('../../shared/db/orm.ts');
const { consumeEvents, defineConsumer } = await import('../../shared/db/inbox.ts');
const { countOpenDeadLetters, listDeadLetters, replayDeadLetter } = await import('../../shared/db/dead-letters.ts');
const { ensureEventsStream, EVENTS_STREAM } = await import('../../shared/nats/connection.ts');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bounded redelivery, dead letters, contract validation and replay, on real PostgreSQL and NATS, in a schema and consumers of its own. */
describe('consumer dead letters', () => {
  const schema = `it_inbox_${randomUUID().slice(0, 8)}`;
  const durable = `it-${schema.replaceAll('_', '-')}`;
  const Happened = defineEvent(`events.test.${schema}.happened`, 1, z.object({ poison: z.boolean() }));
  /** A sibling under the same filter the consumer does not declare: acknowledged and skipped. */
  const Ignored = defineEvent(`events.test.${schema}.ignored`, 1, z.object({}));
  let orm: MikroORM<PostgreSqlDriver>;
  let nc: NatsConnection;
  const seen: string[] = [];
  /** Fails for events marked poison until `cured` is set, as a consumer meeting bad data would. */
  let cured = false;
  const handler = async (tx: Em, event: EventOf<typeof Happened>) => {
    if (event.data.poison && !cured) throw new Error('cannot handle this event');
    await tx.execute(`insert into effect (event_id) values (?)`, [event.id]);
    seen.push(event.id);
  };
  const consumer = defineConsumer(durable, [Happened], handler);
  const consumers = { [durable]: consumer };

  beforeAll(async () => {
    orm = await openOrm({ schema, entities: [], migrations: [] });
    await orm.em.fork().execute(`create table effect (event_id uuid primary key)`);
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    await ensureEventsStream(nc);
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    for (const name of [durable, `${durable}-renamed`]) await jsm.consumers.delete(EVENTS_STREAM, name).catch(() => undefined);
    await nc.close();
    await orm.em.fork().execute(`drop schema "${schema}" cascade`);
    await orm.close();
  });
  beforeEach(async () => {
    seen.length = 0;
    cured = false;
    await orm.em.fork().execute(`truncate effect, dead_letter`);
  });

  const publish = async (subject: string, data: unknown, version: number | undefined = 1) => {
    const event: EventEnvelope = { id: randomUUID(), subject, ...(version === undefined ? {} : { version }), occurredAt: new Date().toISOString(), data };
    await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: event.id });
    return event.id;
  };
  const ackPending = async () => (await (await jetstreamManager(nc)).consumers.info(EVENTS_STREAM, durable)).num_ack_pending;
  const waitForDeadLetters = async (n: number) => {
    for (let i = 0; i < 80 && (await countOpenDeadLetters(orm.em.fork())) < n; i++) await sleep(250);
  };

  it('retries a failing event a bounded number of times, parks it as a dead letter, keeps consuming, and replays it once fixed', async () => {
    const running = await consumeEvents(nc, orm, consumer);
    try {
      const poison = await publish(Happened.subject, { poison: true });
      const good = await publish(Happened.subject, { poison: false });
      await waitForDeadLetters(1);

      const [letter, ...more] = await listDeadLetters(orm.em.fork(), false);
      expect(more).toHaveLength(0);
      expect(letter).toMatchObject({
        consumer: durable,
        eventId: poison,
        subject: Happened.subject,
        attempts: 3,
        error: 'cannot handle this event',
        replayedAt: null,
      });
      expect(seen).toEqual([good]);

      // No further deliveries of the parked event: nothing waits for an ack (a term the server did not understand would).
      await sleep(2500);
      expect(seen).toEqual([good]);
      expect(await ackPending()).toBe(0);

      // A replay that still fails leaves it open and says why.
      await expect(replayDeadLetter(orm, letter!.id, consumers)).rejects.toMatchObject({ status: 409, code: 'replay_failed' });
      expect(await countOpenDeadLetters(orm.em.fork())).toBe(1);

      cured = true;
      const replayed = await replayDeadLetter(orm, letter!.id, consumers);
      expect(replayed.replayedAt).not.toBeNull();
      expect(seen).toEqual([good, poison]);
      expect(await countOpenDeadLetters(orm.em.fork())).toBe(0);
      await expect(replayDeadLetter(orm, letter!.id, consumers)).rejects.toMatchObject({ status: 409, code: 'already_replayed' });
      const effects = await orm.em.fork().execute<{ n: string }[]>(`select count(*) n from effect`);
      expect(Number(effects[0]!.n)).toBe(2);
    } finally {
      await running.stop();
    }
  }, 60_000);

  it('parks an event whose data fails the contract, or whose version is unknown, at the first delivery; skips undeclared siblings; an envelope without version is v1', async () => {
    const running = await consumeEvents(nc, orm, consumer);
    try {
      const invalid = await publish(Happened.subject, { poison: 'yes' });
      const future = await publish(Happened.subject, { poison: false, extra: 1 }, 2);
      await publish(Ignored.subject, {});
      const legacy = await publish(Happened.subject, { poison: false }, undefined);
      await waitForDeadLetters(2);
      for (let i = 0; i < 40 && seen.length === 0; i++) await sleep(250);

      const letters = await listDeadLetters(orm.em.fork(), false);
      expect(letters).toHaveLength(2);
      const byEvent = Object.fromEntries(letters.map((l) => [l.eventId, l]));
      expect(byEvent[invalid]).toMatchObject({ consumer: durable, attempts: 1 });
      expect(byEvent[invalid]!.error).toContain('data.poison');
      expect(byEvent[future]).toMatchObject({ consumer: durable, attempts: 1 });
      expect(byEvent[future]!.error).toMatch(/version 2 is unknown/);
      expect(seen).toEqual([legacy]);
      expect(await ackPending()).toBe(0);

      // A replay validates again: still invalid, so 409 and the letter stays open.
      await expect(replayDeadLetter(orm, byEvent[invalid]!.id, consumers)).rejects.toMatchObject({ status: 409, code: 'replay_failed' });
      expect(await countOpenDeadLetters(orm.em.fork())).toBe(2);
    } finally {
      await running.stop();
    }
  }, 60_000);

  it('moves an existing durable consumer with an old filter subject to the new one and carries on where it stood', async () => {
    const name = `${durable}-renamed`;
    const jsm = await jetstreamManager(nc);
    const old = `events.test.${schema}.old_name`;
    await jsm.consumers.add(EVENTS_STREAM, { durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: old });
    // Published before the old consumer's last ack: the moved consumer must not apply it.
    const early = await publish(Happened.subject, { poison: false });
    await publish(old, {});
    const message = await (await jetstream(nc).consumers.get(EVENTS_STREAM, name)).next({ expires: 5000 });
    expect(message?.subject).toBe(old);
    await message!.ackAck();

    const running = await consumeEvents(nc, orm, defineConsumer(name, [Happened], handler));
    try {
      expect((await jsm.consumers.info(EVENTS_STREAM, name)).config.filter_subject).toBe(Happened.subject);
      const after = await publish(Happened.subject, { poison: false });
      for (let i = 0; i < 40 && !seen.includes(after); i++) await sleep(250);
      await sleep(500);
      expect(seen).toEqual([after]);
      expect(seen).not.toContain(early);
    } finally {
      await running.stop();
    }
  }, 60_000);
});

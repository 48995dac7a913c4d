import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '../../shared/db/outbox.ts';
import type { Em } from '../../shared/db/orm.ts';

// Three attempts keep the test short; read by the inbox when it is imported below.
process.env.KONTOR_MAX_DELIVERIES = '3';
const { openOrm } = await import('../../shared/db/orm.ts');
const { consumeEvents } = await import('../../shared/db/inbox.ts');
const { countOpenDeadLetters, listDeadLetters, replayDeadLetter } = await import('../../shared/db/dead-letters.ts');
const { ensureEventsStream, EVENTS_STREAM } = await import('../../shared/nats/connection.ts');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bounded redelivery, dead letters and replay, on real PostgreSQL and NATS, in a schema and consumer of its own. */
describe('consumer dead letters', () => {
  const schema = `it_inbox_${randomUUID().slice(0, 8)}`;
  const durable = `it-${schema.replaceAll('_', '-')}`;
  const subject = `events.test.${schema}.happened`;
  let orm: MikroORM<PostgreSqlDriver>;
  let nc: NatsConnection;
  const seen: string[] = [];
  /** Fails for events marked poison until `cured` is set, as a consumer meeting bad data would. */
  let cured = false;
  const handler = async (tx: Em, event: EventEnvelope) => {
    if ((event.data as { poison?: boolean }).poison && !cured) throw new Error('cannot handle this event');
    await tx.execute(`insert into effect (event_id) values (?)`, [event.id]);
    seen.push(event.id);
  };

  beforeAll(async () => {
    orm = await openOrm({ schema, entities: [], migrations: [] });
    await orm.em.fork().execute(`create table effect (event_id uuid primary key)`);
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    await ensureEventsStream(nc);
  });
  afterAll(async () => {
    await jetstreamManager(nc).then((jsm) => jsm.consumers.delete(EVENTS_STREAM, durable)).catch(() => undefined);
    await nc.close();
    await orm.em.fork().execute(`drop schema "${schema}" cascade`);
    await orm.close();
  });

  const publish = async (data: Record<string, unknown>) => {
    const event: EventEnvelope = { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data };
    await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: event.id });
    return event.id;
  };

  it('retries a failing event a bounded number of times, parks it as a dead letter, keeps consuming, and replays it once fixed', async () => {
    const consumer = await consumeEvents(nc, orm, durable, subject, handler);
    try {
      const poison = await publish({ poison: true });
      const good = await publish({ poison: false });
      for (let i = 0; i < 80 && (await countOpenDeadLetters(orm.em.fork())) === 0; i++) await sleep(250);

      const [letter, ...more] = await listDeadLetters(orm.em.fork(), false);
      expect(more).toHaveLength(0);
      expect(letter).toMatchObject({ consumer: durable, eventId: poison, subject, attempts: 3, error: 'cannot handle this event', replayedAt: null });
      expect(seen).toEqual([good]);

      // No further deliveries of the parked event.
      await sleep(2500);
      expect(seen).toEqual([good]);

      // A replay that still fails leaves it open and says why.
      await expect(replayDeadLetter(orm, letter!.id, { [durable]: handler })).rejects.toMatchObject({ status: 409, code: 'replay_failed' });
      expect(await countOpenDeadLetters(orm.em.fork())).toBe(1);

      cured = true;
      const replayed = await replayDeadLetter(orm, letter!.id, { [durable]: handler });
      expect(replayed.replayedAt).not.toBeNull();
      expect(seen).toEqual([good, poison]);
      expect(await countOpenDeadLetters(orm.em.fork())).toBe(0);
      await expect(replayDeadLetter(orm, letter!.id, { [durable]: handler })).rejects.toMatchObject({ status: 409, code: 'already_replayed' });
      const effects = await orm.em.fork().execute<{ n: string }[]>(`select count(*) n from effect`);
      expect(Number(effects[0]!.n)).toBe(2);
    } finally {
      await consumer.stop();
    }
  }, 60_000);
});

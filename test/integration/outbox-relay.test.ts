import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { defineEvent, type EventEnvelope } from '../../shared/contracts/events.ts';
import { openOrm } from '../../shared/db/orm.ts';
import { OutboxRelay, recordEvent } from '../../shared/db/outbox.ts';
import { ensureEventsStream } from '../../shared/nats/connection.ts';
import { eventually } from '../helpers/eventually.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The outbox relay on real PostgreSQL and NATS, in a schema of its own: what it publishes, and when it asks the database. */
describe('outbox relay', () => {
  const schema = `it_outbox_${randomUUID().slice(0, 8)}`;
  const Happened = defineEvent(`events.test.${schema}.happened`, 1, z.object({ n: z.number().int() }));
  const POLL_MS = 40;
  const SWEEP_MS = 1_500;
  let orm: MikroORM<PostgreSqlDriver>;
  let nc: NatsConnection;
  let sub: Subscription;
  const received: number[] = [];
  /** Passes that reached the database: every pass takes one EntityManager fork first. */
  let forks = 0;
  let relay: OutboxRelay;

  beforeAll(async () => {
    orm = await openOrm({ schema, entities: [], migrations: [] });
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    await ensureEventsStream(nc);
    sub = nc.subscribe(Happened.subject, {
      callback: (_err, m) => {
        received.push((m.json() as EventEnvelope<{ n: number }>).data.n);
      },
    });
    const counting = { em: { fork: () => (forks++, orm.em.fork()) } } as unknown as MikroORM<PostgreSqlDriver>;
    relay = new OutboxRelay(counting, jetstream(nc), POLL_MS, 500, SWEEP_MS);
    relay.start();
  });
  afterAll(async () => {
    await relay.stop();
    sub.unsubscribe();
    await nc.close();
    await orm.em.fork().execute(`drop schema "${schema}" cascade`);
    await orm.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const unpublished = async () =>
    Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from outbox_event where published_at is null`))[0]!.n);

  it('publishes what this process recorded, without a kick, and marks every row', async () => {
    await orm.em.fork().transactional(async (tx) => {
      for (const n of [1, 2, 3]) recordEvent(tx, Happened, { n });
    });
    await eventually(async () => received.length >= 3, 10_000, 'three published events');
    expect([...received].sort()).toEqual([1, 2, 3]);
    expect(await unpublished()).toBe(0);
  });

  it('sends the database nothing while idle, and still finds rows written by another process at the next sweep', async () => {
    await eventually(async () => (await unpublished()) === 0, 10_000, 'an empty outbox');
    // The last pass found the outbox empty; the sweep is not due within the next few polls.
    await sleep(3 * POLL_MS);
    const before = forks;
    await sleep(10 * POLL_MS);
    expect(forks).toBe(before);

    // Another replica (or a process that crashed before its kick) left a row: nothing here recorded it.
    const id = randomUUID();
    const envelope: EventEnvelope = { id, subject: Happened.subject, version: 1, occurredAt: new Date().toISOString(), data: { n: 7 } };
    await orm.em
      .fork()
      .execute(`insert into outbox_event (id, subject, payload, created_at) values (?, ?, ?::jsonb, now())`, [id, Happened.subject, JSON.stringify(envelope)]);
    await eventually(async () => received.length > 0, SWEEP_MS * 3, 'the row swept up');
    expect(received).toEqual([7]);
    expect(forks).toBeGreaterThan(before);
    expect(await unpublished()).toBe(0);
  });
});

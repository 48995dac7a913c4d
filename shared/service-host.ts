import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import type { MikroORM, EntitySchema, Constructor } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import { connectNats, ensureEventsStream } from './nats/connection.ts';
import { serveEndpoints, endpoint, type Endpoint } from './nats/rpc.ts';
import { PlatformCommands, type ServiceName } from './contracts/platform.ts';
import { openOrm, type Em } from './db/orm.ts';
import { kickIfRecorded, OutboxRelay } from './db/outbox.ts';
import { consumeEvents, type EventConsumer } from './db/inbox.ts';
import { listAudit } from './db/audit.ts';
import { countOpenDeadLetters, listDeadLetters, replayDeadLetter } from './db/dead-letters.ts';

/** What a service's endpoints get: a fresh EntityManager per call and a way to wake the relay. */
export interface ServiceContext {
  nc: NatsConnection;
  orm: MikroORM<PostgreSqlDriver>;
  /** Forks a new EntityManager: every request works on its own identity map. */
  em(): Em;
  /** Runs `fn` in one transaction and wakes the outbox relay after commit. */
  write<T>(fn: (tx: Em) => Promise<T>): Promise<T>;
  relay: OutboxRelay;
}

export interface ServiceDefinition {
  name: ServiceName;
  schema: string;
  entities: EntitySchema[];
  migrations: Constructor<Migration>[];
  endpoints: (ctx: ServiceContext) => Endpoint[];
  /** Durable consumers (`defineConsumer`): the service's projections of other services' events. */
  consumers?: EventConsumer[];
  /** Resources to open after the database and NATS (e.g. a browser). */
  onStart?: (ctx: ServiceContext) => Promise<void>;
  onStop?: () => Promise<void>;
}

/** Starts a service process: migrations, NATS endpoints, outbox relay, consumers, graceful stop. */
export async function runService(def: ServiceDefinition): Promise<ServiceContext> {
  const orm = await openOrm({ schema: def.schema, entities: def.entities, migrations: def.migrations });
  const nc = await connectNats(`kontor-${def.name}`);
  await ensureEventsStream(nc);
  const relay = new OutboxRelay(orm, jetstream(nc));
  const ctx: ServiceContext = {
    nc,
    orm,
    relay,
    em: () => orm.em.fork(),
    write: (fn) =>
      kickIfRecorded(
        () => orm.em.fork().transactional(fn),
        () => relay.kick(),
      ),
  };
  await def.onStart?.(ctx);
  const platform = PlatformCommands[def.name];
  const health = endpoint(platform.health, async () => {
    return { service: def.name, status: 'ok' as const, deadLetters: await countOpenDeadLetters(ctx.em()) };
  });
  const audit = endpoint(platform.auditList, (input) => listAudit(ctx.em(), input.aggregateId));
  const consumerByName = Object.fromEntries((def.consumers ?? []).map((c) => [c.durable, c]));
  const deadLetters = [
    endpoint(platform.deadLetters, (input) => listDeadLetters(ctx.em(), input.includeReplayed)),
    endpoint(platform.replayDeadLetter, async (input) => {
      const done = await replayDeadLetter(orm, input.id, consumerByName);
      relay.kick();
      return done;
    }),
  ];
  serveEndpoints(nc, def.name, [health, audit, ...deadLetters, ...def.endpoints(ctx)]);
  relay.start();
  const consumers = await Promise.all((def.consumers ?? []).map((c) => consumeEvents(nc, orm, c, () => relay.kick())));
  console.log(`[${def.name}] ready (schema ${def.schema})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log(`[${def.name}] stopping`);
    await Promise.all(consumers.map((c) => c.stop().catch(() => undefined)));
    await relay.stop();
    await nc.drain().catch(() => undefined);
    await def.onStop?.();
    await orm.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  return ctx;
}

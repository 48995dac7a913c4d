import { MikroORM, type EntitySchema, type Constructor } from '@mikro-orm/core';
import { PostgreSqlDriver, type EntityManager } from '@mikro-orm/postgresql';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import { env } from '../config.ts';
import { commonEntities, CommonAuditTrail, CommonTables } from './common.ts';
import { CommonDeadLetters } from './dead-letters.ts';

export type Em = EntityManager;

export interface ServiceOrmOptions {
  /** The PostgreSQL schema this service owns; no other service touches it. */
  schema: string;
  entities: EntitySchema[];
  /** Committed migrations in order; the shared outbox/inbox tables come first. */
  migrations: Constructor<Migration>[];
}

/** Opens the service's MikroORM instance and brings its schema up to date. */
export async function openOrm(opts: ServiceOrmOptions): Promise<MikroORM<PostgreSqlDriver>> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: env.databaseUrl,
    ...(env.databaseSocketDir ? { host: env.databaseSocketDir } : {}),
    // Raw SQL (outbox, number series) is unqualified: the service's schema is the
    // session default of every pooled connection, so the migrator's `reset search_path` returns to it.
    driverOptions: { options: `-c search_path=${opts.schema}` },
    schema: opts.schema,
    entities: [...commonEntities, ...opts.entities],
    extensions: [Migrator],
    // An idle connection lives a minute, not pg-pool's 10 s: under the sale bench the pools closed and reopened about
    // one connection per sale, and every new PostgreSQL backend forks and warms its catalog caches again. Five per
    // process keep two cores busy and leave room under max_connections (100) for the demo and a test instance side by side.
    pool: { min: 1, max: 5, idleTimeoutMillis: 60_000 },
    debug: process.env.KONTOR_SQL_DEBUG === '1',
    // Entities are fetched per request from a forked EntityManager; the global one must never be used.
    allowGlobalContext: false,
    migrations: {
      schema: opts.schema,
      tableName: 'mikro_orm_migrations',
      migrationsList: [CommonTables, CommonAuditTrail, CommonDeadLetters, ...opts.migrations].map((cls) => ({ name: cls.name, class: cls })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  });
  await orm.em.fork().getConnection().execute(`create schema if not exists "${opts.schema}"`);
  await orm.migrator.up();
  return orm;
}

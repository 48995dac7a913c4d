import { EntitySchema, MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { webConfig } from './config.ts';
import { Migration0001Sessions } from './migrations/Migration0001Sessions.ts';

/**
 * The web app's own PostgreSQL schema (`web`): its sign-in sessions and nothing else. Everything the
 * screens show still comes from the REST API; the app never reads another service's schema.
 */
export const WEB_SCHEMA = 'web';

/** One stored session (see Migration0001Sessions). */
export interface WebSessionRow {
  idHash: string;
  csrf: string;
  lang: string;
  userName: string | null;
  displayName: string | null;
  roles: string[] | null;
  apiTokenSealed: string | null;
  apiExpiresAt: Date | null;
  flash: { kind: 'ok' | 'error'; text: string } | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export const WebSessionSchema = new EntitySchema<WebSessionRow>({
  name: 'WebSession',
  tableName: 'web_session',
  properties: {
    idHash: { type: 'string', primary: true, columnType: 'char(64)' },
    csrf: { type: 'string' },
    lang: { type: 'string' },
    userName: { type: 'string', nullable: true },
    displayName: { type: 'string', nullable: true },
    roles: { type: 'string[]', nullable: true },
    apiTokenSealed: { type: 'string', nullable: true },
    apiExpiresAt: { type: 'datetime', nullable: true },
    flash: { type: 'json', nullable: true },
    createdAt: { type: 'datetime' },
    lastSeenAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
  },
});

export type WebOrm = MikroORM<PostgreSqlDriver>;

/** Opens the web app's schema and brings it up to date with the committed migrations. */
export async function openWebDb(databaseUrl = webConfig.databaseUrl): Promise<WebOrm> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    ...(webConfig.databaseSocketDir ? { host: webConfig.databaseSocketDir } : {}),
    driverOptions: { options: `-c search_path=${WEB_SCHEMA}` },
    schema: WEB_SCHEMA,
    entities: [WebSessionSchema],
    extensions: [Migrator],
    pool: { min: 1, max: 5 },
    debug: process.env.KONTOR_SQL_DEBUG === '1',
    allowGlobalContext: false,
    migrations: {
      schema: WEB_SCHEMA,
      tableName: 'mikro_orm_migrations',
      migrationsList: [Migration0001Sessions].map((cls) => ({ name: cls.name, class: cls })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  });
  await orm.em.fork().getConnection().execute(`create schema if not exists "${WEB_SCHEMA}"`);
  await orm.migrator.up();
  return orm;
}

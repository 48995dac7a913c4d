import { z } from 'zod';
import type { NatsConnection } from '@nats-io/transport-node';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { call } from '../../../../shared/nats/rpc.ts';
import { PlatformCommands, SERVICE_NAMES, type ServiceName } from '../../../../shared/contracts/platform.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import { text } from '../../../../shared/validation.ts';
import { ROLES, createApiKey } from '../auth/api-keys.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES } from './common.ts';

/** Which service keeps the audit trail of an aggregate, told by its identifier. */
function auditOwner(id: string): ServiceName {
  if (/^(AN-|K-)/.test(id)) return 'quote';
  if (id.startsWith('AB-')) return 'order';
  if (/^(LS|RT)-/.test(id)) return 'fulfillment';
  if (/^(RE|ST|RK)-/.test(id)) return 'invoicing';
  return 'quote'; // products are audited by SKU in the quote service
}

/** Services that consume events and so may hold dead letters. */
const EVENT_CONSUMING_SERVICES: readonly ServiceName[] = SERVICE_NAMES;
const isService = (name: string): name is ServiceName => (EVENT_CONSUMING_SERVICES as readonly string[]).includes(name);

/** Audit trail reading, dead letters and API key administration. */
export function adminRoutes(nc: NatsConnection, orm: MikroORM<PostgreSqlDriver>): Route[] {
  return [
    route({
      method: 'get',
      path: '/audit/{id}',
      tag: 'Audit',
      summary: 'Read the audit trail of a document, customer (K-…) or product (SKU)',
      roles: ALL_ROLES,
      handler: async ({ params }) => {
        const owner = auditOwner(params.id);
        if (owner !== 'quote' || /^(AN-|K-)/.test(params.id)) return call(nc, PlatformCommands[owner].auditList, { aggregateId: params.id });
        // A product's trail: master data from the catalog, receipts and corrections from the warehouse, merged by time.
        const [catalog, warehouse] = await Promise.all(
          (['quote', 'fulfillment'] as const).map((s) => call(nc, PlatformCommands[s].auditList, { aggregateId: params.id })),
        );
        return [...catalog!, ...warehouse!].sort((a, b) => a.at.localeCompare(b.at));
      },
    }),
    route({
      method: 'get',
      path: '/dead-letters',
      tag: 'Admin',
      summary: 'List events that consumers gave up on, per service',
      roles: [],
      query: z.object({ includeReplayed: z.enum(['true', 'false']).default('false') }).strict(),
      handler: async ({ query }) => {
        const includeReplayed = query.includeReplayed === 'true';
        const lists = await Promise.all(
          EVENT_CONSUMING_SERVICES.map(async (service) =>
            (await call(nc, PlatformCommands[service].deadLetters, { includeReplayed })).map((d) => ({ service, ...d })),
          ),
        );
        return lists.flat();
      },
    }),
    route({
      method: 'post',
      path: '/dead-letters/{service}/{id}/replay',
      tag: 'Admin',
      summary: 'Run a dead letter through its consumer once more',
      roles: [],
      handler: ({ params }) => {
        const service = params.service;
        if (!isService(service)) throw new ValidationError('unknown service', [{ field: 'service', message: `one of ${EVENT_CONSUMING_SERVICES.join(', ')}` }]);
        const id = Number(params.id);
        if (!Number.isInteger(id) || id <= 0) throw new ValidationError('invalid id', [{ field: 'id', message: 'a positive integer' }]);
        return call(nc, PlatformCommands[service].replayDeadLetter, { id });
      },
    }),
    route({
      method: 'post',
      path: '/api-keys',
      tag: 'Admin',
      summary: 'Create an API key for a user, acting in one of their roles (shown once); without user, the key name is its user',
      roles: [],
      status: 201,
      noIdempotency: true,
      body: z.object({ name: text(100), role: z.enum(ROLES), user: text(100).optional() }),
      handler: async ({ body }) => {
        const { name, role, user = name } = body;
        if (!ROLES.includes(role)) throw new ValidationError('unknown role', [{ field: 'role', message: 'unknown role' }]);
        return { name, role, user, key: await createApiKey(orm.em.fork(), name, role, user) };
      },
    }),
  ];
}

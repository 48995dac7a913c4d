import type { ServiceOrmOptions } from '../../../shared/db/orm.ts';
import { ApiKeyEntity, Migration0001ApiKeys } from './auth/api-keys.ts';
import { Migration0002IdempotentRequests } from './migrations/Migration0002IdempotentRequests.ts';
import { Migration0003Users } from './migrations/Migration0003Users.ts';

/** The gateway's schema: API keys, staff users and their sessions, idempotent request records. Everything that opens it (gateway, key scripts) uses these options. */
export const gatewayOrmOptions: ServiceOrmOptions = {
  schema: 'gateway',
  entities: [ApiKeyEntity],
  migrations: [Migration0001ApiKeys, Migration0002IdempotentRequests, Migration0003Users],
};

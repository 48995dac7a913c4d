import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { Em } from '../../../../shared/db/orm.ts';
import { ConflictError } from '../../../../shared/errors.ts';

export const ROLES = ['sales', 'sales_manager', 'director', 'warehouse', 'accounting', 'project_manager', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: Date;
  revokedAt?: Date | null;
}

export const ApiKeyEntity = new EntitySchema<ApiKeyRow>({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: { type: 'string', primary: true },
    name: { type: 'string', unique: true },
    role: { type: 'string' },
    hash: { type: 'string', unique: true },
    createdAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
  },
});

/** API keys; only their SHA-256 is stored, the key itself is shown once at creation. */
export class Migration0001ApiKeys extends Migration {
  override up(): void {
    this.addSql(`create table api_key (
      id text primary key,
      name text not null unique,
      role text not null,
      hash char(64) not null unique,
      created_at timestamptz not null,
      revoked_at timestamptz null)`);
  }
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Creates a key for a role; returns the plain key, which is not stored anywhere. */
export async function createApiKey(em: Em, name: string, role: Role): Promise<string> {
  if (await em.findOne(ApiKeyEntity, { name })) throw new ConflictError(`an API key named ${name} exists`, 'duplicate_name');
  const key = `kontor_${role}_${randomBytes(24).toString('base64url')}`;
  await em.transactional(async (tx) => {
    tx.persist(tx.create(ApiKeyEntity, { id: `key_${randomUUID()}`, name, role, hash: hashKey(key), createdAt: new Date(), revokedAt: null }));
  });
  return key;
}

/** The user behind a key: its name is the user id recorded in audit trails. */
export interface Principal {
  id: string;
  role: Role;
}

/** Looks a presented key up by its hash; a revoked or unknown key gives null. */
export async function findPrincipal(em: Em, key: string): Promise<Principal | null> {
  const row = await em.findOne(ApiKeyEntity, { hash: hashKey(key), revokedAt: null });
  return row ? { id: row.name, role: row.role } : null;
}

export async function findRole(em: Em, key: string): Promise<Role | null> {
  return (await findPrincipal(em, key))?.role ?? null;
}

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

/**
 * findPrincipal with a short memory of known keys: every API request is
 * authenticated, and a database round trip per request was a visible share of
 * the gateway's work. Only found keys are remembered (a key created a moment
 * ago works at once) and only for `ttlMs`, so a key revoked in the database
 * stops working within that time.
 */
export class PrincipalCache {
  readonly #known = new Map<string, { principal: Principal; until: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(opts: { ttlMs?: number; maxEntries?: number } = {}) {
    this.#ttlMs = opts.ttlMs ?? 10_000;
    this.#maxEntries = opts.maxEntries ?? 1_000;
  }

  async find(em: () => Em, key: string, now = Date.now()): Promise<Principal | null> {
    const hash = hashKey(key);
    const hit = this.#known.get(hash);
    if (hit && hit.until > now) return hit.principal;
    this.#known.delete(hash);
    const row = await em().findOne(ApiKeyEntity, { hash, revokedAt: null });
    if (!row) return null;
    const principal = { id: row.name, role: row.role };
    // Guessed keys never get here (only found ones): the bound is for many real keys, dropping the oldest.
    if (this.#known.size >= this.#maxEntries) this.#known.delete(this.#known.keys().next().value!);
    this.#known.set(hash, { principal, until: now + this.#ttlMs });
    return principal;
  }
}

export async function findRole(em: Em, key: string): Promise<Role | null> {
  return (await findPrincipal(em, key))?.role ?? null;
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { Em } from '../../../../shared/db/orm.ts';
import { ConflictError, ValidationError } from '../../../../shared/errors.ts';

export const ROLES = ['sales', 'sales_manager', 'director', 'warehouse', 'accounting', 'project_manager', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  hash: string;
  userId: string;
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
    userId: { type: 'string' },
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

/**
 * Creates a key for a user acting in one of their roles; returns the plain key, which is not stored anywhere.
 * Without `user` the key's name names its user: an account of that name is created (with this role and no
 * password, so it cannot sign in) unless it exists. The role must be one of the user's roles.
 */
export async function createApiKey(em: Em, name: string, role: Role, user = name): Promise<string> {
  if (await em.findOne(ApiKeyEntity, { name })) throw new ConflictError(`an API key named ${name} exists`, 'duplicate_name');
  const key = `kontor_${role}_${randomBytes(24).toString('base64url')}`;
  await em.transactional(async (tx) => {
    await tx.execute(`insert into app_user (id, name, display_name, roles) values (?, ?, ?, ?::text[]) on conflict (name) do nothing`, [
      `usr_${randomUUID()}`,
      user,
      user,
      `{${role}}`,
    ]);
    const [owner] = await tx.execute<{ id: string; roles: string[]; disabled: boolean }[]>(`select id, roles, disabled from app_user where name = ?`, [user]);
    if (!owner!.roles.includes(role) && !owner!.roles.includes('admin')) {
      throw new ValidationError(`user ${user} does not have the role ${role}`, [
        { field: 'role', message: `not one of ${user}'s roles (${owner!.roles.join(', ')})` },
      ]);
    }
    if (owner!.disabled) throw new ConflictError(`user ${user} is disabled`, 'user_disabled');
    tx.persist(
      tx.create(ApiKeyEntity, { id: `key_${randomUUID()}`, name, role, hash: hashKey(key), userId: owner!.id, createdAt: new Date(), revokedAt: null }),
    );
  });
  return key;
}

/**
 * Who calls: the user's name is the id recorded in audit trails. `roles` are what the caller may act as
 * (a key acts in its one role, a signed-in session in all of its user's roles); `role` is the role a
 * request acts in, chosen per route by mount().
 */
export interface Principal {
  id: string;
  role: Role;
  roles?: readonly Role[];
}

/** Looks a presented key or session token up by its hash: revoked, expired, unknown, or of a disabled user gives null. */
export async function findPrincipal(em: Em, key: string): Promise<Principal | null> {
  const hash = hashKey(key);
  if (key.startsWith('kontor_session_')) {
    const [row] = await em.execute<{ name: string; roles: Role[] }[]>(
      `select u.name, u.roles from user_session s join app_user u on u.id = s.user_id
       where s.hash = ? and s.revoked_at is null and s.expires_at > now() and not u.disabled`,
      [hash],
    );
    return row ? { id: row.name, role: row.roles[0]!, roles: row.roles } : null;
  }
  const [row] = await em.execute<{ name: string; role: Role }[]>(
    `select u.name, k.role from api_key k join app_user u on u.id = k.user_id where k.hash = ? and k.revoked_at is null and not u.disabled`,
    [hash],
  );
  return row ? { id: row.name, role: row.role, roles: [row.role] } : null;
}

/**
 * findPrincipal with a short memory of known keys: every API request is
 * authenticated, and a database round trip per request was a visible share of
 * the gateway's work. Only found keys are remembered (a key created a moment
 * ago works at once) and only for `ttlMs`, so a key revoked in the database
 * stops working within that time; changes made through this gateway (a user
 * disabled, a session ended) call clear() and take effect at once.
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
    const principal = await findPrincipal(em(), key);
    if (!principal) return null;
    // Guessed keys never get here (only found ones): the bound is for many real keys, dropping the oldest.
    if (this.#known.size >= this.#maxEntries) this.#known.delete(this.#known.keys().next().value!);
    this.#known.set(hash, { principal, until: now + this.#ttlMs });
    return principal;
  }

  clear(): void {
    this.#known.clear();
  }
}

export async function findRole(em: Em, key: string): Promise<Role | null> {
  return (await findPrincipal(em, key))?.role ?? null;
}

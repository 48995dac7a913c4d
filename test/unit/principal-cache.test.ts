import { describe, it, expect } from '@jest/globals';
import { PrincipalCache, hashKey, type ApiKeyRow } from '../../services/gateway/src/auth/api-keys.ts';
import type { Em } from '../../shared/db/orm.ts';

/** An EntityManager that only answers the key lookup by hash from the given rows (each key its own user), counting lookups. */
function fakeEm(rows: ApiKeyRow[], lookups: { n: number }): () => Em {
  return () =>
    ({
      execute: async (_sql: string, [hash]: [string]) => {
        lookups.n++;
        const row = rows.find((r) => r.hash === hash && !r.revokedAt);
        return row ? [{ name: row.name, role: row.role }] : [];
      },
    }) as unknown as Em;
}

const row = (key: string): ApiKeyRow => ({
  id: `key_${key}`,
  name: `user-${key}`,
  role: 'sales',
  hash: hashKey(key),
  userId: `usr_${key}`,
  createdAt: new Date(0),
  revokedAt: null,
});

describe('PrincipalCache', () => {
  it('asks the database once per key within the TTL and again after it', async () => {
    const lookups = { n: 0 };
    const cache = new PrincipalCache({ ttlMs: 1_000 });
    const em = fakeEm([row('a')], lookups);
    expect(await cache.find(em, 'a', 0)).toEqual({ id: 'user-a', role: 'sales', roles: ['sales'] });
    expect(await cache.find(em, 'a', 999)).toEqual({ id: 'user-a', role: 'sales', roles: ['sales'] });
    expect(lookups.n).toBe(1);
    await cache.find(em, 'a', 1_000);
    expect(lookups.n).toBe(2);
  });

  it('does not remember unknown keys, so a key created a moment later works at once', async () => {
    const lookups = { n: 0 };
    const rows: ApiKeyRow[] = [];
    const cache = new PrincipalCache();
    expect(await cache.find(fakeEm(rows, lookups), 'b', 0)).toBeNull();
    rows.push(row('b'));
    expect(await cache.find(fakeEm(rows, lookups), 'b', 1)).toEqual({ id: 'user-b', role: 'sales', roles: ['sales'] });
  });

  it('stops accepting a revoked key once its entry expires', async () => {
    const lookups = { n: 0 };
    const rows = [row('c')];
    const cache = new PrincipalCache({ ttlMs: 100 });
    expect(await cache.find(fakeEm(rows, lookups), 'c', 0)).not.toBeNull();
    rows[0]!.revokedAt = new Date(50);
    expect(await cache.find(fakeEm(rows, lookups), 'c', 100)).toBeNull();
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const lookups = { n: 0 };
    const em = fakeEm([row('x'), row('y'), row('z')], lookups);
    const cache = new PrincipalCache({ maxEntries: 2 });
    for (const k of ['x', 'y', 'z']) await cache.find(em, k, 0);
    expect(lookups.n).toBe(3);
    await cache.find(em, 'z', 1);
    await cache.find(em, 'y', 1);
    expect(lookups.n).toBe(3);
    await cache.find(em, 'x', 1);
    expect(lookups.n).toBe(4);
  });
});

import { describe, expect, it } from '@jest/globals';
import { BASE_URL, api, ok } from '../../scripts/api-client.ts';

const unique = (p: string) => `${p}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}
const get = async (path: string, token: string) => {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
};

describe('staff users and sign-in sessions', () => {
  it('refuses bad accounts naming the field, and only admins manage users', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', displayName: 'X', roles: ['sales'] }, 'name'],
      [{ name: 'a b', displayName: 'X', roles: ['sales'] }, 'name'],
      [{ name: unique('u'), displayName: 'X', roles: [] }, 'roles'],
      [{ name: unique('u'), displayName: 'X', roles: ['cashier'] }, 'roles[0]'],
      [{ name: unique('u'), displayName: 'X', roles: ['sales'], password: 'kurz' }, 'password'],
      [{ name: unique('u'), roles: ['sales'] }, 'displayName'],
    ];
    for (const [body, field] of cases) {
      const res = await api('admin', 'POST', '/api/v1/users', body);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([422, field]);
    }
    expect((await api('admin', 'GET', '/api/v1/users')).body.some((u: { name: string }) => /^u-/.test(u.name))).toBe(false);
    expect((await api('sales', 'POST', '/api/v1/users', { name: unique('u'), displayName: 'X', roles: ['sales'] })).status).toBe(403);
    expect((await api('accounting', 'GET', '/api/v1/users')).status).toBe(403);
    const name = unique('dup');
    await ok('admin', 'POST', '/api/v1/users', { name, displayName: 'Dup', roles: ['sales'] });
    const dup = await api('admin', 'POST', '/api/v1/users', { name, displayName: 'Dup', roles: ['sales'] });
    expect([dup.status, dup.body.code]).toEqual([409, 'duplicate_name']);
    const unknown = await api('admin', 'POST', `/api/v1/users/${unique('nobody')}`, { disabled: true });
    expect(unknown.status).toBe(404);
    const empty = await api('admin', 'POST', `/api/v1/users/${name}`, {});
    expect([empty.status, empty.body.errors?.[0]?.field]).toEqual([422, '(body)']);
  });

  it('signs in with name and password to a session that acts in all the user’s roles, until sign-out', async () => {
    const name = unique('multi');
    const user = await ok('admin', 'POST', '/api/v1/users', { name, displayName: 'Mia Multi', roles: ['warehouse', 'accounting'], password: 'lager-und-geld' });
    expect(user).toMatchObject({ name, roles: ['warehouse', 'accounting'], disabled: false, hasPassword: true });
    expect(JSON.stringify(user)).not.toMatch(/scrypt|password_hash/);

    const wrong = await post('/sessions', { name, password: 'lager-und-gold' });
    expect([wrong.status, wrong.body.code, wrong.body.errors[0].field]).toEqual([401, 'sign_in_failed', 'password']);
    const nobody = await post('/sessions', { name: unique('nobody'), password: 'lager-und-geld' });
    expect([nobody.status, nobody.body.detail]).toEqual([401, wrong.body.detail]); // nothing to learn about which names exist
    const missing = await post('/sessions', { name });
    expect([missing.status, missing.body.errors[0].field]).toEqual([422, 'password']);

    const session = await post('/sessions', { name, password: 'lager-und-geld' });
    expect(session.status).toBe(201);
    expect(session.body.token).toMatch(/^kontor_session_/);
    expect(Date.parse(session.body.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const token = session.body.token as string;
    expect((await get('/me', token)).body).toMatchObject({ name, roles: ['warehouse', 'accounting'] });
    // Both roles' reads and steps are open to the session; other roles' are not.
    expect((await post('/stock/receipts', {}, token)).status).toBe(422); // the warehouse's step: past the role check, refused for its body
    expect((await get('/payments/unmatched', token)).status).toBe(200);
    expect((await post('/customers', { name: 'X' }, token)).status).toBe(403);

    const out = await post('/sessions/current/end', {}, token);
    expect(out.status).toBe(200);
    expect((await get('/me', token)).status).toBe(401);

    const trail = await ok('admin', 'GET', `/api/v1/users/${name}/audit`);
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['created', 'signed_in', 'signed_out']);
    expect(trail[0].actor).toMatch(/^admin$|^demo-admin/);
  });

  it('ends sessions and stops keys of a disabled user, and of one whose password is reset', async () => {
    const name = unique('gone');
    await ok('admin', 'POST', '/api/v1/users', { name, displayName: 'Gina Gone', roles: ['sales'], password: 'erst-noch-da' });
    const token = (await post('/sessions', { name, password: 'erst-noch-da' })).body.token as string;
    const key = (await ok('admin', 'POST', '/api/v1/api-keys', { name: unique('key'), role: 'sales', user: name })).key as string;
    expect((await get('/me', token)).status).toBe(200);
    expect((await get('/me', key)).body.name).toBe(name);

    await ok('admin', 'POST', `/api/v1/users/${name}`, { password: 'ganz-neu-jetzt' });
    expect((await get('/me', token)).status).toBe(401);
    expect((await get('/me', key)).status).toBe(200);
    expect((await post('/sessions', { name, password: 'erst-noch-da' })).status).toBe(401);

    const changed = await ok('admin', 'POST', `/api/v1/users/${name}`, { disabled: true });
    expect(changed.disabled).toBe(true);
    expect((await get('/me', key)).status).toBe(401);
    expect((await post('/sessions', { name, password: 'ganz-neu-jetzt' })).status).toBe(401);
    const trail = await ok('admin', 'GET', `/api/v1/users/${name}/audit`);
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['created', 'signed_in', 'changed', 'disabled']);
    expect(trail[2].detail).toEqual({ password: 'reset' });
    expect(trail[3].detail).toEqual({ disabled: { from: false, to: true } });

    await ok('admin', 'POST', `/api/v1/users/${name}`, { disabled: false });
    expect((await get('/me', key)).status).toBe(200);
  });

  it('keeps an admin from locking themselves out', async () => {
    const name = unique('boss');
    await ok('admin', 'POST', '/api/v1/users', { name, displayName: 'Boss', roles: ['admin'], password: 'boss-passwort' });
    const token = (await post('/sessions', { name, password: 'boss-passwort' })).body.token as string;
    const self = await post(`/users/${name}`, { disabled: true }, token);
    expect([self.status, self.body.errors[0].field]).toEqual([422, 'disabled']);
    const demote = await post(`/users/${name}`, { roles: ['sales'] }, token);
    expect([demote.status, demote.body.errors[0].field]).toEqual([422, 'roles']);
  });
});

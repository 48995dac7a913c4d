import { readFileSync } from 'node:fs';
import { DEMO_KEYS_FILE } from './instance.ts';

/** A small REST client for tests and scripts, using the demo keys that the bring-up wrote. */
export type Role = 'sales' | 'sales_manager' | 'director' | 'warehouse' | 'accounting' | 'project_manager' | 'planner' | 'admin';

export const BASE_URL = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export function demoKeys(): Record<Role, string> {
  return JSON.parse(readFileSync(DEMO_KEYS_FILE, 'utf8'));
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(
  role: Role | null,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...extra };
  if (role) headers.authorization = `Bearer ${demoKeys()[role]}`;
  let payload: string | undefined;
  if (typeof body === 'string') payload = body;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(BASE_URL + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Like api() but fails loudly unless the status is the expected one. */
export async function ok<T = any>(role: Role, method: string, path: string, body?: unknown, expected = [200, 201]): Promise<T> {
  const res = await api<T>(role, method, path, body);
  if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates an API key for a named user (needs the admin demo key); returns a caller for that user. */
export async function userKey(name: string, role: Role): Promise<(method: string, path: string, body?: unknown) => Promise<ApiResponse>> {
  const res = await api('admin', 'POST', '/api/v1/api-keys', { name, role });
  if (res.status !== 201) throw new Error(`creating key ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  const key = (res.body as { key: string }).key;
  return async (method, path, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(BASE_URL + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const type = r.headers.get('content-type') ?? '';
    return { status: r.status, body: type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer()), headers: r.headers };
  };
}

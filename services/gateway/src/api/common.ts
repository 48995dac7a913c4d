import { z } from 'zod';
import { ROLES, type Role } from '../auth/api-keys.ts';

export const ALL_ROLES: readonly Role[] = ROLES;

/** Paging for list endpoints; query strings arrive as text. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Passes the client's Idempotency-Key header on to the service command. */
export function withKey(body: unknown, key: string | undefined): Record<string, unknown> {
  const fields = body as Record<string, unknown>;
  return key ? { ...fields, idempotencyKey: key } : fields;
}

import { z } from 'zod';
import { ROLES, type Principal, type Role } from '../auth/api-keys.ts';

export const ALL_ROLES: readonly Role[] = ROLES;

/** Paging for list endpoints; query strings arrive as text. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A service command: the validated body plus the client's Idempotency-Key header and the acting user. */
export function command(body: unknown, ctx: { idempotencyKey: string | undefined; actor: Principal }): Record<string, unknown> {
  const fields = (body ?? {}) as Record<string, unknown>;
  return { ...fields, actor: ctx.actor, ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}) };
}

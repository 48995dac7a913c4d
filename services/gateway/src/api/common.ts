import { ROLES, type Principal, type Role } from '../auth/api-keys.ts';

export const ALL_ROLES: readonly Role[] = ROLES;

/** A service command: the validated body plus the client's Idempotency-Key (scoped to caller and route) and the acting user. */
export function command(body: unknown, ctx: { idempotencyKey: string | undefined; actor: Principal }): Record<string, unknown> {
  const fields = (body ?? {}) as Record<string, unknown>;
  return { ...fields, actor: ctx.actor, ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}) };
}

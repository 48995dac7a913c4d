import { ROLES, type Principal, type Role } from '../auth/api-keys.ts';

export const ALL_ROLES: readonly Role[] = ROLES;

/** A service command: the validated body plus the client's Idempotency-Key (scoped to caller and route) and the acting user. */
export function command<B extends object>(
  body: B,
  ctx: { idempotencyKey: string | undefined; actor: Principal },
): B & { actor: Principal; idempotencyKey?: string } {
  return { ...body, actor: ctx.actor, ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}) };
}

import type { Actor } from '../contracts/common.ts';
import type { Em } from './orm.ts';
import type { AuditEntry } from '../contracts/platform.ts';

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

export type { AuditEntry };

/**
 * Appends to the audit trail inside the caller's transaction: the entry exists
 * exactly when the change does. `at` is for facts learnt from another service's
 * event: they are dated when they happened, not when the event arrived.
 */
export async function recordAudit(
  tx: Em,
  entry: { aggregateType: string; aggregateId: string; action: string; actor?: Actor | undefined; details?: Record<string, unknown>; at?: string },
): Promise<void> {
  const actor = entry.actor ?? SYSTEM_ACTOR;
  await tx.execute(
    `insert into audit_entry (aggregate_type, aggregate_id, action, actor_id, actor_role, details, at) values (?, ?, ?, ?, ?, ?::jsonb, coalesce(?::timestamptz, clock_timestamp()))`,
    [entry.aggregateType, entry.aggregateId, entry.action, actor.id, actor.role, JSON.stringify(entry.details ?? {}), entry.at ?? null],
    'run',
  );
}

export async function listAudit(em: Em, aggregateId: string): Promise<AuditEntry[]> {
  const rows = await em.execute<
    {
      id: string;
      aggregate_type: string;
      aggregate_id: string;
      action: string;
      actor_id: string;
      actor_role: string;
      at: Date;
      details: Record<string, unknown>;
    }[]
  >(`select id, aggregate_type, aggregate_id, action, actor_id, actor_role, at, details from audit_entry where aggregate_id = ? order by at, id`, [
    aggregateId,
  ]);
  return rows.map((r) => ({
    id: String(r.id),
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    action: r.action,
    actor: { id: r.actor_id, role: r.actor_role },
    at: new Date(r.at).toISOString(),
    details: r.details,
  }));
}

/** Field-level differences between two snapshots, for "what changed". */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { from: before[k] ?? null, to: after[k] ?? null };
  }
  return out;
}

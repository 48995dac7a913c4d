import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { BillingPlan, BillingPlanItemInput } from '../../../shared/contracts/order/billing-plan.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../../shared/errors.ts';
import { OrderEntity, type OrderRow } from './entities.ts';
import { MilestoneEntity, type MilestoneRow } from './milestone-entities.ts';
import { BillingPlanEntity, type BillingPlanRow } from './billing-plan.entities.ts';
import { checkBillingShares, checkCoveredPositions } from './domain/milestones.ts';

async function orderOf(em: Em, orderNumber: string): Promise<OrderRow> {
  const order = await em.findOne(OrderEntity, { number: orderNumber });
  if (!order) throw new NotFoundError(`order ${orderNumber} not found`, 'orderNumber');
  return order;
}

/** An item's share: its own, or (for a milestone item without one) its milestone's billing share. */
function shareOf(item: BillingPlanItemInput, milestones: MilestoneRow[]) {
  if (item.share) return item.share;
  if (item.trigger.on !== 'milestone_done') return null;
  const id = item.trigger.milestoneId;
  return milestones.find((m) => m.id === id)?.billingShare ?? null;
}

function planJson(orderNumber: string, row: BillingPlanRow | null, milestones: MilestoneRow[]): BillingPlan {
  return {
    orderNumber,
    version: row?.version ?? 0,
    items: (row?.items ?? []).map((item, i) => ({
      key: item.key,
      position: i + 1,
      label: item.label,
      kind: item.kind,
      share: shareOf(item, milestones),
      trigger: item.trigger,
      auto: item.auto,
    })),
  };
}

/** The billing plan of an order, with milestone shares resolved; version 0 and no items while it has none. */
export async function getBillingPlan(em: Em, orderNumber: string): Promise<BillingPlan> {
  await orderOf(em, orderNumber);
  const row = await em.findOne(BillingPlanEntity, { orderNumber });
  return planJson(orderNumber, row, await em.find(MilestoneEntity, { orderNumber }));
}

/** What a plan must satisfy: unique keys, known milestones and positions, a share for every item, shares within the order's net. */
function checkItems(items: BillingPlanItemInput[], order: OrderRow, milestones: MilestoneRow[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const positions = order.lines.map((l) => l.position);
  items.forEach((item, i) => {
    if (items.findIndex((o) => o.key === item.key) !== i) issues.push({ field: `items.${i}.key`, message: `key '${item.key}' is used twice` });
    const t = item.trigger;
    if (t.on === 'milestone_done') {
      const milestone = milestones.find((m) => m.id === t.milestoneId);
      if (!milestone || milestone.status === 'cancelled')
        issues.push({ field: `items.${i}.trigger.milestoneId`, message: `order ${order.number} has no live milestone ${t.milestoneId}` });
    }
    if (t.on === 'positions_shipped') issues.push(...checkCoveredPositions(t.positions, positions, `items.${i}.trigger.positions`));
    if (!shareOf(item, milestones)) issues.push({ field: `items.${i}.share`, message: 'required (the milestone has no billing share either)' });
  });
  issues.push(
    ...checkBillingShares(
      items.map((item) => ({ share: shareOf(item, milestones), status: 'planned' as const })),
      { net: order.totals.net, currency: order.currency },
      (i) => `items.${i}.share`,
    ),
  );
  return issues;
}

/**
 * Sets an order's billing plan. The plan row is locked and the caller's
 * expected version checked, so of two concurrent edits the second answers 409;
 * without expectedVersion only a first plan is accepted. What was billed
 * already stays billed: the invoicing service refuses billing an item twice.
 */
export async function replaceBillingPlan(
  tx: Em,
  input: { orderNumber: string; expectedVersion?: number | undefined; items: BillingPlanItemInput[]; actor?: Actor | undefined },
): Promise<BillingPlan> {
  const order = await orderOf(tx, input.orderNumber);
  if (order.status === 'cancelled') throw new ConflictError(`order ${order.number} is cancelled; its billing plan cannot change`, 'order_cancelled');
  await tx.execute(
    `insert into billing_plan (order_number, version, items, updated_at) values (?, 0, '[]'::jsonb, now()) on conflict (order_number) do nothing`,
    [order.number],
    'run',
  );
  const row = await findForUpdate(tx, BillingPlanEntity, { orderNumber: order.number }, `billing plan of ${order.number}`, input.expectedVersion);
  if (input.expectedVersion === undefined && row.version > 0)
    throw new ConflictError(`order ${order.number} has a billing plan (version ${row.version}); send expectedVersion to replace it`, 'version_mismatch');
  const milestones = await tx.find(MilestoneEntity, { orderNumber: order.number });
  const issues = checkItems(input.items, order, milestones);
  if (issues.length) throw new ValidationError(`invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);
  const before = row.items;
  row.items = input.items;
  row.version += 1;
  row.updatedAt = new Date();
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: order.number,
    action: 'billing_plan_replaced',
    actor: input.actor,
    details: { version: row.version, items: input.items, replaced: before },
  });
  return planJson(order.number, row, milestones);
}

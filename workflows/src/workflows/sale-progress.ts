import { Decimal } from 'decimal.js';
import type { SaleStage } from '../sale.contract.ts';

/** Whether the shipped quantities cover every ordered position. Pure, so workflow-safe and unit-tested. */
export function deliveryStage(orderLines: { position: number; quantity: string }[], shipped: { orderPosition: number; quantity: string }[]): SaleStage {
  const complete = orderLines.every((l) =>
    shipped.filter((s) => s.orderPosition === l.position).reduce((a, s) => a.plus(s.quantity), new Decimal(0)).gte(l.quantity),
  );
  return complete ? 'delivered' : 'partially_delivered';
}

/** A sale is settled when everything is shipped and every invoice that was not cancelled is paid. */
export function isSettled(
  orderLines: { position: number; quantity: string }[],
  shipped: { orderPosition: number; quantity: string }[],
  invoices: string[],
  paid: Set<string>,
  cancelled: Set<string>,
): boolean {
  const live = invoices.filter((n) => !cancelled.has(n));
  return deliveryStage(orderLines, shipped) === 'delivered' && live.length > 0 && live.every((n) => paid.has(n));
}

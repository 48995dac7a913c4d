import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { OrderFulfilment } from '../../../shared/contracts/fulfillment/stock.ts';
import { OrderLineCancelled, PromisedDateChanged, type LineCancellation, type SalesOrder } from '../../../shared/contracts/order/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { ConflictError, ValidationError } from '../../../shared/errors.ts';
import { Decimal } from 'decimal.js';
import { OrderEntity } from './entities.ts';
import { orderJson } from './order.service.ts';
import { orderStates } from './domain/order-states.ts';
import { cancelledOf, decideCancellation } from './domain/line-changes.ts';

/**
 * Changes of single lines of a confirmed order: cancelling quantities that have
 * not shipped (Teilstornierung), and moving a make-to-order line's promised date.
 * Both are recorded on the order, audited, and published through the outbox.
 */

/**
 * Cancels (part of) a line. What has shipped or is on an open delivery note is
 * read from the warehouse, which owns shipping; the order row stays locked
 * meanwhile, so two cancellations of one order queue. When shipped and cancelled
 * quantities then cover every goods line the order is delivered.
 */
export async function cancelLine(
  tx: Em,
  input: { orderNumber: string; orderPosition: number; quantity?: string | undefined; reason: string },
  readFulfilment: (orderNumber: string) => Promise<OrderFulfilment>,
  actor?: Actor,
): Promise<LineCancellation> {
  const row = await findForUpdate(tx, OrderEntity, { number: input.orderNumber }, `order ${input.orderNumber}`);
  if (row.status === 'cancelled') throw new ConflictError(`order ${row.number} is cancelled`, 'order_cancelled');
  const fulfilment = await readFulfilment(row.number);
  const shipping = fulfilment.lines.map((l) => ({ position: l.position, shipped: l.shipped, onDeliveryNotes: l.onDeliveryNotes }));
  const cancellations = row.lineCancellations ?? [];
  const decision = decideCancellation(row.number, row.lines, cancellations, shipping, input.orderPosition, input.quantity);
  const quantity = decision.quantity.toString();
  row.lineCancellations = [
    ...cancellations,
    { position: input.orderPosition, quantity, reason: input.reason, by: actor?.id ?? 'system', at: new Date().toISOString() },
  ];
  const before = row.status;
  if (decision.orderComplete && row.status !== 'delivered') row.status = orderStates.next(row.status, 'deliver_fully');
  row.updatedAt = new Date();
  const cancelledQuantity = cancelledOf(row.lineCancellations, input.orderPosition).toString();
  recordEvent(tx, OrderLineCancelled, { orderNumber: row.number, orderPosition: input.orderPosition, quantity, cancelledQuantity, reason: input.reason });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: row.number,
    action: 'line_cancelled',
    actor,
    details: {
      orderPosition: input.orderPosition,
      quantity,
      cancelledQuantity,
      lineOpen: decision.lineOpen.toString(),
      reason: input.reason,
      ...(row.status !== before ? { status: row.status } : {}),
    },
  });
  // Open and unreserved before, less what was cancelled now: what still waits for stock.
  const backorder = new Decimal(fulfilment.lines.find((l) => l.position === input.orderPosition)?.backorder ?? '0');
  return {
    order: orderJson(row),
    orderPosition: input.orderPosition,
    quantity,
    lineOpen: decision.lineOpen.toString(),
    orderComplete: decision.orderComplete,
    awaitingStock: decision.lineOpen.gt(0) && backorder.minus(decision.quantity).gt(0),
  };
}

/** Moves the promised date of a make-to-order line; the old and the new date and the reason go into the audit trail. */
export async function changePromisedDate(
  tx: Em,
  input: { orderNumber: string; orderPosition: number; promisedDate: string; reason: string },
  actor?: Actor,
): Promise<SalesOrder> {
  const row = await findForUpdate(tx, OrderEntity, { number: input.orderNumber }, `order ${input.orderNumber}`);
  const line = row.lines.find((l) => l.position === input.orderPosition && l.kind !== 'charge');
  if (!line)
    throw new ValidationError(`order ${row.number} has no position ${input.orderPosition}`, [{ field: 'position', message: 'no such order position' }]);
  if (!line.makeToOrder)
    throw new ConflictError(`position ${input.orderPosition} of order ${row.number} is not made to order: it has no promised date`, 'not_make_to_order');
  if (row.status === 'cancelled') throw new ConflictError(`order ${row.number} is cancelled`, 'order_cancelled');
  const from = line.promisedDate ?? null;
  if (from === input.promisedDate) return orderJson(row);
  row.lines = row.lines.map((l) => (l.position === input.orderPosition ? { ...l, promisedDate: input.promisedDate } : l));
  row.updatedAt = new Date();
  recordEvent(tx, PromisedDateChanged, { orderNumber: row.number, orderPosition: input.orderPosition, from, to: input.promisedDate, reason: input.reason });
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'order',
    aggregateId: row.number,
    action: 'promised_date_changed',
    actor,
    details: { orderPosition: input.orderPosition, from, to: input.promisedDate, reason: input.reason },
  });
  return orderJson(row);
}

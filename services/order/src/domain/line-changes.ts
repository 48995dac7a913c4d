import { Decimal } from 'decimal.js';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { OrderLine, SalesOrderLine } from '../../../../shared/contracts/order/index.ts';
import { DomainError, ValidationError } from '../../../../shared/errors.ts';

/**
 * Pure rules of line changes after confirmation: how much of a line may be
 * cancelled, and what the order's lines show (ordered, cancelled, open).
 */

const ZERO = new Decimal(0);

/** Cancellations as the order keeps them (position and quantity are all these rules need). */
export interface Cancelled {
  position: number;
  quantity: string;
}

export function cancelledOf(cancellations: readonly Cancelled[], position: number): Decimal {
  return cancellations.filter((c) => c.position === position).reduce((a, c) => a.plus(c.quantity), ZERO);
}

/** The order's lines with what was cancelled of each and what is still to ship (charges are never shipped: nothing open). */
export function orderLinesJson(lines: PricedLine[], delivered: OrderLine[], cancellations: readonly Cancelled[]): SalesOrderLine[] {
  return lines.map((l) => {
    const cancelled = cancelledOf(cancellations, l.position);
    const shipped = new Decimal(delivered.find((d) => d.position === l.position)?.deliveredQuantity ?? '0');
    const open = l.kind === 'charge' ? ZERO : Decimal.max(ZERO, new Decimal(l.quantity).minus(cancelled).minus(shipped));
    return { ...l, cancelledQuantity: cancelled.toString(), openQuantity: open.toString() };
  });
}

/** What the warehouse says of one line when it is to be cancelled. */
export interface LineShipping {
  position: number;
  shipped: string;
  onDeliveryNotes: string;
}

/**
 * Decides a cancellation of (part of) a line: at most what has neither shipped
 * nor is on an open delivery note (409 naming `quantity`); the default is all of
 * that. Cancelling what is left of an order of which nothing shipped is an order
 * cancellation, not a line's (409 `cancel_order_instead`). Answers the quantity
 * and whether shipped and cancelled quantities then cover every goods line.
 */
export function decideCancellation(
  orderNumber: string,
  lines: PricedLine[],
  cancellations: readonly Cancelled[],
  shipping: LineShipping[],
  position: number,
  requested: string | undefined,
): { quantity: Decimal; lineOpen: Decimal; orderComplete: boolean } {
  const line = lines.find((l) => l.position === position);
  if (!line) throw new ValidationError(`order ${orderNumber} has no position ${position}`, [{ field: 'position', message: 'no such order position' }]);
  if (line.kind === 'charge')
    throw new ValidationError(`position ${position} of order ${orderNumber} is a charge, which is billed, not shipped`, [
      { field: 'position', message: 'a charge cannot be cancelled as a line' },
    ]);
  const ship = (pos: number) => shipping.find((s) => s.position === pos);
  const shipped = (pos: number) => new Decimal(ship(pos)?.shipped ?? '0');
  const ordered = new Decimal(line.quantity);
  const cancelledBefore = cancelledOf(cancellations, position);
  const onNotes = new Decimal(ship(position)?.onDeliveryNotes ?? '0');
  const cancellable = ordered.minus(cancelledBefore).minus(shipped(position)).minus(onNotes);
  const state = `ordered ${ordered.toString()}, cancelled ${cancelledBefore.toString()}, shipped ${shipped(position).toString()}, on open delivery notes ${onNotes.toString()}`;
  if (!cancellable.gt(0)) {
    const message = `nothing of position ${position} is left to cancel (${state})`;
    throw new DomainError(409, 'nothing_open', message, [{ field: 'quantity', message }]);
  }
  const quantity = requested === undefined ? cancellable : new Decimal(requested);
  if (quantity.gt(cancellable)) {
    const message = `at most ${cancellable.toString()} ${line.unit} of position ${position} can be cancelled (${state})`;
    throw new DomainError(409, 'exceeds_open', message, [{ field: 'quantity', message }]);
  }
  const after = [...cancellations, { position, quantity: quantity.toString() }];
  const goods = lines.filter((l) => l.kind !== 'charge');
  const orderComplete = goods.every((l) => shipped(l.position).plus(cancelledOf(after, l.position)).gte(l.quantity));
  if (orderComplete && goods.every((l) => shipped(l.position).isZero())) {
    const message = `this would cancel everything of order ${orderNumber}, of which nothing shipped: cancel the order instead`;
    throw new DomainError(409, 'cancel_order_instead', message, [{ field: 'quantity', message }]);
  }
  return { quantity, lineOpen: ordered.minus(cancelledOf(after, position)).minus(shipped(position)), orderComplete };
}

/** Whether delivered and cancelled quantities together cover every goods line. */
export function coveredWithCancellations(lines: PricedLine[], delivered: OrderLine[], cancellations: readonly Cancelled[]): boolean {
  return lines
    .filter((l) => l.kind !== 'charge')
    .every((l) =>
      new Decimal(delivered.find((d) => d.position === l.position)?.deliveredQuantity ?? '0').plus(cancelledOf(cancellations, l.position)).gte(l.quantity),
    );
}

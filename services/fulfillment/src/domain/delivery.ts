import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import { ConflictError, ValidationError } from '../../../../shared/errors.ts';
import type { DeliveryNoteStatus, DeliveryLine } from '../../../../shared/contracts/fulfillment/index.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';

export type DeliveryAction = 'ship' | 'cancel';

/** Delivery note lifecycle: created (picking) → shipped; only an unshipped note can be cancelled. */
export const deliveryStates = new StateMachine<DeliveryNoteStatus, DeliveryAction>('delivery note', {
  open: { ship: 'shipped', cancel: 'cancelled' },
  shipped: {},
  cancelled: {},
});

/** An order line as the order service answers it: what was cancelled of it (Teilstorno) never ships. */
export type OrderedLine = PricedLine & { cancelledQuantity?: string | undefined };
const orderedQuantity = (l: Pick<OrderedLine, 'quantity' | 'cancelledQuantity'>) => new Decimal(l.quantity).minus(l.cancelledQuantity ?? '0');

export interface ShipRequestLine {
  orderPosition: number;
  quantity: string;
}

/**
 * Decides the lines of a new delivery note from the order lines, what earlier
 * notes already cover and the request (all open quantities when none is given).
 * Refuses more than is still open.
 */
export function planDelivery(allOrderLines: OrderedLine[], earlier: DeliveryLine[], requested?: ShipRequestLine[]): DeliveryLine[] {
  // Charges (shipping) are billed, never shipped.
  const orderLines = allOrderLines.filter((l) => l.kind !== 'charge');
  const covered = (pos: number) => earlier.filter((l) => l.orderPosition === pos).reduce((a, l) => a.plus(l.quantity), new Decimal(0));
  const openOf = (l: OrderedLine) => orderedQuantity(l).minus(covered(l.position));
  const wanted =
    requested ?? orderLines.map((l) => ({ orderPosition: l.position, quantity: openOf(l).toString() })).filter((r) => new Decimal(r.quantity).gt(0));
  if (wanted.length === 0) throw new ConflictError('everything ordered is already on delivery notes', 'nothing_open');
  const planned: DeliveryLine[] = [];
  wanted.forEach((r, i) => {
    const line = orderLines.find((l) => l.position === r.orderPosition);
    if (!line)
      throw new ValidationError(`order has no position ${r.orderPosition}`, [{ field: `lines[${i}].orderPosition`, message: `no such order position` }]);
    // Earlier notes and earlier lines of this request both use up the open quantity.
    const open = openOf(line).minus(planned.filter((p) => p.orderPosition === line.position).reduce((a, p) => a.plus(p.quantity), new Decimal(0)));
    if (new Decimal(r.quantity).gt(open)) {
      throw new ConflictError(
        `position ${r.orderPosition}: shipping ${r.quantity} ${line.unit} but only ${open.toString()} of ${line.quantity} are still open` +
          (line.cancelledQuantity && new Decimal(line.cancelledQuantity).gt(0) ? ` (${line.cancelledQuantity} cancelled)` : ''),
        'exceeds_ordered',
      );
    }
    planned.push({
      position: i + 1,
      orderPosition: line.position,
      sku: line.sku,
      description: line.description,
      quantity: new Decimal(r.quantity).toString(),
      unit: line.unit,
    });
  });
  return planned;
}

/** Whether the shipped lines cover every ordered goods position (charges are never shipped; cancelled quantities count as done). */
export function coversOrder(
  allOrderLines: Pick<OrderedLine, 'position' | 'quantity' | 'kind' | 'cancelledQuantity'>[],
  shipped: Pick<DeliveryLine, 'orderPosition' | 'quantity'>[],
): boolean {
  return allOrderLines
    .filter((l) => l.kind !== 'charge')
    .every((l) =>
      shipped
        .filter((s) => s.orderPosition === l.position)
        .reduce((a, s) => a.plus(s.quantity), new Decimal(0))
        .gte(orderedQuantity(l)),
    );
}

/**
 * Whether the goods of a note may be recorded as arrived on `deliveredOn`
 * (YYYY-MM-DD): only a shipped note, not before the Berlin date it shipped,
 * not after today; once recorded the date stays (the same date again is a repeat).
 * Answers false for such a repeat, true when the date is to be recorded.
 */
export function checkDelivered(
  note: { number: string; status: DeliveryNoteStatus; shippedOn: string | null; deliveredOn: string | null },
  deliveredOn: string,
  today: string,
): boolean {
  if (note.status !== 'shipped' || !note.shippedOn)
    throw new ConflictError(`delivery note ${note.number} is ${note.status}, not shipped: only shipped goods can be delivered`, 'not_shipped');
  if (note.deliveredOn === deliveredOn) return false;
  if (note.deliveredOn) throw new ConflictError(`delivery note ${note.number} was delivered on ${note.deliveredOn} already`, 'already_delivered');
  if (deliveredOn < note.shippedOn) {
    throw new ValidationError(`delivered on ${deliveredOn}, before it shipped on ${note.shippedOn}`, [
      { field: 'deliveredOn', message: `must not be before the shipping date ${note.shippedOn}` },
    ]);
  }
  if (deliveredOn > today)
    throw new ValidationError(`delivered on ${deliveredOn}, which is in the future`, [{ field: 'deliveredOn', message: `must not be after today (${today})` }]);
  return true;
}

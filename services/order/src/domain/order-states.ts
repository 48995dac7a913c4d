import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import type { OrderStatus, OrderLine } from '../../../../shared/contracts/order/index.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';

export type OrderAction = 'deliver_partially' | 'deliver_fully' | 'cancel';

/** Order lifecycle; the delivery states follow from the delivered quantities. */
export const orderStates = new StateMachine<OrderStatus, OrderAction>('order', {
  open: { deliver_partially: 'partially_delivered', deliver_fully: 'delivered', cancel: 'cancelled' },
  partially_delivered: { deliver_partially: 'partially_delivered', deliver_fully: 'delivered' },
  delivered: {},
  cancelled: {},
});

/**
 * Adds shipped quantities per order position and tells which delivery action
 * that amounts to: the fulfillment service says whether the order is complete
 * (`orderComplete`); only events from before it said so are judged here.
 */
export function applyShipment(
  lines: PricedLine[],
  delivered: OrderLine[],
  shipped: { orderPosition: number; quantity: string }[],
  orderComplete?: boolean,
): { delivered: OrderLine[]; action: OrderAction } {
  const next = lines.map((l) => {
    const before = delivered.find((d) => d.position === l.position)?.deliveredQuantity ?? '0';
    const add = shipped.filter((s) => s.orderPosition === l.position).reduce((acc, s) => acc.plus(s.quantity), new Decimal(0));
    return { position: l.position, deliveredQuantity: new Decimal(before).plus(add).toString() };
  });
  // Charges (shipping) are billed, never shipped.
  const complete = orderComplete ?? lines.every((l, i) => l.kind === 'charge' || new Decimal(next[i]!.deliveredQuantity).gte(l.quantity));
  return { delivered: next, action: complete ? 'deliver_fully' : 'deliver_partially' };
}

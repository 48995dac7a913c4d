import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import { DomainError, ValidationError } from '../../../../shared/errors.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { ReturnLine, ReturnRequestLine, ReturnStatus } from '../../../../shared/contracts/fulfillment/returns.ts';

export type ReturnAction = 'receive' | 'cancel';

/** Return lifecycle: announced → received; only a return whose goods have not arrived can be cancelled. */
export const returnStates = new StateMachine<ReturnStatus, ReturnAction>('return', {
  announced: { receive: 'received', cancel: 'cancelled' },
  received: {},
  cancelled: {},
});

interface PositionQuantity {
  orderPosition: number;
  quantity: string;
}

const ZERO = new Decimal(0);
const sumOf = (lines: PositionQuantity[], pos: number) => lines.filter((l) => l.orderPosition === pos).reduce((a, l) => a.plus(l.quantity), ZERO);

/**
 * Decides the lines of a new return from the order's lines, what shipped notes
 * delivered and what earlier returns (announced or received, not cancelled)
 * already take back. Refuses a return for an order of which nothing has
 * shipped, an unknown or charge position, and more than is still returnable
 * per position (shipped − returned − earlier lines of this request), naming the line.
 */
export function planReturn(
  orderLines: PricedLine[],
  shipped: PositionQuantity[],
  earlierReturns: PositionQuantity[],
  requested: ReturnRequestLine[],
): ReturnLine[] {
  if (!shipped.some((l) => new Decimal(l.quantity).gt(0))) {
    throw new DomainError(409, 'nothing_shipped', 'nothing of this order has shipped yet; only shipped goods can be returned', [
      { field: 'orderNumber', message: 'no shipped delivery note' },
    ]);
  }
  const planned: ReturnLine[] = [];
  requested.forEach((r, i) => {
    const line = orderLines.find((l) => l.position === r.orderPosition && l.kind !== 'charge');
    if (!line)
      throw new ValidationError(`order has no goods position ${r.orderPosition}`, [
        { field: `lines[${i}].orderPosition`, message: 'no such order position (charges are never shipped)' },
      ]);
    const returnable = sumOf(shipped, line.position).minus(sumOf(earlierReturns, line.position)).minus(sumOf(planned, line.position));
    if (new Decimal(r.quantity).gt(returnable)) {
      const message = `position ${r.orderPosition}: returning ${r.quantity} ${line.unit} but only ${Decimal.max(returnable, ZERO).toString()} of ${sumOf(shipped, line.position).toString()} shipped can still be returned`;
      throw new DomainError(409, 'exceeds_shipped', message, [{ field: `lines[${i}].quantity`, message }]);
    }
    planned.push({
      position: i + 1,
      orderPosition: line.position,
      sku: line.sku,
      description: line.description,
      quantity: new Decimal(r.quantity).toString(),
      unit: line.unit,
      reason: r.reason,
      condition: r.condition,
      warehouse: null,
    });
  });
  return planned;
}

/** Which warehouse a received line goes to: damaged goods into the blocked one, resaleable goods back where the line shipped from; null: the warehouse keeps no stock of the product. */
export function returnWarehouse(condition: ReturnLine['condition'], shippedFrom: string | null, blockedWarehouse: string): string | null {
  if (shippedFrom === null) return null;
  return condition === 'damaged' ? blockedWarehouse : shippedFrom;
}

import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import { ConflictError, ValidationError } from '../../../../shared/errors.ts';
import type { InvoiceStatus } from '../../../../shared/contracts/invoicing.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { DeliveryNote } from '../../../../shared/contracts/fulfillment.ts';
import type { SalesOrder } from '../../../../shared/contracts/order.ts';
import { computeTotals, type DocumentTotals } from '../../../../shared/totals.ts';

export type InvoiceAction = 'pay_partially' | 'pay_fully' | 'cancel';

/** Invoice lifecycle. A paid or partly paid invoice is corrected by a credit note, not cancelled. */
export const invoiceStates = new StateMachine<InvoiceStatus, InvoiceAction>('invoice', {
  issued: { pay_partially: 'partially_paid', pay_fully: 'paid', cancel: 'cancelled' },
  partially_paid: { pay_partially: 'partially_paid', pay_fully: 'paid' },
  paid: {},
  cancelled: {},
});

/** An invoice position remembers which order position it bills. */
export interface InvoiceLine extends PricedLine {
  orderPosition: number;
  deliveryNoteNumber: string;
}

/**
 * Bills shipped delivery notes at the order's prices. Refuses notes that are
 * not shipped or belong to another order; totals are computed afresh so VAT is
 * per rate on the invoice's own net sums.
 */
export function billDeliveries(order: SalesOrder, notes: DeliveryNote[]): { lines: InvoiceLine[]; totals: DocumentTotals; supplyDate: string } {
  notes.forEach((n, i) => {
    if (n.orderNumber !== order.number) {
      throw new ValidationError(`delivery note ${n.number} belongs to order ${n.orderNumber}`, [{ field: `deliveryNoteNumbers[${i}]`, message: `belongs to another order` }]);
    }
    if (n.status !== 'shipped') throw new ConflictError(`delivery note ${n.number} is '${n.status}', not shipped; only shipped goods are invoiced`, 'not_shipped');
  });
  const drafts = notes.flatMap((n) =>
    n.lines.map((dl) => {
      const ol = order.lines.find((l) => l.position === dl.orderPosition);
      if (!ol) throw new ConflictError(`order ${order.number} has no position ${dl.orderPosition}`, 'unknown_position');
      return { ...ol, quantity: dl.quantity, orderPosition: ol.position, deliveryNoteNumber: n.number };
    }),
  );
  const totals = computeTotals(drafts, order.currency);
  const lines = drafts.map((d, i) => ({ ...d, position: i + 1, net: totals.lineNets[i]! }));
  const supplyDate = notes.map((n) => n.shippedAt!.slice(0, 10)).sort().at(-1)!;
  return { lines, totals, supplyDate };
}

/** True when the invoiced quantities cover every ordered quantity. */
export function isFullyBilled(order: SalesOrder, invoicedLines: InvoiceLine[]): boolean {
  return order.lines.every((l) =>
    invoicedLines.filter((il) => il.orderPosition === l.position).reduce((a, il) => a.plus(il.quantity), new Decimal(0)).gte(l.quantity),
  );
}

import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import { ConflictError, ValidationError } from '../../../../shared/errors.ts';
import type { InvoiceStatus } from '../../../../shared/contracts/invoicing.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { DeliveryNote } from '../../../../shared/contracts/fulfillment.ts';
import type { SalesOrder } from '../../../../shared/contracts/order.ts';
import { totalsOfNets, type DocumentTotals } from '../../../../shared/totals.ts';
import { roundMoney, toAmountString } from '../../../../shared/money.ts';
import { berlinDate } from '../../../../shared/dates.ts';

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
 * not shipped or belong to another order. A partial quantity is billed pro
 * rata of the order line's net; the delivery that completes a line bills what
 * is left of it, so all invoices of an order add up to the order exactly.
 * Charges (shipping) go on the first invoice. VAT is per rate on the invoice's own nets.
 */
export function billDeliveries(order: SalesOrder, notes: DeliveryNote[], earlier: InvoiceLine[] = []): { lines: InvoiceLine[]; totals: DocumentTotals; supplyDate: string } {
  notes.forEach((n, i) => {
    if (n.orderNumber !== order.number) {
      throw new ValidationError(`delivery note ${n.number} belongs to order ${n.orderNumber}`, [{ field: `deliveryNoteNumbers[${i}]`, message: `belongs to another order` }]);
    }
    if (n.status !== 'shipped') throw new ConflictError(`delivery note ${n.number} is '${n.status}', not shipped; only shipped goods are invoiced`, 'not_shipped');
  });
  const billedQty = new Map<number, Decimal>();
  const billedNet = new Map<number, Decimal>();
  for (const l of earlier) {
    billedQty.set(l.orderPosition, (billedQty.get(l.orderPosition) ?? new Decimal(0)).plus(l.quantity));
    billedNet.set(l.orderPosition, (billedNet.get(l.orderPosition) ?? new Decimal(0)).plus(l.net));
  }
  const drafts: Omit<InvoiceLine, 'position'>[] = [];
  for (const n of notes) {
    for (const dl of n.lines) {
      const ol = order.lines.find((l) => l.position === dl.orderPosition);
      if (!ol) throw new ConflictError(`order ${order.number} has no position ${dl.orderPosition}`, 'unknown_position');
      const qtyBefore = billedQty.get(ol.position) ?? new Decimal(0);
      const qtyAfter = qtyBefore.plus(dl.quantity);
      const net = qtyAfter.gte(ol.quantity)
        ? new Decimal(ol.net).minus(billedNet.get(ol.position) ?? 0)
        : roundMoney(new Decimal(ol.net).times(dl.quantity).div(ol.quantity), order.currency);
      billedQty.set(ol.position, qtyAfter);
      billedNet.set(ol.position, (billedNet.get(ol.position) ?? new Decimal(0)).plus(net));
      drafts.push({ ...ol, quantity: dl.quantity, net: toAmountString(net, order.currency), orderPosition: ol.position, deliveryNoteNumber: n.number });
    }
  }
  for (const charge of order.lines.filter((l) => l.kind === 'charge')) {
    if (!billedQty.has(charge.position)) drafts.push({ ...charge, orderPosition: charge.position, deliveryNoteNumber: notes[0]!.number });
  }
  const totals = totalsOfNets(drafts, order.currency);
  const lines = drafts.map((d, i) => ({ ...d, position: i + 1 }));
  // Leistungsdatum is a German calendar date: a parcel shipped at 23:30 UTC in winter left on the next day in Berlin.
  const supplyDate = notes.map((n) => berlinDate(new Date(n.shippedAt!))).sort().at(-1)!;
  return { lines, totals, supplyDate };
}

/** True when the invoiced quantities cover every ordered quantity. */
export function isFullyBilled(order: SalesOrder, invoicedLines: InvoiceLine[]): boolean {
  return order.lines.every((l) =>
    invoicedLines.filter((il) => il.orderPosition === l.position).reduce((a, il) => a.plus(il.quantity), new Decimal(0)).gte(l.quantity),
  );
}

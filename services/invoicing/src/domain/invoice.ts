import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import { ConflictError, ValidationError } from '../../../../shared/errors.ts';
import type { InvoiceStatus } from '../../../../shared/contracts/invoicing/index.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { DeliveryNote } from '../../../../shared/contracts/fulfillment/index.ts';
import type { SalesOrder } from '../../../../shared/contracts/order/index.ts';
import { totalsOfNets, type DocumentTotals } from '../../../../shared/totals.ts';
import { roundMoney, toAmountString } from '../../../../shared/money.ts';
import { toBase } from '../../../../shared/pricing.ts';
import { lineNet } from '../../../../shared/totals.ts';
import { addDays, berlinDate } from '../../../../shared/dates.ts';
import { notesForLines } from '../../../../shared/tax-notes.ts';

export type InvoiceAction = 'pay_partially' | 'pay_fully' | 'cancel';

/**
 * Invoice lifecycle. Only an invoice nobody has paid anything on is cancelled (by a
 * cancellation invoice reversing it in full): once money came in, a full reversal would
 * leave that payment without an invoice, so a paid or partly paid invoice is corrected by
 * a credit note, whose excess over what is open is refunded. 'paid' means nothing is open:
 * paid in full, or paid in part and credited for the rest (pay_fully).
 */
export const invoiceStates = new StateMachine<InvoiceStatus, InvoiceAction>('invoice', {
  // A draft is no invoice yet: it is issued (by its own command), never paid or cancelled.
  draft: {},
  issued: { pay_partially: 'partially_paid', pay_fully: 'paid', cancel: 'cancelled' },
  partially_paid: { pay_partially: 'partially_paid', pay_fully: 'paid' },
  paid: {},
  cancelled: {},
});

/** An invoice position remembers which order position it bills. */
export interface InvoiceLine extends PricedLine {
  orderPosition: number;
  deliveryNoteNumber: string;
  /** On a combined invoice (Sammelrechnung): the order the line bills. */
  orderNumber?: string;
}

/**
 * Bills shipped delivery notes at the order's prices. Refuses notes that are
 * not shipped or belong to another order. Every invoice line carries the
 * amounts of its own quantity (see partAmounts), so what is printed on a line
 * is that line's amount and the lines add up to the invoice's totals; the
 * delivery that completes a line bills what is left of it, so all invoices of
 * an order add up to the order exactly.
 * Charges (shipping) go on the first invoice. VAT is per rate on the invoice's own nets.
 */
export function billDeliveries(
  order: SalesOrder,
  notes: DeliveryNote[],
  earlier: InvoiceLine[] = [],
): { lines: InvoiceLine[]; totals: DocumentTotals; supplyDate: string; taxNotes: string[] } {
  notes.forEach((n, i) => {
    if (n.orderNumber !== order.number) {
      throw new ValidationError(`delivery note ${n.number} belongs to order ${n.orderNumber}`, [
        { field: `deliveryNoteNumbers[${i}]`, message: `belongs to another order` },
      ]);
    }
    if (n.status !== 'shipped')
      throw new ConflictError(`delivery note ${n.number} is '${n.status}', not shipped; only shipped goods are invoiced`, 'not_shipped');
  });
  const billed = new Map<number, BilledSoFar>();
  for (const l of earlier) billed.set(l.orderPosition, addBilled(billed.get(l.orderPosition), l.quantity, amountsOf(l)));
  const drafts: Omit<InvoiceLine, 'position'>[] = [];
  for (const n of notes) {
    for (const dl of n.lines) {
      const ol = order.lines.find((l) => l.position === dl.orderPosition);
      if (!ol) throw new ConflictError(`order ${order.number} has no position ${dl.orderPosition}`, 'unknown_position');
      const before = billed.get(ol.position);
      const amounts = partAmounts(ol, dl.quantity, before, order.currency);
      billed.set(ol.position, addBilled(before, dl.quantity, amounts));
      drafts.push({
        ...ol,
        quantity: dl.quantity,
        ...amountStrings(amounts, order.currency),
        netBase: toBase(amounts.net.toString(), order.exchangeRate),
        orderPosition: ol.position,
        deliveryNoteNumber: n.number,
      });
    }
  }
  for (const charge of order.lines.filter((l) => l.kind === 'charge')) {
    if (!billed.has(charge.position)) drafts.push({ ...charge, orderPosition: charge.position, deliveryNoteNumber: notes[0]!.number });
  }
  const totals = totalsOfNets(drafts, order.currency);
  const lines = drafts.map((d, i) => ({ ...d, position: i + 1 }));
  // Leistungsdatum is a German calendar date: a parcel shipped at 23:30 UTC in winter left on the next day in Berlin.
  const supplyDate = notes
    .map((n) => berlinDate(new Date(n.shippedAt!)))
    .sort()
    .at(-1)!;
  // The invoice is where § 14a UStG asks for the notes (reverse charge, intra-EU supply, export, § 19).
  const taxNotes = notesForLines(order.taxNotes ?? [], lines);
  return { lines, totals, supplyDate, taxNotes };
}

/** The amounts of one billed part of an order line: lineNet − documentDiscount − couponDiscount = net. */
export interface PartAmounts {
  lineNet: Decimal;
  documentDiscount: Decimal;
  couponDiscount: Decimal;
  net: Decimal;
}
export interface BilledSoFar {
  quantity: Decimal;
  amounts: PartAmounts;
}

export const ZERO_AMOUNTS: PartAmounts = { lineNet: new Decimal(0), documentDiscount: new Decimal(0), couponDiscount: new Decimal(0), net: new Decimal(0) };

/** A line's amounts; lines priced without document discounts or coupons have lineNet = net. */
export function amountsOf(l: PricedLine): PartAmounts {
  const documentDiscount = new Decimal(l.documentDiscount ?? 0);
  const couponDiscount = new Decimal(l.couponDiscount ?? 0);
  const net = new Decimal(l.net);
  return { lineNet: l.lineNet === undefined ? net.plus(documentDiscount).plus(couponDiscount) : new Decimal(l.lineNet), documentDiscount, couponDiscount, net };
}

export function addBilled(before: BilledSoFar | undefined, quantity: string, a: PartAmounts): BilledSoFar {
  const b = before ?? { quantity: new Decimal(0), amounts: ZERO_AMOUNTS };
  return {
    quantity: b.quantity.plus(quantity),
    amounts: {
      lineNet: b.amounts.lineNet.plus(a.lineNet),
      documentDiscount: b.amounts.documentDiscount.plus(a.documentDiscount),
      couponDiscount: b.amounts.couponDiscount.plus(a.couponDiscount),
      net: b.amounts.net.plus(a.net),
    },
  };
}

/**
 * The amounts of `quantity` of an order line: the line amount is quantity ×
 * unit price less the line discount (as printed on the line), the document
 * discount and coupon are the quantity's share of the line's, and the net is
 * what remains. The part that completes the line takes what is left of each.
 */
export function partAmounts(ol: PricedLine, quantity: string, before: BilledSoFar | undefined, currency: string): PartAmounts {
  const whole = amountsOf(ol);
  const done = before ?? { quantity: new Decimal(0), amounts: ZERO_AMOUNTS };
  if (done.quantity.plus(quantity).gte(ol.quantity)) {
    const rest = {
      lineNet: whole.lineNet.minus(done.amounts.lineNet),
      documentDiscount: whole.documentDiscount.minus(done.amounts.documentDiscount),
      couponDiscount: whole.couponDiscount.minus(done.amounts.couponDiscount),
    };
    return { ...rest, net: rest.lineNet.minus(rest.documentDiscount).minus(rest.couponDiscount) };
  }
  const share = (amount: Decimal) => roundMoney(amount.times(quantity).div(ol.quantity), currency);
  const part = {
    lineNet: lineNet({ quantity, unitPrice: ol.unitPrice, discountPercent: ol.discountPercent, vatRate: ol.vatRate }, currency),
    documentDiscount: share(whole.documentDiscount),
    couponDiscount: share(whole.couponDiscount),
  };
  return { ...part, net: part.lineNet.minus(part.documentDiscount).minus(part.couponDiscount) };
}

export function amountStrings(a: PartAmounts, currency: string): Pick<PricedLine, 'lineNet' | 'documentDiscount' | 'couponDiscount' | 'net'> {
  return {
    lineNet: toAmountString(a.lineNet, currency),
    documentDiscount: toAmountString(a.documentDiscount, currency),
    couponDiscount: toAmountString(a.couponDiscount, currency),
    net: toAmountString(a.net, currency),
  };
}

/**
 * Invoice date and due date of an invoice issued at this instant: Berlin
 * calendar dates, like the supply date and the number's year (00:30 on
 * 1 January in Berlin is an invoice of the new year, due terms days later).
 */
export function invoiceDates(issuedAt: Date, paymentTermsDays: number): { issueDate: string; dueDate: string } {
  const issueDate = berlinDate(issuedAt);
  return { issueDate, dueDate: addDays(issueDate, paymentTermsDays) };
}

/** True when the invoiced quantities cover every ordered quantity. */
export function isFullyBilled(order: SalesOrder, invoicedLines: InvoiceLine[]): boolean {
  return order.lines.every((l) =>
    invoicedLines
      .filter((il) => il.orderPosition === l.position)
      .reduce((a, il) => a.plus(il.quantity), new Decimal(0))
      .gte(l.quantity),
  );
}

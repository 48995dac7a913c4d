import { Decimal } from 'decimal.js';
import type { DeliveryNote } from '../../../../shared/contracts/fulfillment/index.ts';
import type { SalesOrder } from '../../../../shared/contracts/order/index.ts';
import { DomainError } from '../../../../shared/errors.ts';

/** The notes of one order on a combined invoice; `field` names the order's first note in refusals. */
export interface OrderGroup {
  order: SalesOrder;
  notes: DeliveryNote[];
  field: string;
}

/** What must be equal on every order of a combined invoice, each with the refusal's code and how it is told. */
const MUST_MATCH: { code: string; what: string; of: (o: SalesOrder) => string }[] = [
  { code: 'customer_mismatch', what: 'customer', of: (o) => o.customer.id },
  { code: 'currency_mismatch', what: 'currency', of: (o) => o.currency },
  { code: 'exchange_rate_mismatch', what: 'exchange rate', of: (o) => new Decimal(o.exchangeRate.rate).toString() },
  {
    code: 'payment_terms_mismatch',
    what: 'payment terms',
    of: (o) =>
      `${o.paymentTermsDays} Tage netto` +
      (o.earlyPaymentDiscount ? `, ${new Decimal(o.earlyPaymentDiscount.percent).toString()} % Skonto ${o.earlyPaymentDiscount.days} Tage` : ''),
  },
  // The tax case (domestic, reverse charge, intra-EU supply, export, § 19) shows in the legal notes the order carries.
  { code: 'tax_case_mismatch', what: 'tax case', of: (o) => [...(o.taxNotes ?? [])].sort().join(' | ') || 'domestic' },
];

/**
 * Groups the notes of a combined invoice (Sammelrechnung) by order, in the
 * order the caller named them, and checks that they can be billed together:
 * every note shipped (409 not_shipped), every order of the named customer
 * and equal in customer, currency, exchange rate, payment terms (with Skonto)
 * and tax case to the first (422 naming the note of the order that differs).
 * Pure: the caller writes nothing before this passed.
 */
export function combineOrders(
  req: { deliveryNoteNumbers: string[]; customerId?: string | undefined },
  notes: DeliveryNote[],
  orders: SalesOrder[],
): OrderGroup[] {
  const fieldOf = (number: string) => `deliveryNoteNumbers[${req.deliveryNoteNumbers.indexOf(number)}]`;
  const groups: OrderGroup[] = [];
  for (const note of notes) {
    const field = fieldOf(note.number);
    if (note.status !== 'shipped') {
      const message = `delivery note ${note.number} is '${note.status}', not shipped; only shipped goods are invoiced`;
      throw new DomainError(409, 'not_shipped', message, [{ field, message }]);
    }
    const group = groups.find((g) => g.order.number === note.orderNumber);
    if (group) group.notes.push(note);
    else groups.push({ order: orders.find((o) => o.number === note.orderNumber)!, notes: [note], field });
  }
  const first = groups[0]!;
  if (req.customerId !== undefined && first.order.customer.id !== req.customerId) {
    const message = `delivery note ${first.notes[0]!.number} belongs to order ${first.order.number} of customer ${first.order.customer.id}, not ${req.customerId}`;
    throw new DomainError(422, 'customer_mismatch', message, [{ field: 'customerId', message }]);
  }
  for (const g of groups.slice(1)) {
    for (const m of MUST_MATCH) {
      const [want, got] = [m.of(first.order), m.of(g.order)];
      if (want === got) continue;
      const message = `order ${g.order.number} differs in ${m.what} (${got}) from order ${first.order.number} (${want}); one invoice bills orders of one ${m.what}`;
      throw new DomainError(422, m.code, message, [{ field: g.field, message }]);
    }
  }
  return groups;
}

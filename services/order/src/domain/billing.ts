import { Decimal } from 'decimal.js';
import type { BillingStatus } from '../../../../shared/contracts/order.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';

/** What the order knows of one of its invoices, projected from invoicing events. */
export interface BilledInvoice {
  number: string;
  status: 'issued' | 'partially_paid' | 'paid' | 'cancelled';
  lines: { orderPosition: number; quantity: string }[];
}

/**
 * The order's billing status from its invoices: cancelled invoices do not count;
 * billed once the live invoices cover every ordered quantity (charges included);
 * paid only when, on top, every live invoice is paid.
 */
export function billingStatusOf(orderLines: PricedLine[], invoices: BilledInvoice[]): BillingStatus {
  const live = invoices.filter((i) => i.status !== 'cancelled');
  if (live.length === 0) return 'unbilled';
  const invoiced = (position: number) =>
    live.flatMap((i) => i.lines).filter((l) => l.orderPosition === position).reduce((sum, l) => sum.plus(l.quantity), new Decimal(0));
  const fullyBilled = orderLines.every((l) => invoiced(l.position).gte(l.quantity));
  if (!fullyBilled) return 'partially_billed';
  return live.every((i) => i.status === 'paid') ? 'paid' : 'billed';
}

/** Applies one invoicing event to the order's list of invoices (idempotent per invoice and status). */
export function applyInvoiceEvent(
  invoices: BilledInvoice[],
  subject: string,
  data: { number?: string; invoiceNumber?: string; status?: string; lines?: { orderPosition: number; quantity: string }[] },
): BilledInvoice[] {
  const number = data.number ?? data.invoiceNumber;
  if (!number) return invoices;
  const others = invoices.filter((i) => i.number !== number);
  const known = invoices.find((i) => i.number === number);
  switch (subject) {
    case 'events.invoicing.invoice.issued':
      return known ? invoices : [...others, { number, status: 'issued', lines: data.lines ?? [] }];
    case 'events.invoicing.payment.recorded':
    case 'events.invoicing.invoice.paid': {
      if (!known || known.status === 'cancelled') return invoices;
      const status = subject === 'events.invoicing.invoice.paid' || data.status === 'paid' ? 'paid' : known.status === 'paid' ? 'paid' : 'partially_paid';
      return [...others, { ...known, status }];
    }
    case 'events.invoicing.invoice.cancelled':
      return known ? [...others, { ...known, status: 'cancelled' }] : invoices;
    default:
      return invoices;
  }
}

import { Decimal } from 'decimal.js';
import type { BillingStatus, PaymentStatus } from '../../../../shared/contracts/order/index.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { EventBody, EventOf } from '../../../../shared/contracts/events.ts';
import { InvoiceCancelled, InvoiceIssued, InvoicePaid, PaymentRecorded } from '../../../../shared/contracts/invoicing/events.ts';

/** What the order knows of one of its invoices, projected from invoicing events. */
export interface BilledInvoice {
  number: string;
  status: 'issued' | 'partially_paid' | 'paid' | 'cancelled';
  /** From the issued event (absent in projections made before it carried one). */
  dueDate?: string;
  lines: { orderPosition: number; quantity: string }[];
}

/**
 * The order's billing status from its invoices: cancelled invoices do not count;
 * billed once the live invoices cover every ordered quantity less what was cancelled (charges included);
 * paid only when, on top, every live invoice is paid.
 */
export function billingStatusOf(orderLines: PricedLine[], invoices: BilledInvoice[], cancelled: (position: number) => Decimal.Value = () => 0): BillingStatus {
  const live = invoices.filter((i) => i.status !== 'cancelled');
  if (live.length === 0) return 'unbilled';
  const invoiced = (position: number) =>
    live
      .flatMap((i) => i.lines)
      .filter((l) => l.orderPosition === position)
      .reduce((sum, l) => sum.plus(l.quantity), new Decimal(0));
  // What was cancelled of a line is never billed: the line is billed in full at ordered − cancelled.
  const fullyBilled = orderLines.every((l) => invoiced(l.position).gte(new Decimal(l.quantity).minus(cancelled(l.position))));
  if (!fullyBilled) return 'partially_billed';
  return live.every((i) => i.status === 'paid') ? 'paid' : 'billed';
}

/**
 * The order's payment state from its invoices (cancelled ones do not count): none without a live invoice,
 * paid when every live invoice is, partial when money arrived on some, else open; and the earliest due date
 * of a live invoice not paid in full, past which the order is overdue.
 */
export function paymentStateOf(invoices: BilledInvoice[]): { paymentStatus: 'none' | 'open' | 'partial' | 'paid'; openDueDate: string | null } {
  const live = invoices.filter((i) => i.status !== 'cancelled');
  const unpaid = live.filter((i) => i.status !== 'paid');
  const dues = unpaid.flatMap((i) => (i.dueDate ? [i.dueDate] : [])).sort();
  const openDueDate = dues[0] ?? null;
  if (live.length === 0) return { paymentStatus: 'none', openDueDate: null };
  if (unpaid.length === 0) return { paymentStatus: 'paid', openDueDate: null };
  const someMoney = live.some((i) => i.status === 'paid' || i.status === 'partially_paid');
  return { paymentStatus: someMoney ? 'partial' : 'open', openDueDate };
}

/** What a list shows: the stored state, or overdue once the earliest open due date has passed (Berlin calendar). */
export function paymentStatusOn(stored: 'none' | 'open' | 'partial' | 'paid', openDueDate: string | null | undefined, today: string): PaymentStatus {
  return (stored === 'open' || stored === 'partial') && openDueDate && openDueDate < today ? 'overdue' : stored;
}

/** The invoicing events the order's billing projection reads. */
export type InvoicingEvent = EventOf<typeof InvoiceIssued | typeof PaymentRecorded | typeof InvoicePaid | typeof InvoiceCancelled>;

/**
 * The orders an invoicing event concerns, each with the event as that order sees it: a combined
 * invoice (Sammelrechnung) bills several orders, each its own lines; other events name them all.
 */
export function eventPerOrder<E extends EventBody<InvoicingEvent>>(event: E): { orderNumber: string; event: E }[] {
  if (event.subject === InvoiceIssued.subject) {
    const e = event as EventBody<EventOf<typeof InvoiceIssued>>;
    if (e.data.parts?.length)
      return e.data.parts.map((p) => ({ orderNumber: p.orderNumber, event: { ...event, data: { ...e.data, orderNumber: p.orderNumber, lines: p.lines } } }));
  }
  const data = event.data as { orderNumber: string; orderNumbers?: string[] | undefined };
  return (data.orderNumbers?.length ? data.orderNumbers : [data.orderNumber]).map((orderNumber) => ({ orderNumber, event }));
}

/** Applies one invoicing event to the order's list of invoices (idempotent per invoice and status). */
export function applyInvoiceEvent(invoices: BilledInvoice[], event: EventBody<InvoicingEvent>): BilledInvoice[] {
  const number = event.subject === PaymentRecorded.subject ? event.data.invoiceNumber : event.data.number;
  const others = invoices.filter((i) => i.number !== number);
  const known = invoices.find((i) => i.number === number);
  switch (event.subject) {
    case InvoiceIssued.subject:
      return known
        ? invoices
        : [...others, { number, status: 'issued', lines: event.data.lines, ...(event.data.dueDate ? { dueDate: event.data.dueDate } : {}) }];
    case PaymentRecorded.subject:
    case InvoicePaid.subject: {
      if (!known || known.status === 'cancelled') return invoices;
      const paid = event.subject === InvoicePaid.subject || event.data.status === 'paid' || known.status === 'paid';
      return [...others, { ...known, status: paid ? 'paid' : 'partially_paid' }];
    }
    case InvoiceCancelled.subject:
      return known ? [...others, { ...known, status: 'cancelled' }] : invoices;
  }
}

import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';

/** Events of the invoicing context: invoices and payments. */

export const InvoiceIssued = defineEvent(
  'events.invoicing.invoice.issued',
  1,
  z.object({
    number: f.ref,
    orderNumber: f.ref,
    gross: f.decimal,
    currency: f.currency,
    /** Whether this and the earlier live invoices together bill every ordered quantity. */
    fullyBilled: z.boolean(),
    /** What this invoice bills per order position. */
    lines: f.positionQuantities,
    customerId: f.ref,
    grossBase: f.decimal,
  }),
);

export const PaymentRecorded = defineEvent(
  'events.invoicing.payment.recorded',
  1,
  z.object({
    invoiceNumber: f.ref,
    orderNumber: f.ref,
    /** The invoice's status after the payment. */
    status: z.enum(['partially_paid', 'paid']),
    amount: f.decimal,
    currency: f.currency,
    customerId: f.ref,
    amountBase: f.decimal,
    /** Skonto granted with the payment, in base currency: it lowers the receivable as the payment does. */
    discountBase: f.decimal.optional(),
  }),
);

export const InvoicePaid = defineEvent(
  'events.invoicing.invoice.paid',
  1,
  z.object({
    number: f.ref,
    orderNumber: f.ref,
  }),
);

export const InvoiceCancelled = defineEvent(
  'events.invoicing.invoice.cancelled',
  1,
  z.object({
    number: f.ref,
    orderNumber: f.ref,
    reason: z.string(),
    customerId: f.ref,
    /** What was still open when cancelled, in base currency. */
    openBase: f.decimal,
  }),
);

/** A payment reminder (Mahnung) was issued: the document service renders it, by number. */
export const ReminderIssued = defineEvent(
  'events.invoicing.reminder.issued',
  1,
  z.object({ number: f.ref, invoiceNumber: f.ref, orderNumber: f.ref, level: z.number().int().min(1) }),
);

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
    /** Payable by this date (Europe/Berlin); the order's payment status turns overdue after it. Absent in events published before. */
    dueDate: z.iso.date().optional(),
    /**
     * A combined invoice (Sammelrechnung) bills several orders of one customer: per order what it bills
     * and whether that order is billed in full (absent: the invoice bills orderNumber alone, as `lines` say).
     */
    parts: z.array(z.object({ orderNumber: f.ref, lines: f.positionQuantities, fullyBilled: z.boolean() })).optional(),
  }),
);

export const PaymentRecorded = defineEvent(
  'events.invoicing.payment.recorded',
  1,
  z.object({
    invoiceNumber: f.ref,
    orderNumber: f.ref,
    /** Every order a combined invoice bills (absent: orderNumber alone). */
    orderNumbers: z.array(f.ref).optional(),
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

/** Nothing is open on the invoice any more: paid in full, or paid in part and credited for the rest. */
export const InvoicePaid = defineEvent(
  'events.invoicing.invoice.paid',
  1,
  z.object({
    number: f.ref,
    orderNumber: f.ref,
    /** Every order a combined invoice bills (absent: orderNumber alone). */
    orderNumbers: z.array(f.ref).optional(),
  }),
);

/**
 * A correction was issued: a cancellation invoice (ST) or a credit note (RK), with its
 * (negative) gross. A cancellation also publishes InvoiceCancelled for the invoice it reverses.
 */
export const CorrectionIssued = defineEvent(
  'events.invoicing.correction.issued',
  1,
  z.object({
    number: f.ref,
    kind: z.enum(['cancellation', 'credit_note']),
    refersTo: f.ref,
    orderNumber: f.ref,
    customerId: f.ref,
    /** Negative: what the correction takes back, gross, in the document currency. */
    gross: f.decimal,
    currency: f.currency,
    grossBase: f.decimal,
    /** Of a credit note: what it credits beyond the invoice's open amount, booked to the customer's credit balance (base currency, positive). */
    excessBase: f.decimal.optional(),
  }),
);

/** Money paid back to the customer against a correction. */
export const RefundRecorded = defineEvent(
  'events.invoicing.refund.recorded',
  1,
  z.object({
    correctionNumber: f.ref,
    invoiceNumber: f.ref,
    orderNumber: f.ref,
    customerId: f.ref,
    amount: f.decimal,
    currency: f.currency,
    amountBase: f.decimal,
  }),
);

export const InvoiceCancelled = defineEvent(
  'events.invoicing.invoice.cancelled',
  1,
  z.object({
    number: f.ref,
    orderNumber: f.ref,
    /** Every order a combined invoice bills (absent: orderNumber alone). */
    orderNumbers: z.array(f.ref).optional(),
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

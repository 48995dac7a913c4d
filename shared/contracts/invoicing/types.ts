import { z } from 'zod';
import { pricedDocumentFields, replyFields as f } from '../common.ts';
import { earlyPaymentDiscountReply } from '../payment-terms.ts';

/** A Skonto granted on an invoice, per VAT rate (gross, and its net and VAT). */
export const discountGrantedSchema = z.object({
  amount: f.decimal,
  taxGroups: z.array(z.object({ vatRate: f.decimal, net: f.decimal, vat: f.decimal, gross: f.decimal })),
});
export type DiscountGranted = z.infer<typeof discountGrantedSchema>;

/** The invoicing context's documents as zod schemas, with their types derived from them. */

/** draft: only the preview of an invoice draft says so; stored invoices are issued from the start. */
export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const PAYMENT_KINDS = ['transfer', 'credit'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/**
 * invoice: bills delivery notes; down_payment (Anzahlungsrechnung) and progress (Abschlagsrechnung): a share of
 * the order by its billing plan; final (Schlussrechnung): the whole order less every earlier invoice; time_material: time entries
 * of a period, billed besides the order's fixed price;
 * cancellation (Stornorechnung) and credit_note (Rechnungskorrektur): corrections referring to an invoice.
 */
export const INVOICE_KINDS = ['invoice', 'down_payment', 'progress', 'final', 'time_material', 'recurring', 'cancellation', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** One deduction on a final invoice: an earlier invoice's net and VAT at one rate. */
export const deductionSchema = z.object({
  invoiceNumber: f.ref,
  kind: z.string(),
  issueDate: f.date,
  vatRate: f.decimal,
  net: f.decimal,
  vat: f.decimal,
  gross: f.decimal,
});

export const paymentReplySchema = z.object({
  id: f.ref,
  /** What was booked on the invoice. */
  amount: f.decimal,
  /** transfer: money received; credit: the customer's credit balance used. */
  kind: z.enum(PAYMENT_KINDS).optional(),
  /** What arrived: the amount plus what went to the customer's credit balance. */
  receivedAmount: f.decimal.optional(),
  /** The over-payment credited to the customer. */
  excessAmount: f.decimal.optional(),
  /** Skonto granted with this payment. */
  discountAmount: f.decimal.optional(),
  providerEventId: z.string().nullable().optional(),
  receivedAt: f.date,
  reference: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentReplySchema>;

export const invoiceSchema = z.object({
  ...pricedDocumentFields,
  status: z.enum(INVOICE_STATUSES),
  kind: z.enum(INVOICE_KINDS),
  refersTo: f.ref.nullable(),
  /** The billing plan item a down-payment or progress invoice bills. */
  planItemKey: z.string().nullable(),
  /** Final invoice: the earlier invoices it deducts, per VAT rate (its totals are what is left). */
  deductions: z.array(deductionSchema),
  orderNumber: f.ref,
  deliveryNoteNumbers: z.array(f.ref),
  /** Leistungsdatum: the date the goods were shipped. */
  supplyDate: f.date,
  dueDate: f.date,
  paidAmount: f.decimal,
  openAmount: f.decimal,
  payments: z.array(paymentReplySchema),
  /** Skonto offered: percent within days, the last day, the discount and what is payable by then. */
  earlyPaymentDiscount: earlyPaymentDiscountReply.nullable().optional(),
  /** Skonto granted, split over the VAT rates (largest remainder: the parts add up to the amount). */
  discountGranted: discountGrantedSchema.nullable().optional(),
  cancellationReason: z.string().nullable(),
  /** Free text printed below the positions. */
  remark: z.string().nullable().optional(),
  version: f.version,
});
export type Invoice = z.infer<typeof invoiceSchema>;

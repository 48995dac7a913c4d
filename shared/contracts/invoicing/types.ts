import { z } from 'zod';
import { pricedDocumentFields, pricedLineSchema, replyFields as f } from '../common.ts';
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
/** The kinds that correct an invoice rather than bill. */
export const CORRECTION_KINDS = ['cancellation', 'credit_note'] as const satisfies readonly InvoiceKind[];
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/** An invoice line; a correction's line also names the invoice line it corrects and whether it reduces the price only. */
export const invoiceLineSchema = pricedLineSchema.extend({
  /** The order position the line bills; 0 on lines of a plan share (down payment, progress), which bill no position. */
  orderPosition: z.number().int().min(0).optional(),
  deliveryNoteNumber: z.string().optional(),
  /** On a combined invoice (Sammelrechnung): the order the line bills. */
  orderNumber: z.string().optional(),
  /** On a correction: the position of the corrected line on the invoice it refers to. */
  invoicePosition: z.number().int().min(1).optional(),
  /** On a credit note: a price reduction (an amount, no goods coming back). */
  priceReduction: z.boolean().optional(),
});

/** Money paid back to the customer against a correction (Rückerstattung). */
export const refundReplySchema = z.object({
  id: f.ref,
  amount: f.decimal,
  refundedAt: f.date,
  reference: z.string().nullable(),
});
export type Refund = z.infer<typeof refundReplySchema>;

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
  lines: z.array(invoiceLineSchema),
  kind: z.enum(INVOICE_KINDS),
  /** The invoice a correction refers to (null for an invoice). */
  refersTo: f.ref.nullable(),
  /** The corrections (ST, RK) referring to this invoice, oldest first. */
  corrections: z.array(f.ref),
  /** Why a correction was issued, as printed on it (null for an invoice). */
  reason: z.string().nullable(),
  /** For an invoice: the payment status ('paid' once nothing is open: paid, or paid and credited). A correction stays 'issued'. */
  status: z.enum(INVOICE_STATUSES),
  /** The billing plan item a down-payment or progress invoice bills. */
  planItemKey: z.string().nullable(),
  /** Final invoice: the earlier invoices it deducts, per VAT rate (its totals are what is left). */
  deductions: z.array(deductionSchema),
  orderNumber: f.ref,
  /** A combined invoice (Sammelrechnung): every order it bills, orderNumber first (absent or one: orderNumber alone). */
  orderNumbers: z.array(f.ref).optional(),
  deliveryNoteNumbers: z.array(f.ref),
  /** Leistungsdatum: the date the goods were shipped. */
  supplyDate: f.date,
  /**
   * The period billed (first and last day): the period of a time & material invoice's
   * entries, a recurring invoice's contract period; a correction carries its invoice's.
   * The e-invoice states it as BG-14 (invoicing period). Null when the invoice bills no period.
   */
  period: z.object({ start: f.date, end: f.date }).nullable().optional(),
  dueDate: f.date,
  paidAmount: f.decimal,
  /** What the invoice's credit notes credit, as a positive amount (0 for corrections). */
  creditedAmount: f.decimal,
  /** What credit notes credited beyond the open amount, booked to the customer's credit balance (usable on the next invoice or refunded). */
  creditedToBalance: f.decimal.optional(),
  /** gross − paid − credited, never negative; 0 for corrections. */
  openAmount: f.decimal,
  /** For an invoice: paid + credited − gross − refunded, what is still to be paid back; for a credit note: what may still be refunded against it. */
  refundableAmount: f.decimal,
  payments: z.array(paymentReplySchema),
  /** Refunds recorded against this correction (empty for invoices). */
  refunds: z.array(refundReplySchema),
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

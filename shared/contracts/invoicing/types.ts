import { z } from 'zod';
import { pricedDocumentFields, replyFields as f } from '../common.ts';

/** The invoicing context's documents as zod schemas, with their types derived from them. */

export const INVOICE_STATUSES = ['issued', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * invoice: bills delivery notes; down_payment (Anzahlungsrechnung) and progress (Abschlagsrechnung): a share of
 * the order by its billing plan; final (Schlussrechnung): the whole order less every earlier invoice; time_material: time entries
 * of a period, billed besides the order's fixed price;
 * cancellation (Stornorechnung) and credit_note (Rechnungskorrektur): corrections referring to an invoice.
 */
export const INVOICE_KINDS = ['invoice', 'down_payment', 'progress', 'final', 'time_material', 'cancellation', 'credit_note'] as const;
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
  amount: f.decimal,
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
  cancellationReason: z.string().nullable(),
  version: f.version,
});
export type Invoice = z.infer<typeof invoiceSchema>;

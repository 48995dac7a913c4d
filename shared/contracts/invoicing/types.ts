import { z } from 'zod';
import { pricedDocumentFields, replyFields as f } from '../common.ts';

/** The invoicing context's documents as zod schemas, with their types derived from them. */

export const INVOICE_STATUSES = ['issued', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

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

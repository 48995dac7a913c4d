import { z } from 'zod';
import { replyFields as f } from '../common.ts';
import type { Quote } from '../quote/types.ts';
import type { SalesOrder } from '../order/types.ts';
import type { DeliveryNote, PickList } from '../fulfillment/types.ts';
import type { Invoice } from '../invoicing/types.ts';
import type { Reminder } from '../invoicing/dunning.ts';

/** The document context's records (stored PDFs and their render state) as zod schemas, with their types derived from them. */

/**
 * The JetStream object store bucket holding every rendered PDF. PDF bytes never
 * travel inside NATS JSON messages: the document service writes them here, the
 * gateway streams them from here.
 */
export const DOCUMENTS_BUCKET = 'kontor-documents';

/** The object name of one revision's PDF in DOCUMENTS_BUCKET; a pick list lies beside the delivery note of its number. */
export function pdfObjectName(number: string, revision: number, kind?: DocumentKind, version = 1): string {
  const of = version > 1 ? `/v${version}` : '';
  if (kind === 'pick_list') return `${number}/pick-list/${revision}${of}`;
  if (kind === 'receipt') return `${number}/receipt/${revision}${of}`;
  return `${number}/${revision}${of}`;
}

/** A pick list (Kommissionierliste) has no number of its own: it is keyed by its delivery note's number and this kind. */
/** reminder: Mahnung (MA-…); cancellation: Stornorechnung (ST-…); credit_note: Rechnungskorrektur (RK-…). */
/** receipt: the 80 mm receipt (Kassenbon) of a cash sale's invoice, keyed by the invoice number and this kind. */
export const DOCUMENT_KINDS = ['quote', 'order', 'delivery_note', 'invoice', 'pick_list', 'reminder', 'cancellation', 'credit_note', 'receipt'] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** What the document service renders: the kind and the issuing service's snapshot of the document. */
export type RenderRequest =
  | { kind: 'quote'; document: Quote }
  | { kind: 'order'; document: SalesOrder }
  | { kind: 'delivery_note'; document: DeliveryNote }
  | { kind: 'invoice'; document: Invoice }
  | { kind: 'cancellation' | 'credit_note'; document: Invoice; invoice: Invoice }
  | { kind: 'pick_list'; document: PickList }
  | { kind: 'receipt'; document: Invoice }
  | { kind: 'reminder'; document: Reminder };

const storedDocumentFields = {
  id: f.ref,
  kind: documentKindSchema,
  number: f.ref,
  revision: z.number().int().min(1),
  /** 1 as issued; a regeneration after a template change stores version 2, 3, … beside it. */
  version: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  createdAt: f.timestamp,
  /** The version (hash) of the template files it was rendered with; 'unknown' for PDFs stored before the archive. */
  templateVersion: z.string(),
  language: z.string(),
  /** The last day it must be kept (§ 147 AO, § 14b UStG: 8 years after the issue year for invoices, corrections, reminders; 6 for others). */
  retentionUntil: f.date,
};
/** A stored PDF; never changed once written. */
export const storedDocumentSchema = z.object(storedDocumentFields);
export type StoredDocument = z.infer<typeof storedDocumentSchema>;

/** How far rendering of one document revision got: attempts so far, the last failure and when it is tried next. */
export const renderProgressSchema = z.object({
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  nextAttemptAt: f.timestamp.nullable(),
  renderedAt: f.timestamp.nullable(),
});
export type RenderProgress = z.infer<typeof renderProgressSchema>;

/**
 * A document's PDF as the document service knows it: `rendered` with the stored
 * PDF's metadata and its object name, or `pending` (issued, rendering queued or
 * being retried).
 */
export const documentStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('rendered'), objectName: z.string().min(1), render: renderProgressSchema.nullable(), ...storedDocumentFields }),
  z.object({
    state: z.literal('pending'),
    kind: documentKindSchema,
    number: f.ref,
    revision: z.number().int().min(1),
    render: renderProgressSchema.nullable(),
  }),
]);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

/** A notice to staff, a role or a partner (reminder, escalation, rush or drop-ship notice, overdue milestone). */
export const notificationSchema = z.object({
  id: f.ref,
  recipient: z.string(),
  kind: z.string(),
  subject: z.string(),
  documentNumber: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: f.timestamp,
});

export type Notification = z.infer<typeof notificationSchema>;

/** Which stored documents a bulk print takes (all given criteria apply; the latest version of each document). */
export const bulkPrintFilterSchema = z.object({
  kind: documentKindSchema.optional(),
  /** The customer's number (K-…), as printed on the documents. */
  customer: z.string().min(1).max(50).optional(),
  /** Issue dates from and to (inclusive, Berlin calendar). */
  from: f.date.optional(),
  to: f.date.optional(),
  numbers: z.array(f.ref).max(1000).optional(),
});
export type BulkPrintFilter = z.infer<typeof bulkPrintFilterSchema>;

/** A bulk print job: its selection, how far it got (done of total) and, once done, the combined PDF's SHA-256 and size. */
export const bulkPrintJobSchema = z.object({
  id: z.string().regex(/^bulk_[0-9a-f-]{36}$/),
  filter: bulkPrintFilterSchema,
  status: z.enum(['running', 'done', 'failed']),
  total: z.number().int().min(1),
  done: z.number().int().min(0),
  error: z.string().nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  size: z.number().int().min(0).nullable(),
  createdAt: f.timestamp,
  finishedAt: f.timestamp.nullable(),
});
export type BulkPrintJob = z.infer<typeof bulkPrintJobSchema>;

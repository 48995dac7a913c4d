import { z } from 'zod';
import { documentNumber, idempotencyKey, identifier, text } from '../../validation.ts';
import { invoiceSchema } from '../invoicing/types.ts';
import { actorSchema } from '../schemas.ts';
import { defineCommand } from '../commands.ts';
import { EINVOICE_FORMATS } from '../../einvoice.ts';
import { quotePreviewSchema } from '../quote/commands.ts';
import {
  bulkPrintFilterSchema,
  bulkPrintJobSchema,
  documentKindSchema,
  documentStatusSchema,
  einvoiceStatusSchema,
  notificationSchema,
  storedDocumentSchema,
} from './types.ts';

/** The document context's commands and queries: the PDF state of documents (the bytes themselves are in the object store) and notices (correspondence). */
export const DocumentCommands = {
  /** A revision's PDF state, or the latest issued revision's; `kind` picks another document of the number (a delivery note's pick list). */
  get: defineCommand(
    'document.get',
    z.object({
      number: documentNumber,
      revision: z.number().int().min(1).optional(),
      kind: documentKindSchema.optional(),
      version: z.number().int().min(1).optional(),
    }),
    documentStatusSchema,
  ),
  /**
   * Renders an issued document again with the templates as they are now (re-read from disk): a new version
   * beside the earlier ones when the template version changed (created), else the latest version as it is.
   */
  regenerate: defineCommand(
    'document.regenerate',
    z.object({ number: documentNumber, revision: z.number().int().min(1).optional(), kind: documentKindSchema.optional(), actor: actorSchema }),
    z.object({ created: z.boolean(), document: storedDocumentSchema }),
  ),
  /** A draft invoice's preview PDF, marked as draft and not archived (it is no document yet). */
  preview: defineCommand(
    'document.preview',
    z.object({ draftId: z.string().regex(/^drf_[0-9a-f-]{36}$/) }),
    z.object({ pdfBase64: z.string(), filename: z.string() }),
  ),
  /**
   * A quote's draft PDF: a saved quote (`number`) as it is now, or an editor's unsaved content (`content`), marked
   * ENTWURF and never archived; unsaved content has no number (none is taken). A quote whose current revision was
   * sent answers 409 quote_issued: its PDF is the archived one.
   */
  quotePreview: defineCommand(
    'document.quote-preview',
    z.union([z.object({ number: documentNumber }).strict(), z.object({ content: quotePreviewSchema }).strict()]),
    z.object({ pdfBase64: z.string(), filename: z.string() }),
  ),
  /** Verifies the archive: the audit log's hash chain and every stored document's SHA-256 against it. */
  verifyArchive: defineCommand(
    'document.archive.verify',
    z.object({}),
    z.object({ ok: z.boolean(), entries: z.number().int().min(0), firstBrokenSeq: z.number().int().min(1).optional(), problem: z.string().optional() }),
  ),
  /** Starts a bulk print: the stored documents the filter matches (at most 1,000) as one combined PDF, made in the background. */
  bulkPrint: defineCommand('document.bulk-print.start', z.object({ filter: bulkPrintFilterSchema, actor: actorSchema }), bulkPrintJobSchema),
  /** A bulk print job's progress; once done, where its combined PDF lies in the object store. */
  bulkPrintStatus: defineCommand(
    'document.bulk-print.get',
    z.object({ id: z.string().regex(/^bulk_[0-9a-f-]{36}$/) }),
    bulkPrintJobSchema.extend({ objectName: z.string().nullable() }),
  ),
  /** An invoice's or correction's e-invoice (default: in its customer's format), generated and passed through the validation gate; the bytes are in the object store. */
  einvoice: defineCommand('document.einvoice.get', z.object({ number: documentNumber, format: z.enum(EINVOICE_FORMATS).optional() }), einvoiceStatusSchema),
  /**
   * Checks the e-invoice of an invoice or correction about to be issued (nothing is stored): reads the
   * customer's e-invoice setting from the quote service, writes the XML in that format (for ZUGFeRD its CII;
   * the PDF/A part is checked once the PDF exists) and runs the validation gate. Answers 422
   * einvoice_invalid with one error per broken rule; `checked: false` when the customer gets no e-invoice.
   */
  checkEInvoice: defineCommand(
    'document.einvoice.check',
    z.object({ customerId: identifier, invoice: invoiceSchema, corrected: invoiceSchema.optional() }),
    z.object({ format: z.enum(['none', ...EINVOICE_FORMATS]), checked: z.boolean() }),
  ),
  list: defineCommand('document.list', z.object({ numbers: z.array(documentNumber).max(200) }), z.array(storedDocumentSchema)),
  /** Records a notice to staff, a role or a partner (`user:…`, `role:…`, `supplier:…`, `customer:…`). */
  notify: defineCommand(
    'document.notification.record',
    z.object({
      recipient: text(200),
      kind: text(50),
      subject: text(500),
      documentNumber: documentNumber.optional(),
      details: z.record(z.string(), z.unknown()).optional(),
      idempotencyKey: idempotencyKey.optional(),
      actor: actorSchema,
    }),
    z.object({ id: z.string() }),
  ),
  /** The newest notices for any of the recipients (a user and their role), optionally of one document. */
  notifications: defineCommand(
    'document.notification.list',
    z.object({ recipients: z.array(text(200)).min(1).max(20), documentNumber: documentNumber.optional() }),
    z.array(notificationSchema),
  ),
};

import { z } from 'zod';
import { documentNumber, text } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';
import { replyFields as f } from '../common.ts';
import { invoiceSchema } from './types.ts';

/**
 * Invoice drafts (Rechnungsentwürfe): which delivery notes to bill and a
 * remark, editable and without a number until issued. Issuing takes the next
 * number of the RE series, and from then on the invoice is immutable; the
 * draft records which invoice it became.
 */

const DRAFT_ID = /^drf_[0-9a-f-]{36}$/;
export const draftId = z.string().regex(DRAFT_ID, 'must be a draft id like drf_…');

export const draftStatus = z.enum(['open', 'issued', 'discarded']);

export const invoiceDraftSchema = z.object({
  id: f.ref,
  orderNumber: f.ref,
  deliveryNoteNumbers: z.array(f.ref),
  remark: z.string().nullable(),
  status: draftStatus,
  /** The invoice the draft became. */
  invoiceNumber: f.ref.nullable(),
  /** What the invoice would say if issued now (amounts, lines, dates); absent once issued or discarded. */
  preview: invoiceSchema.nullable(),
  version: z.number().int().min(1),
  createdAt: f.timestamp,
  updatedAt: f.timestamp,
});
export type InvoiceDraft = z.infer<typeof invoiceDraftSchema>;

export const draftEditBody = z.object({
  expectedVersion: z.number().int().min(1).describe("the draft's version as last read; a stale version answers 409"),
  deliveryNoteNumbers: z.array(documentNumber).min(1).max(200).optional(),
  remark: text(2000, { min: 0, multiline: true }).nullable().optional(),
});

const byId = { id: draftId };

export const DraftCommands = {
  create: defineCommand(
    'invoicing.draft.create',
    z.object({
      orderNumber: documentNumber,
      deliveryNoteNumbers: z.array(documentNumber).min(1).max(200),
      remark: text(2000, { min: 0, multiline: true }).optional(),
      ...keyed,
    }),
    invoiceDraftSchema,
  ),
  get: defineCommand('invoicing.draft.get', z.object(byId), invoiceDraftSchema),
  /** An order's drafts, oldest first; `preview` is null in the list (GET one draft for it). */
  list: defineCommand('invoicing.draft.list', z.object({ orderNumber: documentNumber, status: draftStatus.optional() }), z.array(invoiceDraftSchema)),
  edit: defineCommand('invoicing.draft.edit', draftEditBody.extend({ ...byId, ...keyed }), invoiceDraftSchema),
  discard: defineCommand('invoicing.draft.discard', z.object({ ...byId, ...keyed }), invoiceDraftSchema),
  /** Issues the draft as an invoice: number, archive (the PDF follows the issued event), immutable from then on. */
  issue: defineCommand('invoicing.draft.issue', z.object({ ...byId, ...keyed }), invoiceSchema),
};

import { randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import type { Invoice, InvoiceDraft } from '../../../shared/contracts/invoicing/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { createInvoice, deliveryInvoiceContent, invoiceJson, NOTHING_RELATED } from './invoice.service.ts';

interface DraftRow {
  id: string;
  order_number: string;
  delivery_note_numbers: string[];
  remark: string | null;
  status: 'open' | 'issued' | 'discarded';
  invoice_number: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The order and notes a draft bills, read from their owners (the caller passes a reader, so this stays free of NATS). */
export type DraftSources = (orderNumber: string, noteNumbers: string[]) => Promise<{ order: SalesOrder; notes: DeliveryNote[] }>;

async function rowOf(em: Em, id: string, lock = false): Promise<DraftRow> {
  const [row] = await em.execute<DraftRow[]>(`select * from invoice_draft where id = ?${lock ? ' for update' : ''}`, [id]);
  if (!row) throw new NotFoundError(`invoice draft ${id} not found`, 'id');
  return row;
}

/** Sources for a draft shown without its preview (the list): never called. */
const NO_PREVIEW: DraftSources = async () => {
  throw new Error('a draft list carries no previews');
};

/**
 * The draft with what its invoice would say now. The preview carries no
 * number ("Entwurf") and is computed, never stored: an open draft always shows
 * today's dates and what is still unbilled; a refusal (a note billed
 * meanwhile) is raised as it would be on issuing.
 */
async function draftJson(tx: Em, row: DraftRow, sources: DraftSources): Promise<InvoiceDraft> {
  let preview: Invoice | null = null;
  if (row.status === 'open' && sources !== NO_PREVIEW) {
    const { order, notes } = await sources(row.order_number, row.delivery_note_numbers);
    const { fullyBilled: _billed, ...content } = await deliveryInvoiceContent(tx, order, notes, row.remark);
    preview = { ...invoiceJson({ ...content, id: row.id, number: 'Entwurf', version: 1 }, NOTHING_RELATED), status: 'draft' };
  }
  return {
    id: row.id,
    orderNumber: row.order_number,
    deliveryNoteNumbers: row.delivery_note_numbers,
    remark: row.remark,
    status: row.status,
    invoiceNumber: row.invoice_number,
    preview,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function createDraft(
  tx: Em,
  input: { orderNumber: string; deliveryNoteNumbers: string[]; remark?: string | undefined; actor?: Actor | undefined },
  sources: DraftSources,
): Promise<InvoiceDraft> {
  const id = `drf_${randomUUID()}`;
  await tx.execute(
    `insert into invoice_draft (id, order_number, delivery_note_numbers, remark, status, version, created_by, created_at, updated_at)
     values (?, ?, ?::jsonb, ?, 'open', 1, ?, now(), now())`,
    [id, input.orderNumber, JSON.stringify([...new Set(input.deliveryNoteNumbers)]), input.remark ?? null, input.actor?.id ?? 'system'],
  );
  // Computing the preview checks the notes as issuing would: a note of another order or billed already refuses the draft.
  const draft = await draftJson(tx, await rowOf(tx, id), sources);
  await recordAudit(tx, {
    aggregateType: 'invoice_draft',
    aggregateId: id,
    action: 'created',
    actor: input.actor,
    details: { orderNumber: input.orderNumber },
  });
  return draft;
}

/** An order's drafts, oldest first, without their previews (each computes what is still unbilled: GET one for it). */
export async function listDrafts(em: Em, orderNumber: string, status?: DraftRow['status']): Promise<InvoiceDraft[]> {
  const rows = await em.execute<DraftRow[]>(
    `select * from invoice_draft where order_number = ?${status ? ' and status = ?' : ''} order by created_at, id`,
    status ? [orderNumber, status] : [orderNumber],
  );
  return Promise.all(rows.map((row) => draftJson(em, row, NO_PREVIEW)));
}

export async function getDraft(em: Em, id: string, sources: DraftSources): Promise<InvoiceDraft> {
  return draftJson(em, await rowOf(em, id), sources);
}

/** Locks an open draft at the caller's version: an issued or discarded draft, or a stale version, answers 409. */
async function openDraft(tx: Em, id: string, expectedVersion?: number): Promise<DraftRow> {
  const row = await rowOf(tx, id, true);
  if (row.status !== 'open')
    throw new ConflictError(
      `invoice draft ${id} is ${row.status}${row.invoice_number ? ` as ${row.invoice_number}` : ''}; an issued invoice is corrected by a new document`,
      'draft_closed',
    );
  if (expectedVersion !== undefined && expectedVersion !== row.version)
    throw new ConflictError(`invoice draft ${id} is at version ${row.version}, not ${expectedVersion}; reload and retry`, 'version_mismatch');
  return row;
}

export async function editDraft(
  tx: Em,
  input: { id: string; expectedVersion: number; deliveryNoteNumbers?: string[] | undefined; remark?: string | null | undefined; actor?: Actor | undefined },
  sources: DraftSources,
): Promise<InvoiceDraft> {
  const row = await openDraft(tx, input.id, input.expectedVersion);
  const notes = input.deliveryNoteNumbers ? [...new Set(input.deliveryNoteNumbers)] : row.delivery_note_numbers;
  const remark = input.remark === undefined ? row.remark : input.remark;
  await tx.execute(`update invoice_draft set delivery_note_numbers = ?::jsonb, remark = ?, version = version + 1, updated_at = now() where id = ?`, [
    JSON.stringify(notes),
    remark,
    row.id,
  ]);
  const draft = await draftJson(tx, await rowOf(tx, row.id), sources);
  await recordAudit(tx, {
    aggregateType: 'invoice_draft',
    aggregateId: row.id,
    action: 'edited',
    actor: input.actor,
    details: { deliveryNoteNumbers: notes, remark },
  });
  return draft;
}

export async function discardDraft(tx: Em, id: string, actor?: Actor): Promise<InvoiceDraft> {
  const row = await openDraft(tx, id);
  await tx.execute(`update invoice_draft set status = 'discarded', version = version + 1, updated_at = now() where id = ?`, [row.id]);
  await recordAudit(tx, { aggregateType: 'invoice_draft', aggregateId: id, action: 'discarded', actor });
  return draftJson(tx, await rowOf(tx, id), async () => {
    throw new Error('a discarded draft has no preview');
  });
}

/** Issues the draft: the invoice takes its number now, in the same transaction that closes the draft. */
export async function issueDraft(tx: Em, id: string, sources: DraftSources, actor?: Actor): Promise<Invoice> {
  const row = await openDraft(tx, id);
  const { order, notes } = await sources(row.order_number, row.delivery_note_numbers);
  const invoice = await createInvoice(tx, order, notes, actor, row.remark);
  await tx.execute(`update invoice_draft set status = 'issued', invoice_number = ?, version = version + 1, updated_at = now() where id = ?`, [
    invoice.number,
    row.id,
  ]);
  return invoice;
}

import { createHash, randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { RenderRequest, StoredDocument, StoredDocumentWithContent } from '../../../shared/contracts/document.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { StoredDocumentEntity, type StoredDocumentRow } from './entities.ts';
import type { PdfRenderer } from './pdf/renderer.ts';
import { renderHtml } from './templates.ts';
import type { Seller } from './seller.ts';

export function storedJson(d: StoredDocumentRow): StoredDocument {
  return { id: d.id, kind: d.kind, number: d.number, sha256: d.sha256, size: d.size, createdAt: d.createdAt.toISOString() };
}

/**
 * Renders a document's PDF once and stores it for good. A repeated request for
 * the same number returns the stored PDF unchanged, so what the customer got
 * can always be reproduced byte for byte.
 */
export async function renderAndStore(em: Em, renderer: PdfRenderer, seller: Seller, req: RenderRequest): Promise<StoredDocument> {
  const number = req.document.number;
  const existing = await em.findOne(StoredDocumentEntity, { number });
  if (existing) return storedJson(existing);
  // Render outside the transaction: Chromium time must not hold database locks.
  const pdf = await renderer.render(renderHtml(req, seller));
  return em.transactional(async (tx) => {
    const again = await tx.findOne(StoredDocumentEntity, { number });
    if (again) return storedJson(again);
    const row = tx.create(StoredDocumentEntity, {
      id: `doc_${randomUUID()}`,
      kind: req.kind,
      number,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
      content: pdf,
      createdAt: new Date(),
    });
    tx.persist(row);
    recordEvent(tx, 'events.document.rendered', { number, kind: req.kind, sha256: row.sha256 });
    await tx.flush();
    return storedJson(row);
  });
}

export async function loadWithContent(em: Em, number: string): Promise<StoredDocumentWithContent> {
  const row = await em.findOne(StoredDocumentEntity, { number }, { populate: ['content'] });
  if (!row) throw new NotFoundError(`no PDF for ${number}`, 'number');
  return { ...storedJson(row), contentBase64: Buffer.from(row.content).toString('base64') };
}

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
  return { id: d.id, kind: d.kind, number: d.number, revision: d.revision, sha256: d.sha256, size: d.size, createdAt: d.createdAt.toISOString() };
}

/**
 * Renders a document's PDF once and stores it for good. A repeated request for
 * the same number returns the stored PDF unchanged, so what the customer got
 * can always be reproduced byte for byte.
 */
export async function renderAndStore(em: Em, renderer: PdfRenderer, seller: Seller, req: RenderRequest): Promise<StoredDocument> {
  const number = req.document.number;
  // Quotes have revisions, each with its own PDF; every other document has one.
  const revision = 'revision' in req.document && typeof req.document.revision === 'number' ? req.document.revision : 1;
  const existing = await em.findOne(StoredDocumentEntity, { number, revision });
  if (existing) return storedJson(existing);
  // Render outside the transaction: Chromium time must not hold database locks.
  const pdf = await renderer.render(renderHtml(req, seller));
  return em.transactional(async (tx) => {
    const again = await tx.findOne(StoredDocumentEntity, { number, revision });
    if (again) return storedJson(again);
    const row = tx.create(StoredDocumentEntity, {
      id: `doc_${randomUUID()}`,
      kind: req.kind,
      number,
      revision,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
      content: pdf,
      createdAt: new Date(),
    });
    tx.persist(row);
    recordEvent(tx, 'events.document.rendered', { number, revision, kind: req.kind, sha256: row.sha256 });
    await tx.flush();
    return storedJson(row);
  });
}

/** The stored PDF of a document: the given revision, or the latest. */
export async function loadWithContent(em: Em, number: string, revision?: number): Promise<StoredDocumentWithContent> {
  const row = await em.findOne(StoredDocumentEntity, revision ? { number, revision } : { number }, { populate: ['content'], orderBy: { revision: 'desc' } });
  if (!row) throw new NotFoundError(`no PDF for ${number}`, 'number');
  return { ...storedJson(row), contentBase64: Buffer.from(row.content).toString('base64') };
}

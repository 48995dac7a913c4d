import { createHash, randomUUID } from 'node:crypto';
import type { Em } from '../../../../shared/db/orm.ts';
import type { DocumentKind } from '../../../../shared/contracts/document/index.ts';
import { einvoiceObjectName } from '../../../../shared/contracts/document/index.ts';
import type { EInvoiceFormat } from '../../../../shared/einvoice.ts';
import { appendAuditEntry } from '../archive/audit-log.ts';
import { retentionUntil } from '../archive/retention.ts';
import type { PdfStore } from '../pdf-store.ts';

export interface ArchivedEInvoice {
  number: string;
  format: EInvoiceFormat;
  mimeType: 'application/xml' | 'application/pdf';
  sha256: string;
  size: number;
  createdAt: string;
  objectName: string;
}

interface Row {
  number: string;
  format: EInvoiceFormat;
  mime_type: 'application/xml' | 'application/pdf';
  sha256: string;
  size: number;
  created_at: Date;
}

const json = (r: Row): ArchivedEInvoice => ({
  number: r.number,
  format: r.format,
  mimeType: r.mime_type,
  sha256: r.sha256,
  size: r.size,
  createdAt: new Date(r.created_at).toISOString(),
  objectName: einvoiceObjectName(r.number, r.format),
});

/** The archived e-invoice of a number in a format, or null. */
export async function findArchived(em: Em, number: string, format: EInvoiceFormat): Promise<ArchivedEInvoice | null> {
  const [row] = await em.execute<Row[]>(`select number, format, mime_type, sha256, size, created_at from einvoice where number = ? and format = ?`, [
    number,
    format,
  ]);
  return row ? json(row) : null;
}

/**
 * Stores an e-invoice once (write-once, SHA-256, retention as its invoice:
 * 8 years after the issue year) with its entry in the audit log's hash chain,
 * then puts the bytes into the object store for download. A second store of
 * the same number and format keeps the first (what the customer got).
 */
export async function archiveEInvoice(
  em: Em,
  store: PdfStore,
  e: { number: string; format: EInvoiceFormat; mimeType: 'application/xml' | 'application/pdf'; bytes: Buffer; issued: string; kind: DocumentKind },
): Promise<ArchivedEInvoice> {
  const archived = await em.transactional(async (tx) => {
    await tx.execute(`lock table einvoice in share row exclusive mode`);
    const again = await findArchived(tx, e.number, e.format);
    if (again) return again;
    const now = new Date();
    const sha256 = createHash('sha256').update(e.bytes).digest('hex');
    await tx.execute(
      `insert into einvoice (id, number, format, mime_type, sha256, size, content, created_at, retention_until) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [`ein_${randomUUID()}`, e.number, e.format, e.mimeType, sha256, e.bytes.length, e.bytes, now.toISOString(), retentionUntil(e.kind, e.issued)],
    );
    await appendAuditEntry(tx, { number: e.number, kind: `einvoice:${e.format}` as DocumentKind, revision: 1, version: 1, sha256, at: now });
    return (await findArchived(tx, e.number, e.format))!;
  });
  const [row] = await em.execute<{ content: Buffer }[]>(`select content from einvoice where number = ? and format = ?`, [e.number, e.format]);
  await store.ensure(archived.objectName, row!.content, archived.sha256);
  return archived;
}

import { createHash, randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import {
  pdfObjectName,
  type DocumentKind,
  type DocumentStatus,
  type RenderProgress,
  type RenderRequest,
  type StoredDocument,
} from '../../../shared/contracts/document/index.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { StoredDocumentEntity, type StoredDocumentRow } from './entities.ts';
import type { PdfRenderer } from './pdf/renderer.ts';
import type { PdfStore } from './pdf-store.ts';
import { renderDocument } from './templates.ts';
import type { Seller } from '../../../shared/seller.ts';
import { appendAuditEntry } from './archive/audit-log.ts';
import { retentionUntil } from './archive/retention.ts';
import { templateVersion } from './archive/template-version.ts';

export function storedJson(d: StoredDocumentRow): StoredDocument {
  return {
    id: d.id,
    kind: d.kind,
    number: d.number,
    revision: d.revision,
    version: d.version,
    sha256: d.sha256,
    size: d.size,
    createdAt: d.createdAt.toISOString(),
    templateVersion: d.templateVersion,
    language: d.language,
    retentionUntil: d.retentionUntil,
  };
}

/** Quotes have revisions, each with its own PDF; every other document has one. */
export function revisionOf(req: RenderRequest): number {
  return 'revision' in req.document && typeof req.document.revision === 'number' ? req.document.revision : 1;
}

export interface PdfTarget {
  kind: DocumentKind;
  number: string;
  revision: number;
}

/** What the archive records beside a PDF; by default this process's template version, German, issued now. */
export interface ArchiveMeta {
  templateVersion?: string;
  language?: string;
  /** The issue date (YYYY-MM-DD) or time: its year starts the retention period. */
  issued?: string | Date;
  customerNumber?: string;
}

/** What the archive records of a rendered request: language, issue date and customer. */
function archiveMetaOf(req: RenderRequest, version: string): ArchiveMeta {
  const issued = issueDateOf(req);
  return { templateVersion: version, language: languageOf(req), customerNumber: req.document.customer.number, ...(issued ? { issued } : {}) };
}

/** The language a document was rendered in: its customer snapshot's `language` where it has one, else German. */
export function languageOf(req: RenderRequest): string {
  const customer = (req.document as { customer?: unknown }).customer;
  const language = customer && typeof customer === 'object' ? (customer as { language?: unknown }).language : undefined;
  return language === 'en' || language === 'de' ? language : 'de';
}

/**
 * When the document was issued, whose year starts its retention period: a
 * reminder's issue date, an invoice's or correction's creation time (it is
 * issued when created); undefined for others (issued when their PDF is stored).
 */
export function issueDateOf(req: RenderRequest): string | undefined {
  const doc = req.document as { issueDate?: unknown; createdAt?: unknown };
  const isoDate = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v : undefined);
  if (isoDate(doc.issueDate)) return isoDate(doc.issueDate);
  return req.kind === 'invoice' || req.kind === 'receipt' || req.kind === 'cancellation' || req.kind === 'credit_note' ? isoDate(doc.createdAt) : undefined;
}

/**
 * Stores a rendered PDF once, with its SHA-256, and puts its bytes into the
 * object store. Write-once: a second PDF for the same number and revision is
 * dropped and the first one stays (and is what goes to the object store).
 */
export async function storePdf(em: Em, store: PdfStore, target: PdfTarget, pdf: Buffer, meta: ArchiveMeta = {}, version = 1): Promise<StoredDocument> {
  const { number, revision, kind } = target;
  const { row, fresh } = await em.transactional(async (tx) => {
    const again = await tx.findOne(StoredDocumentEntity, { number, kind, revision, version }, { populate: ['content'] });
    if (again) return { row: again, fresh: false };
    const now = new Date();
    const created = tx.create(StoredDocumentEntity, {
      id: `doc_${randomUUID()}`,
      kind,
      number,
      revision,
      version,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
      content: pdf,
      createdAt: now,
      templateVersion: meta.templateVersion ?? templateVersion(),
      language: meta.language ?? 'de',
      retentionUntil: retentionUntil(kind, meta.issued ?? now),
      customerNumber: meta.customerNumber ?? null,
    });
    tx.persist(created);
    // The issue event joins the hash chain in the same transaction: no stored version without its entry.
    await appendAuditEntry(tx, { number, kind, revision, version, sha256: created.sha256, at: now });
    await tx.flush();
    return { row: created, fresh: true };
  });
  // A PDF stored just now has no copy in the object store yet; an earlier one may have (a retried job).
  const name = pdfObjectName(number, revision, kind, row.version);
  if (fresh) await store.put(name, row.content, row.sha256);
  else await store.ensure(name, row.content, row.sha256);
  return storedJson(row);
}

/**
 * Renders a document's PDF once and stores it for good. A repeated request for
 * the same number returns the stored PDF unchanged, so what the customer got
 * can always be reproduced byte for byte.
 */
export async function renderAndStore(em: Em, renderer: PdfRenderer, store: PdfStore, seller: Seller, req: RenderRequest): Promise<StoredDocument> {
  const target = { kind: req.kind, number: req.document.number, revision: revisionOf(req) };
  const existing = await em.findOne(
    StoredDocumentEntity,
    { number: target.number, kind: target.kind, revision: target.revision },
    { populate: ['content'], orderBy: { version: 'desc' } },
  );
  if (existing) {
    await store.ensure(pdfObjectName(existing.number, existing.revision, existing.kind, existing.version), existing.content, existing.sha256);
    return storedJson(existing);
  }
  // Render outside the transaction: Chromium time must not hold database locks.
  const version = templateVersion();
  const { html, paper } = renderDocument(req, seller);
  const pdf = await renderer.render(html, paper);
  return storePdf(em, store, target, pdf, archiveMetaOf(req, version));
}

interface JobRow {
  number: string;
  revision: number;
  kind: DocumentKind;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  done_at: Date | null;
}

const progressOf = (j: JobRow | undefined): RenderProgress | null =>
  j
    ? {
        attempts: j.attempts,
        lastError: j.last_error,
        nextAttemptAt: j.done_at ? null : new Date(j.next_attempt_at).toISOString(),
        renderedAt: j.done_at ? new Date(j.done_at).toISOString() : null,
      }
    : null;

/** What the owner of a document says about it when the document service has neither a PDF nor a job for it yet. */
export type IssuedRevision = (number: string, kind: DocumentKind) => Promise<{ kind: DocumentKind; revision: number } | null>;

/**
 * A document's PDF state: the given revision, or the latest issued one. An
 * issued document whose event was not consumed yet (no job, no PDF) is pending
 * too; only a number its owner does not know (or has not issued: a quote not
 * sent, a delivery note not shipped) is 404. `kind` is the number's own
 * document unless another is asked for (a delivery note's pick list).
 */
export async function documentStatus(
  em: Em,
  store: PdfStore,
  issued: IssuedRevision,
  number: string,
  revision: number | undefined,
  kind: DocumentKind,
  version?: number,
): Promise<DocumentStatus> {
  const stored = await em.find(StoredDocumentEntity, revision ? { number, kind, revision } : { number, kind }, {
    orderBy: { revision: 'desc', version: 'desc' },
  });
  const jobs = await em.execute<JobRow[]>(
    `select number, revision, kind, attempts, last_error, next_attempt_at, done_at from render_job where number = ? and kind = ? ${revision ? 'and revision = ?' : ''}`,
    revision ? [number, kind, revision] : [number, kind],
  );
  const local = Math.max(0, ...stored.map((s) => s.revision), ...jobs.map((j) => j.revision));
  // Quotes gain revisions: without a given revision, the owner may have issued a newer one whose event is not here yet.
  const askOwner = local === 0 || (!revision && number.startsWith('AN-'));
  const owner = askOwner ? await issued(number, kind) : null;
  const ownerRevision = owner && (!revision || owner.revision >= revision) ? (revision ?? owner.revision) : 0;
  const target = Math.max(local, ownerRevision);
  if (target === 0) throw new NotFoundError(`no PDF for ${number}${revision ? ` revision ${revision}` : ''}`, 'number');
  // The latest version of the revision unless one is asked for.
  const row = stored.find((s) => s.revision === target && (version === undefined || s.version === version));
  const job = jobs.find((j) => j.revision === target);
  if (row) return rendered(em, store, row, job);
  if (version !== undefined && stored.some((s) => s.revision === target)) {
    throw new NotFoundError(`${number} has no version ${version}${revision ? ` of revision ${revision}` : ''}`, 'version');
  }
  return { state: 'pending', kind: job?.kind ?? owner!.kind, number, revision: target, render: progressOf(job) };
}

/** A stored PDF; one stored before PDFs went to the object store is put there now (from the database copy). */
async function rendered(em: Em, store: PdfStore, row: StoredDocumentRow, job: JobRow | undefined): Promise<DocumentStatus> {
  const objectName = pdfObjectName(row.number, row.revision, row.kind, row.version);
  if (!(await store.has(objectName))) {
    const full = await em.findOneOrFail(StoredDocumentEntity, { id: row.id }, { populate: ['content'] });
    await store.ensure(objectName, full.content, full.sha256);
  }
  return { state: 'rendered', objectName, render: progressOf(job), ...storedJson(row) };
}

/** What a regeneration did: stored a new version (created) or found the templates unchanged since the latest one. */
export interface Regenerated {
  created: boolean;
  document: StoredDocument;
}

/**
 * Renders an issued document again with the templates as they are now. If they
 * changed since its latest stored version (another template version), the new
 * PDF is stored as the next version beside the earlier ones, which stay as they
 * were; with unchanged templates nothing is stored and the latest version is
 * answered. Only documents with a stored version can be regenerated.
 */
export async function regenerate(em: Em, renderer: PdfRenderer, store: PdfStore, seller: Seller, req: RenderRequest): Promise<Regenerated> {
  const target = { kind: req.kind, number: req.document.number, revision: revisionOf(req) };
  const latest = await em.findOne(StoredDocumentEntity, target, { orderBy: { version: 'desc' } });
  if (!latest) throw new NotFoundError(`${target.number} has no stored PDF to regenerate yet`, 'number');
  const version = templateVersion();
  if (latest.templateVersion === version) return { created: false, document: storedJson(latest) };
  const { html, paper } = renderDocument(req, seller);
  const pdf = await renderer.render(html, paper);
  const meta = archiveMetaOf(req, version);
  // A second regeneration racing this one stores the same version number: the unique key lets one win, the other answers it.
  const document = await storePdf(em, store, target, pdf, meta, latest.version + 1);
  return { created: document.sha256 === createHash('sha256').update(pdf).digest('hex'), document };
}

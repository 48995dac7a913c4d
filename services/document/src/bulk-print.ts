import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Em } from '../../../shared/db/orm.ts';
import type { BulkPrintFilter, BulkPrintJob } from '../../../shared/contracts/document/index.ts';
import { NotFoundError, ValidationError } from '../../../shared/errors.ts';
import type { PdfStore } from './pdf-store.ts';

/*
 * Bulk print: many stored documents, chosen by a filter, as one combined PDF.
 * The selection is fixed when the job starts (its total); the job then copies
 * each stored PDF (the archived bytes, latest version of each document) and
 * joins them with pdfunite (poppler-utils), reporting how many it has done.
 * The result goes to the object store like every PDF, and the job row says
 * where. Large selections run in the background: the caller polls the status.
 */

/** At most this many documents per job: a larger selection is refused, naming the filter, before anything is written. */
export const BULK_PRINT_LIMIT = 1000;

const run = promisify(execFile);

interface Selected {
  id: string;
  number: string;
  kind: string;
}

/** The latest stored version of the latest revision of every document the filter matches, oldest first. */
export async function selectDocuments(em: Em, f: BulkPrintFilter): Promise<Selected[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (f.kind) add('kind = ?', f.kind);
  if (f.customer) add('customer_number = ?', f.customer);
  // Dates of the Berlin calendar, as every document prints them.
  if (f.from) add(`(created_at at time zone 'Europe/Berlin')::date >= ?::date`, f.from);
  if (f.to) add(`(created_at at time zone 'Europe/Berlin')::date <= ?::date`, f.to);
  if (f.numbers?.length) add(`number in (${f.numbers.map(() => '?').join(', ')})`, ...f.numbers);
  return em.execute<Selected[]>(
    `select id, number, kind from (
       select distinct on (number, kind) id, number, kind, created_at from stored_document
       ${where.length ? `where ${where.join(' and ')}` : ''}
       order by number, kind, revision desc, version desc) latest
     order by created_at, number, kind
     limit ${BULK_PRINT_LIMIT + 1}`,
    params,
  );
}

interface JobRow {
  id: string;
  filter: BulkPrintFilter;
  status: BulkPrintJob['status'];
  total: number;
  done: number;
  error: string | null;
  object_name: string | null;
  sha256: string | null;
  size: number | null;
  created_at: Date;
  finished_at: Date | null;
}

function jobJson(r: JobRow): BulkPrintJob & { objectName: string | null } {
  return {
    id: r.id,
    filter: r.filter,
    status: r.status,
    total: r.total,
    done: r.done,
    error: r.error,
    sha256: r.sha256 ? r.sha256.trim() : null,
    size: r.size,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    objectName: r.object_name,
  };
}

export async function bulkPrintJob(em: Em, id: string): Promise<BulkPrintJob & { objectName: string | null }> {
  const [row] = await em.execute<JobRow[]>(`select * from bulk_print_job where id = ?`, [id]);
  if (!row) throw new NotFoundError(`no bulk print job ${id}`, 'id');
  return jobJson(row);
}

/**
 * Starts a bulk print job: fixes the selection (refusing an empty one or one
 * above BULK_PRINT_LIMIT, naming the filter), records the job and runs it in
 * the background. Answers the job as recorded (status running, done 0).
 */
export async function startBulkPrint(em: Em, store: PdfStore, filter: BulkPrintFilter, requestedBy: string): Promise<BulkPrintJob> {
  const selected = await selectDocuments(em, filter);
  if (selected.length === 0) throw new ValidationError('no stored document matches the filter', [{ field: 'filter', message: 'matches no document' }]);
  if (selected.length > BULK_PRINT_LIMIT) {
    throw new ValidationError(`the filter matches more than ${BULK_PRINT_LIMIT} documents`, [
      { field: 'filter', message: `matches more than ${BULK_PRINT_LIMIT} documents; narrow it` },
    ]);
  }
  const id = `bulk_${randomUUID()}`;
  await em.execute(`insert into bulk_print_job (id, filter, status, total, requested_by) values (?, ?, 'running', ?, ?)`, [
    id,
    JSON.stringify(filter),
    selected.length,
    requestedBy,
  ]);
  void runBulkPrint(em, store, id, selected).catch(async (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`[document] bulk print ${id} failed`, err);
    await em
      .execute(`update bulk_print_job set status = 'failed', error = ?, finished_at = now() where id = ?`, [message.slice(0, 2000), id])
      .catch(() => undefined);
  });
  return bulkPrintJob(em, id);
}

/** Progress is written every few documents: often enough to watch, rarely enough not to slow the job. */
const PROGRESS_EVERY = 5;

async function runBulkPrint(em: Em, store: PdfStore, id: string, selected: Selected[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kontor-bulk-'));
  try {
    const files: string[] = [];
    for (const [i, doc] of selected.entries()) {
      // One document in memory at a time: each may be megabytes.
      const [row] = await em.execute<{ content: Buffer }[]>(`select content from stored_document where id = ?`, [doc.id]);
      const file = join(dir, `${String(i).padStart(5, '0')}.pdf`);
      await writeFile(file, row!.content);
      files.push(file);
      if ((i + 1) % PROGRESS_EVERY === 0 && i + 1 < selected.length) await em.execute(`update bulk_print_job set done = ? where id = ?`, [i + 1, id]);
    }
    const out = join(dir, 'combined.pdf');
    if (files.length === 1) await writeFile(out, await readFile(files[0]!));
    else await run('pdfunite', [...files, out], { maxBuffer: 1024 * 1024 });
    const pdf = await readFile(out);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const objectName = `bulk-print/${id}`;
    await store.ensure(objectName, pdf, sha256);
    await em.execute(`update bulk_print_job set status = 'done', done = total, object_name = ?, sha256 = ?, size = ?, finished_at = now() where id = ?`, [
      objectName,
      sha256,
      pdf.length,
      id,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Jobs a stopped process left running cannot finish: they are marked failed when the service starts. */
export async function failInterruptedBulkPrints(em: Em): Promise<number> {
  const rows = await em.execute<{ id: string }[]>(
    `update bulk_print_job set status = 'failed', error = 'interrupted: the document service stopped; start the job again', finished_at = now()
     where status = 'running' returning id`,
  );
  return rows.length;
}

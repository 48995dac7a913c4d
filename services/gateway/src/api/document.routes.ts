import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import type { Response } from 'express';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ObjectStore } from '@nats-io/obj';
import { call } from '../../../../shared/nats/rpc.ts';
import { openDocumentsBucket } from '../../../../shared/nats/documents-bucket.ts';
import { ConflictError, DomainError } from '../../../../shared/errors.ts';
import {
  bulkPrintFilterSchema,
  DocumentCommands,
  documentKindSchema,
  type DocumentKind,
  type DocumentStatus,
} from '../../../../shared/contracts/document/index.ts';
import { route, type Route } from '../http/routes.ts';
import { sendProblem } from '../http/problem.ts';
import { ALL_ROLES } from './common.ts';

/** How long a PDF download waits for the document service to say where the PDF is. */
const STATUS_TIMEOUT_MS = 3_000;
/** A regeneration renders a PDF while the caller waits: allow for a queue in front of Chromium. */
const REGENERATE_TIMEOUT_MS = 60_000;

/** 409 pdf_not_ready: the document exists, its PDF is still being rendered; Retry-After says when to look again. */
function notReady(res: Response, status: 409 | 503, detail: string, retryAfterSeconds: number): undefined {
  res.set('Retry-After', String(retryAfterSeconds));
  sendProblem(res, status, 'pdf_not_ready', detail);
  return undefined;
}

/** Seconds until the next render attempt, at least 1 and at most 60. */
function retryAfter(doc: DocumentStatus): number {
  const next = doc.render?.nextAttemptAt ? Date.parse(doc.render.nextAttemptAt) : Date.now();
  return Math.min(60, Math.max(1, Math.ceil((next - Date.now()) / 1000)));
}

/** Stored PDFs: their render state, and the exact bytes that were issued, streamed from the object store. */
export function documentRoutes(nc: NatsConnection): Route[] {
  let bucket: Promise<ObjectStore> | null = null;
  const objects = () =>
    (bucket ??= openDocumentsBucket(nc).catch((err: unknown) => {
      bucket = null;
      throw err;
    }));

  /** Streams the exact stored bytes of a document's PDF; 409/503 pdf_not_ready while it is rendered or the document service does not answer. */
  const downloadPdf = async (
    res: Response,
    number: string,
    query: { revision?: number | undefined; kind?: DocumentKind | undefined; version?: number | undefined },
    filename: (doc: { number: string; revision: number }) => string,
  ) => {
    let doc: DocumentStatus;
    try {
      doc = await call(nc, DocumentCommands.get, { number, ...query }, STATUS_TIMEOUT_MS);
    } catch (err) {
      // Rendering is the document service's job; while it does not answer, PDFs are simply not ready.
      if (err instanceof DomainError && err.code === 'service_unavailable') {
        return notReady(res, 503, `the PDF of ${number} is not available yet: the document service does not answer`, 5);
      }
      throw err;
    }
    if (doc.state === 'pending') {
      const attempts = doc.render?.attempts ?? 0;
      return notReady(
        res,
        409,
        `the PDF of ${doc.number}${doc.revision > 1 ? ` revision ${doc.revision}` : ''} is not rendered yet${attempts ? ` (${attempts} attempt${attempts > 1 ? 's' : ''} so far)` : ''}`,
        retryAfter(doc),
      );
    }
    return streamObject(res, { ...doc, filename: filename(doc) }, `the PDF of ${doc.number} is being stored`);
  };

  /** Streams a stored PDF's exact bytes from the object store, with its size and SHA-256 in the headers. */
  const streamObject = async (res: Response, doc: { objectName: string; size: number; sha256: string; filename: string }, missing: string) => {
    const object = await (await objects()).get(doc.objectName);
    if (!object) return notReady(res, 409, missing, 1);
    res
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${doc.filename}"`)
      .set('Content-Length', String(doc.size))
      .set('ETag', `"${doc.sha256}"`)
      .set('X-Content-SHA256', doc.sha256);
    // Streamed chunk by chunk; a broken stream aborts the response (Content-Length tells the client it was cut short).
    await pipeline(Readable.fromWeb(object.data as WebReadableStream<Uint8Array>), res);
    const failed = await object.error;
    if (failed) console.error(`[gateway] streaming ${doc.objectName} failed`, failed);
    return undefined;
  };
  // A delivery note number also names its pick list: `kind` chooses it (default: the number's own document).
  const documentQuery = z.object({
    revision: z.coerce.number().int().min(1).optional(),
    version: z.coerce.number().int().min(1).optional().describe('a stored version (1 as issued, 2… after regenerations); the latest by default'),
    kind: documentKindSchema
      .optional()
      .describe("which document of the number: its own (default), pick_list for a delivery note (LS-…), receipt for a counter sale's invoice (RE-…)"),
  });

  return [
    route({
      method: 'get',
      path: '/documents/{number}',
      tag: 'Documents',
      summary: 'Get the PDF state of a document: pending (with render attempts and last error) or rendered (with SHA-256 and size)',
      roles: ALL_ROLES,
      query: documentQuery,
      handler: async ({ params, query }) => {
        const status = await call(nc, DocumentCommands.get, { number: params.number, ...query });
        // Where the PDF lies in the object store is the gateway's business, not the client's.
        if (status.state === 'pending') return status;
        const { objectName: _name, ...doc } = status;
        return doc;
      },
    }),
    route({
      method: 'get',
      path: '/documents/{number}/pdf',
      tag: 'Documents',
      summary:
        'Download the PDF of a document (a quote revision with ?revision=n); 409 pdf_not_ready with Retry-After while it is rendered; 404 for a document not issued yet (a quote never sent, a delivery note not shipped)',
      roles: ALL_ROLES,
      produces: 'pdf',
      query: documentQuery,
      handler: ({ params, query, res }) =>
        downloadPdf(
          res,
          params.number,
          query,
          (doc) =>
            `${doc.number}${query.kind === 'pick_list' ? '-Kommissionierliste' : ''}${doc.revision > 1 ? `-v${doc.revision}` : ''}${query.version ? `-version${query.version}` : ''}.pdf`,
        ),
    }),
    route({
      method: 'post',
      path: '/documents/bulk-print',
      tag: 'Documents',
      summary:
        'Start a bulk print: the stored documents matching the filter (kind, customer number, issue dates from/to, numbers; all criteria apply; at most 1,000, the latest version of each) as one combined PDF, made in the background; answers 202 with the job (total, done); 422 naming filter when nothing or too much matches',
      roles: ['admin', 'accounting', 'sales_manager', 'warehouse'],
      status: 202,
      body: z.object({ filter: bulkPrintFilterSchema }),
      handler: ({ body, actor }) => call(nc, DocumentCommands.bulkPrint, { filter: body.filter, actor }),
    }),
    route({
      method: 'get',
      path: '/documents/bulk-print/{id}',
      tag: 'Documents',
      summary: 'The progress of a bulk print job: status (running, done, failed), done of total documents, and once done the combined PDF’s size and SHA-256',
      roles: ['admin', 'accounting', 'sales_manager', 'warehouse'],
      handler: async ({ params }) => {
        const { objectName: _name, ...job } = await call(nc, DocumentCommands.bulkPrintStatus, { id: params.id });
        return job;
      },
    }),
    route({
      method: 'get',
      path: '/documents/bulk-print/{id}/pdf',
      tag: 'Documents',
      summary: 'Download the combined PDF of a finished bulk print job; 409 pdf_not_ready with Retry-After while it runs; 409 bulk_print_failed if it failed',
      roles: ['admin', 'accounting', 'sales_manager', 'warehouse'],
      produces: 'pdf',
      handler: async ({ params, res }) => {
        const job = await call(nc, DocumentCommands.bulkPrintStatus, { id: params.id });
        if (job.status === 'failed') throw new ConflictError(`bulk print ${job.id} failed: ${job.error ?? 'unknown error'}`, 'bulk_print_failed');
        if (job.status === 'running' || !job.objectName || !job.sha256 || job.size === null) {
          return notReady(res, 409, `bulk print ${job.id} is running: ${job.done} of ${job.total} documents`, 1);
        }
        return streamObject(
          res,
          { objectName: job.objectName, size: job.size, sha256: job.sha256, filename: `Sammeldruck-${job.id.slice(5, 13)}.pdf` },
          `bulk print ${job.id} is being stored`,
        );
      },
    }),
    route({
      method: 'post',
      path: '/documents/{number}/regenerate',
      tag: 'Documents',
      summary:
        'Render an issued document again with the templates as they are now (after a template change): a new stored version beside the earlier ones (created: true) when the template version changed, else the latest version unchanged (created: false); earlier versions stay retrievable byte for byte with ?version=n',
      roles: ['admin', 'accounting'],
      body: z.object({ revision: z.number().int().min(1).optional(), kind: documentKindSchema.optional() }),
      handler: ({ params, body, actor }) => call(nc, DocumentCommands.regenerate, { number: params.number, ...body, actor }, REGENERATE_TIMEOUT_MS),
    }),
    route({
      method: 'get',
      path: '/delivery-notes/{number}/pick-list/pdf',
      tag: 'Delivery notes',
      summary:
        'Download the pick list of a delivery note (rendered when the note is created): positions, quantities, warehouse and storage bin; 409 pdf_not_ready with Retry-After while it is rendered',
      roles: ALL_ROLES,
      produces: 'pdf',
      handler: ({ params, res }) => downloadPdf(res, params.number, { kind: 'pick_list' }, (doc) => `${doc.number}-Kommissionierliste.pdf`),
    }),
    route({
      method: 'get',
      path: '/invoices/{number}/receipt/pdf',
      tag: 'Invoices',
      summary:
        'Download the 80 mm receipt (Kassenbon) of a counter sale: the invoice of a cash-sale order in receipt form, rendered after the invoice; a simplified invoice (§ 33 UStDV) up to 250 EUR gross; 404 for an invoice of another order type; 409 pdf_not_ready with Retry-After while it is rendered',
      roles: ALL_ROLES,
      produces: 'pdf',
      handler: ({ params, res }) => downloadPdf(res, params.number, { kind: 'receipt' }, (doc) => `${doc.number}-Kassenbon.pdf`),
    }),
    ...(
      [
        ['/invoices/{number}/pdf', 'invoice', 'an invoice (RE-…)'],
        ['/cancellation-invoices/{number}/pdf', 'cancellation', 'a cancellation invoice (Stornorechnung, ST-…)'],
        ['/credit-notes/{number}/pdf', 'credit_note', 'a credit note (Rechnungskorrektur, RK-…)'],
      ] as const
    ).map(([path, kind, what]) =>
      route({
        method: 'get',
        path,
        tag: 'Invoices',
        summary: `Download the PDF of ${what}, rendered when it is issued; 409 pdf_not_ready with Retry-After while it is rendered; 404 for a number of another kind`,
        roles: ALL_ROLES,
        produces: 'pdf',
        handler: ({ params, res }) => downloadPdf(res, params.number, { kind }, (doc) => `${doc.number}.pdf`),
      }),
    ),
  ];
}

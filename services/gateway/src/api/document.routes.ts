import { z } from 'zod';
import type { NatsConnection } from '@nats-io/transport-node';
import { request } from '../../../../shared/nats/rpc.ts';
import { DocumentSubjects, type StoredDocumentWithContent } from '../../../../shared/contracts/document.ts';
import type { RouteSpec } from '../http/routes.ts';
import { ALL_ROLES } from './common.ts';

/** Stored PDFs: metadata and the exact bytes that were issued. */
export function documentRoutes(nc: NatsConnection): RouteSpec[] {
  return [
    { method: 'get', path: '/documents/{number}', tag: 'Documents', summary: 'Get the stored PDF metadata of a document', roles: ALL_ROLES,
      handler: async ({ params }) => {
        const { contentBase64: _content, ...meta } = await request<StoredDocumentWithContent>(nc, DocumentSubjects.get, { number: params.number });
        return meta;
      } },
    { method: 'get', path: '/documents/{number}/pdf', tag: 'Documents', summary: 'Download the PDF of a document (a quote revision with ?revision=n)', roles: ALL_ROLES, produces: 'pdf',
      query: z.object({ revision: z.coerce.number().int().min(1).optional() }),
      handler: async ({ params, query, res }) => {
        const doc = await request<StoredDocumentWithContent>(nc, DocumentSubjects.get, { number: params.number, ...(query as object) });
        res.status(200)
          .type('application/pdf')
          .set('Content-Disposition', `inline; filename="${doc.number}${doc.revision > 1 ? `-v${doc.revision}` : ''}.pdf"`)
          .set('ETag', `"${doc.sha256}"`)
          .set('X-Content-SHA256', doc.sha256)
          .send(Buffer.from(doc.contentBase64, 'base64'));
        return undefined;
      } },
  ] as RouteSpec[];
}

import { z } from 'zod';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentSubjects, type RenderRequest } from '../../../shared/contracts/document.ts';
import { documentNumber } from '../../../shared/contracts/schemas.ts';
import { StoredDocumentEntity } from './entities.ts';
import { loadWithContent, renderAndStore, storedJson } from './document.service.ts';
import type { PdfRenderer } from './pdf/renderer.ts';
import type { Seller } from './seller.ts';

const renderRequest = z.object({
  kind: z.enum(['quote', 'order', 'delivery_note', 'invoice']),
  document: z.object({ number: documentNumber }).loose(),
}) as unknown as z.ZodType<RenderRequest>;

/** The document service's NATS API: render-once PDFs and their download. */
export function documentEndpoints(ctx: ServiceContext, renderer: () => PdfRenderer, seller: Seller) {
  return [
    endpoint(DocumentSubjects.render, renderRequest, (req) => renderAndStore(ctx.em(), renderer(), seller, req).finally(() => ctx.relay.kick())),
    endpoint(DocumentSubjects.get, z.object({ number: documentNumber, revision: z.number().int().min(1).optional() }), (input) => loadWithContent(ctx.em(), input.number, input.revision)),
    endpoint(DocumentSubjects.list, z.object({ numbers: z.array(documentNumber).max(200) }), async (input) =>
      (await ctx.em().find(StoredDocumentEntity, { number: { $in: input.numbers } })).map(storedJson)),
  ];
}

import { z } from 'zod';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentSubjects } from '../../../shared/contracts/document.ts';
import { documentNumber } from '../../../shared/contracts/schemas.ts';
import { StoredDocumentEntity } from './entities.ts';
import { documentStatus, storedJson } from './document.service.ts';
import { issuedRevision } from './owners.ts';
import type { PdfStore } from './pdf-store.ts';

/** The document service's NATS API: the PDF state of documents (the bytes themselves are in the object store). */
export function documentEndpoints(ctx: ServiceContext, store: () => PdfStore) {
  return [
    endpoint(DocumentSubjects.get, z.object({ number: documentNumber, revision: z.number().int().min(1).optional() }), (input) =>
      documentStatus(ctx.em(), store(), (n) => issuedRevision(ctx.nc, n), input.number, input.revision)),
    endpoint(DocumentSubjects.list, z.object({ numbers: z.array(documentNumber).max(200) }), async (input) =>
      (await ctx.em().find(StoredDocumentEntity, { number: { $in: input.numbers } })).map(storedJson)),
  ];
}

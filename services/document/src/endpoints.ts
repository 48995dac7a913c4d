import { z } from 'zod';
import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentSubjects } from '../../../shared/contracts/document.ts';
import { actorSchema, documentNumber, idempotencyKey } from '../../../shared/contracts/schemas.ts';
import { text } from '../../../shared/validation.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { listNotifications, recordNotification } from './notifications.ts';
import { StoredDocumentEntity } from './entities.ts';
import { documentStatus, storedJson } from './document.service.ts';
import { issuedRevision } from './owners.ts';
import type { PdfStore } from './pdf-store.ts';

/** The document service's NATS API: the PDF state of documents (the bytes themselves are in the object store) and notices. */
export function documentEndpoints(ctx: ServiceContext, store: () => PdfStore) {
  return [
    endpoint(DocumentSubjects.get, z.object({ number: documentNumber, revision: z.number().int().min(1).optional() }), (input) =>
      documentStatus(ctx.em(), store(), (n) => issuedRevision(ctx.nc, n), input.number, input.revision)),
    endpoint(DocumentSubjects.list, z.object({ numbers: z.array(documentNumber).max(200) }), async (input) =>
      (await ctx.em().find(StoredDocumentEntity, { number: { $in: input.numbers } })).map(storedJson)),
    endpoint(DocumentSubjects.notify, z.object({
      recipient: text(200), kind: text(50), subject: text(500), documentNumber: documentNumber.optional(), details: z.record(z.string(), z.unknown()).optional(),
      idempotencyKey: idempotencyKey.optional(), actor: actorSchema,
    }), (input) => onceByKey(ctx.em(), input.idempotencyKey, DocumentSubjects.notify, (tx) => recordNotification(tx, input)).finally(() => ctx.relay.kick())),
    endpoint(DocumentSubjects.notifications, z.object({ recipients: z.array(text(200)).min(1).max(20), documentNumber: documentNumber.optional() }), (q) =>
      listNotifications(ctx.em(), q.recipients, q.documentNumber)),
  ];
}

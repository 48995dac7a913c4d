import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentCommands } from '../../../shared/contracts/document/index.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { listNotifications, recordNotification } from './notifications.ts';
import { StoredDocumentEntity } from './entities.ts';
import { documentStatus, storedJson } from './document.service.ts';
import { issuedRevision } from './owners.ts';
import type { PdfStore } from './pdf-store.ts';

/** The document service's NATS API: the PDF state of documents (the bytes themselves are in the object store) and notices. */
export function documentEndpoints(ctx: ServiceContext, store: () => PdfStore) {
  return [
    endpoint(DocumentCommands.get, (input) =>
      documentStatus(ctx.em(), store(), (n) => issuedRevision(ctx.nc, n), input.number, input.revision)),
    endpoint(DocumentCommands.list, async (input) =>
      (await ctx.em().find(StoredDocumentEntity, { number: { $in: input.numbers } })).map(storedJson)),
    endpoint(DocumentCommands.notify, (input) => onceByKey(ctx.em(), input.idempotencyKey, DocumentCommands.notify.subject, (tx) => recordNotification(tx, input)).finally(() => ctx.relay.kick())),
    endpoint(DocumentCommands.notifications, (q) =>
      listNotifications(ctx.em(), q.recipients, q.documentNumber)),
  ];
}

import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentCommands } from '../../../shared/contracts/document/index.ts';
import { onceByKey } from '../../../shared/db/idempotency.ts';
import { listNotifications, recordNotification } from './notifications.ts';
import { StoredDocumentEntity } from './entities.ts';
import { documentStatus, storedJson } from './document.service.ts';
import { issuedRevision, kindOfNumber } from './owners.ts';
import { enqueueRender, renderSoon } from './render-jobs.ts';
import type { PdfStore } from './pdf-store.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { checkBeforeIssuing, einvoiceFor, type EInvoiceDeps } from './einvoice/einvoice.service.ts';

/** The document service's NATS API: the PDF state of documents (the bytes themselves are in the object store) and notices. */
export function documentEndpoints(ctx: ServiceContext, store: () => PdfStore, onEnqueued: () => void, einvoiceDeps: () => EInvoiceDeps) {
  return [
    endpoint(DocumentCommands.get, async (input) => {
      const kind = input.kind ?? kindOfNumber(input.number);
      if (!kind) throw new NotFoundError(`no PDF for ${input.number}`, 'number');
      const status = await documentStatus(ctx.em(), store(), (n, k) => issuedRevision(ctx.nc, n, k), input.number, input.revision, kind, input.version);
      // A note created before pick lists existed has no job for one: asking for it queues it (a job that exists stays as it is).
      if (status.state === 'pending' && !status.render && kind === 'pick_list') {
        await enqueueRender(ctx.em(), { kind, number: status.number, revision: status.revision });
        onEnqueued();
      } else if (status.state === 'pending' && status.render && (await renderSoon(ctx.em(), { kind, number: status.number, revision: status.revision }))) {
        onEnqueued();
      }
      return status;
    }),
    endpoint(DocumentCommands.einvoice, (input) => einvoiceFor(einvoiceDeps(), input.number, input.format)),
    // The invoicing service asks before it issues an invoice or correction of an e-invoice customer; nothing is stored.
    endpoint(DocumentCommands.checkEInvoice, (input) => checkBeforeIssuing(einvoiceDeps(), input)),
    endpoint(DocumentCommands.list, async (input) => (await ctx.em().find(StoredDocumentEntity, { number: { $in: input.numbers } })).map(storedJson)),
    endpoint(DocumentCommands.notify, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, DocumentCommands.notify.subject, (tx) => recordNotification(tx, input)).finally(() => ctx.relay.kick()),
    ),
    endpoint(DocumentCommands.notifications, (q) => listNotifications(ctx.em(), q.recipients, q.documentNumber)),
  ];
}

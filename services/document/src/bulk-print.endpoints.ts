import { endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentCommands } from '../../../shared/contracts/document/index.ts';
import type { PdfStore } from './pdf-store.ts';
import { bulkPrintJob, startBulkPrint } from './bulk-print.ts';

/** Bulk print over NATS: start a job for a filter, ask how far it got (and where its PDF lies once done). */
export function bulkPrintEndpoints(ctx: ServiceContext, store: () => PdfStore) {
  return [
    endpoint(DocumentCommands.bulkPrint, ({ filter, actor }) => startBulkPrint(ctx.em(), store(), filter, actor.id)),
    endpoint(DocumentCommands.bulkPrintStatus, ({ id }) => bulkPrintJob(ctx.em(), id)),
  ];
}

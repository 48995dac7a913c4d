import { endpoint } from '../../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../../shared/service-host.ts';
import { DocumentCommands, pdfObjectName } from '../../../../shared/contracts/document/index.ts';
import type { PdfStore } from '../pdf-store.ts';
import { verifyArchive } from './audit-log.ts';

/** The archive's NATS API: verification of the audit chain, the stored bytes and their copies in the object store. */
export function archiveEndpoints(ctx: ServiceContext, store: () => PdfStore | undefined) {
  return [
    endpoint(DocumentCommands.verifyArchive, async () => {
      const objects = store();
      return verifyArchive(
        ctx.em(),
        objects ? (e, bytes) => objects.check(pdfObjectName(e.number, e.revision, e.kind, e.version), e.sha256, async () => bytes) : undefined,
      );
    }),
  ];
}

import { connect } from '@nats-io/transport-node';
import { env } from '../shared/config.ts';
import { openOrm } from '../shared/db/orm.ts';
import { pdfObjectName } from '../shared/contracts/document/index.ts';
import { StoredDocumentEntity } from '../services/document/src/entities.ts';
import { verifyArchive } from '../services/document/src/archive/audit-log.ts';
import { PdfStore } from '../services/document/src/pdf-store.ts';

/**
 * Verifies the document archive of the instance (DATABASE_URL, NATS_URL as
 * deploy/lib.sh sets them): walks the hash-chained audit log, re-reads every
 * stored PDF and checks its SHA-256 and its copy in the object store.
 * Prints {ok, entries, firstBrokenSeq?, problem?}; exits 1 if the archive is broken.
 *   node scripts/verify-archive.ts
 */
const orm = await openOrm({ schema: 'document', entities: [StoredDocumentEntity], migrations: [] });
const nc = await connect({ servers: env.natsUrl });
try {
  const store = await PdfStore.open(nc);
  const result = await verifyArchive(orm.em.fork(), (e, bytes) =>
    store.check(pdfObjectName(e.number, e.revision, e.kind, e.version), e.sha256, async () => bytes),
  );
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await nc.close();
  await orm.close();
}

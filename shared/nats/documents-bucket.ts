import type { NatsConnection } from '@nats-io/transport-node';
import { Objm, StorageType, setSha256Backend, type ObjectStore } from '@nats-io/obj';
import { DOCUMENTS_BUCKET } from '../contracts/document/index.ts';

/**
 * Opens the JetStream object store bucket of rendered PDFs, creating it on first use (file storage).
 * The object store checks every put and get with SHA-256; its default is a pure-JS hash (browser-safe),
 * which costs a 5 MB PDF about 200 ms of CPU per put and get here, node:crypto's about 30 ms. The
 * choice is process-wide, so it is made here, before the process's first object store operation.
 */
export async function openDocumentsBucket(nc: NatsConnection): Promise<ObjectStore> {
  setSha256Backend('native');
  return new Objm(nc).create(DOCUMENTS_BUCKET, { storage: StorageType.File, description: 'Kontor: rendered PDFs, one object per document revision' });
}

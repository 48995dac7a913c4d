import type { NatsConnection } from '@nats-io/transport-node';
import { Objm, StorageType, type ObjectStore } from '@nats-io/obj';
import { DOCUMENTS_BUCKET } from '../contracts/document/index.ts';

/** Opens the JetStream object store bucket of rendered PDFs, creating it on first use (file storage). */
export async function openDocumentsBucket(nc: NatsConnection): Promise<ObjectStore> {
  return new Objm(nc).create(DOCUMENTS_BUCKET, { storage: StorageType.File, description: 'Kontor: rendered PDFs, one object per document revision' });
}

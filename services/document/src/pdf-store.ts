import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ObjectStore } from '@nats-io/obj';
import { openDocumentsBucket } from '../../../shared/nats/documents-bucket.ts';

/** The object store's digest of some bytes: "SHA-256=" and the base64url SHA-256. */
function objectDigest(bytes: Uint8Array): string {
  return `SHA-256=${createHash('sha256').update(bytes).digest('base64url')}`;
}

/**
 * Rendered PDFs in the JetStream object store, where the gateway streams them
 * from in chunks: PDF bytes never ride inside a NATS JSON message, so their
 * size is not capped by the server's max_payload.
 */
export class PdfStore {
  private readonly os: ObjectStore;

  private constructor(os: ObjectStore) {
    this.os = os;
  }

  static async open(nc: NatsConnection): Promise<PdfStore> {
    return new PdfStore(await openDocumentsBucket(nc));
  }

  async has(name: string): Promise<boolean> {
    const info = await this.os.info(name);
    return !!info && !info.deleted;
  }

  /** Puts the PDF under its name unless exactly these bytes are there already (idempotent, so a retried job is harmless). */
  async ensure(name: string, pdf: Uint8Array, sha256: string): Promise<void> {
    const info = await this.os.info(name);
    if (info && !info.deleted && info.size === pdf.length && info.digest === objectDigest(pdf)) return;
    await this.os.putBlob({ name, description: `application/pdf sha256=${sha256}` }, pdf);
  }
}

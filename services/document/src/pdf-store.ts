import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ObjectStore } from '@nats-io/obj';
import { openDocumentsBucket } from '../../../shared/nats/documents-bucket.ts';

/** The object store's digest of some bytes: "SHA-256=" and the base64url SHA-256 (compared without padding: the server pads it). */
function objectDigest(bytes: Uint8Array): string {
  return `SHA-256=${createHash('sha256').update(bytes).digest('base64url')}`;
}

const unpadded = (digest: string | undefined) => digest?.replace(/=+$/, '');

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

  /**
   * Checks the object store's copy of a stored PDF: a problem if its digest is
   * not the SHA-256 (hex) given, else null. A missing copy (the service stopped
   * between storing and copying) is put there from `bytes`, the database's
   * verified record, as a download would.
   */
  async check(name: string, sha256: string, bytes: () => Promise<Buffer>): Promise<string | null> {
    const info = await this.os.info(name);
    if (!info || info.deleted) {
      await this.ensure(name, await bytes(), sha256);
      return null;
    }
    const expected = `SHA-256=${Buffer.from(sha256, 'hex').toString('base64url')}`;
    return unpadded(info.digest) === expected ? null : `object ${name} in the object store has digest ${info.digest}, expected ${expected}`;
  }

  /** Puts the PDF under its name unless exactly these bytes are there already (idempotent, so a retried job is harmless). */
  async ensure(name: string, pdf: Uint8Array, sha256: string): Promise<void> {
    const info = await this.os.info(name);
    if (info && !info.deleted && info.size === pdf.length && unpadded(info.digest) === objectDigest(pdf)) return;
    await this.put(name, pdf, sha256);
  }

  /** Puts the PDF under its name, replacing whatever is there. */
  async put(name: string, pdf: Uint8Array, sha256: string): Promise<void> {
    await this.os.putBlob({ name, description: `application/pdf sha256=${sha256}` }, pdf);
  }
}

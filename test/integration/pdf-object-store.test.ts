import { createHash, randomInt } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { openOrm } from '../../shared/db/orm.ts';
import { StoredDocumentEntity } from '../../services/document/src/entities.ts';
import { storePdf } from '../../services/document/src/document.service.ts';
import { PdfStore } from '../../services/document/src/pdf-store.ts';
import { Migration0001Initial } from '../../services/document/src/migrations/Migration0001Initial.ts';
import { Migration0002Revisions } from '../../services/document/src/migrations/Migration0002Revisions.ts';
import { Migration0003RenderJobs } from '../../services/document/src/migrations/Migration0003RenderJobs.ts';
import { api } from '../../scripts/api-client.ts';

/**
 * PDF bytes go through the JetStream object store, not NATS JSON: a 5 MB PDF
 * (far beyond NATS's 1 MB message limit) stored through the document service's
 * storing path downloads intact through the REST API.
 */
describe('large PDFs', () => {
  let orm: MikroORM<PostgreSqlDriver>;
  let nc: NatsConnection;

  beforeAll(async () => {
    orm = await openOrm({
      schema: 'document',
      entities: [StoredDocumentEntity],
      migrations: [Migration0001Initial, Migration0002Revisions, Migration0003RenderJobs],
    });
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
  });
  afterAll(async () => {
    await nc.close();
    await orm.close();
  });

  it('stores a 5 MB PDF and serves it byte for byte with its SHA-256', async () => {
    // A PDF-like blob: header, 5 MB of varied bytes (so nothing compresses it away), trailer.
    const body = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 2654435761) >>> 24;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), body, Buffer.from('\n%%EOF\n')]);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    // Stored documents are write-once, so every run uses a number of its own in a year no real series reaches.
    const number = `RE-2099-${String(randomInt(10_000_000, 99_999_999))}`;

    const stored = await storePdf(orm.em.fork(), await PdfStore.open(nc), { kind: 'invoice', number, revision: 1 }, pdf);
    expect(stored).toMatchObject({ number, revision: 1, sha256, size: pdf.length });

    const res = await api('accounting', 'GET', `/api/v1/documents/${number}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-sha256')).toBe(sha256);
    const downloaded = res.body as Buffer;
    expect(downloaded.length).toBe(pdf.length);
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(sha256);

    const meta = await api('accounting', 'GET', `/api/v1/documents/${number}`);
    expect(meta.body).toMatchObject({ state: 'rendered', number, sha256, size: pdf.length });
    expect(meta.body.contentBase64).toBeUndefined();
  }, 60_000);
});

import { createHash, randomInt } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { openOrm } from '../../shared/db/orm.ts';
import { StoredDocumentEntity } from '../../services/document/src/entities.ts';
import { purgeExpiredDocuments } from '../../services/document/src/archive/audit-log.ts';
import { chainHash } from '../../services/document/src/archive/chain.ts';
import { api, downloadPdf, newCustomer, newProduct, ok } from '../helpers/sale.ts';

/**
 * The archive on the running system: each issued document version is stored
 * with template version, language and retention date; stored documents cannot
 * be changed or deleted through the API, the ORM or raw SQL; every stored
 * version is an entry of a hash chain that GET /archive/verify and
 * scripts/verify-archive.ts check end to end, down to the stored bytes.
 */
const run = promisify(execFile);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface AuditRow {
  seq: string;
  number: string;
  kind: string;
  revision: number;
  sha256: string;
  at: Date;
  prev_hash: string;
  hash: string;
}

describe('archive', () => {
  let pg: PgClient;
  let orm: MikroORM<PostgreSqlDriver>;
  let invoice: { number: string; createdAt: string };
  let invoicePdf: Buffer;
  let quote: { number: string };

  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    orm = await openOrm({ schema: 'document', entities: [StoredDocumentEntity], migrations: [] });

    // A sent quote, and an invoice for a shipped order, issued through the API.
    const customer = await newCustomer();
    const product = await newProduct('49.90');
    quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '2' }] });
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    invoicePdf = await downloadPdf(invoice.number);
    await downloadPdf(quote.number);
  }, 120_000);

  afterAll(async () => {
    await pg.end();
    await orm.close();
  });

  it('records template version, language and retention date of each stored version in the status JSON', async () => {
    const doc = await ok('accounting', 'GET', `/api/v1/documents/${invoice.number}`);
    // An invoice is issued when it is created: 8 years after the end of that year.
    const year = new Date(invoice.createdAt).getUTCFullYear();
    expect(doc).toMatchObject({
      state: 'rendered',
      kind: 'invoice',
      number: invoice.number,
      sha256: sha256(invoicePdf),
      size: invoicePdf.length,
      language: 'de',
      retentionUntil: `${year + 8}-12-31`,
    });
    expect(doc.templateVersion).toMatch(/^tpl-[0-9a-f]{16}$/);

    const quoteDoc = await ok('sales', 'GET', `/api/v1/documents/${quote.number}`);
    expect(quoteDoc).toMatchObject({ kind: 'quote', language: 'de', templateVersion: doc.templateVersion });
    // A quote is a commercial letter: 6 years after the end of the year it was stored.
    expect(quoteDoc.retentionUntil).toBe(`${new Date(quoteDoc.createdAt).getUTCFullYear() + 6}-12-31`);

    const [row] = (
      await pg.query(`select template_version, language, retention_until::text as until from document.stored_document where number = $1 and kind = 'invoice'`, [
        invoice.number,
      ])
    ).rows;
    expect(row).toEqual({ template_version: doc.templateVersion, language: 'de', until: `${year + 8}-12-31` });
  });

  it('refuses UPDATE and DELETE of a stored document through raw SQL, also a delete before the retention date by the retention flag', async () => {
    const where = `where number = $1 and kind = 'invoice'`;
    await expect(pg.query(`update document.stored_document set sha256 = $2 ${where}`, [invoice.number, 'f'.repeat(64)])).rejects.toThrow(/immutable/);
    await expect(pg.query(`update document.stored_document set content = 'forged'::bytea ${where}`, [invoice.number])).rejects.toThrow(/immutable/);
    await expect(pg.query(`update document.stored_document set number = 'RE-0000-00000', revision = 2 ${where}`, [invoice.number])).rejects.toThrow(
      /immutable/,
    );
    await expect(pg.query(`update document.stored_document set retention_until = '2000-12-31' ${where}`, [invoice.number])).rejects.toThrow(/immutable/);
    await expect(pg.query(`delete from document.stored_document ${where}`, [invoice.number])).rejects.toThrow(/archived until .* cannot be deleted/);
    // Even the retention command's flag does not let a document go before its retention date.
    await pg.query('begin');
    try {
      await pg.query(`select set_config('kontor.retention_purge', 'on', true)`);
      await expect(pg.query(`delete from document.stored_document ${where}`, [invoice.number])).rejects.toThrow(/cannot be deleted/);
    } finally {
      await pg.query('rollback');
    }
    // Truncate is refused too (in a transaction that is rolled back whatever happens).
    await pg.query('begin');
    try {
      await expect(pg.query(`truncate document.stored_document`)).rejects.toThrow(/cannot be truncated/);
    } finally {
      await pg.query('rollback');
    }
  });

  it('refuses UPDATE and DELETE of a stored document through the ORM', async () => {
    const em = orm.em.fork();
    await expect(em.nativeUpdate(StoredDocumentEntity, { number: invoice.number, kind: 'invoice' }, { sha256: 'f'.repeat(64) })).rejects.toThrow(/immutable/);
    await expect(em.nativeDelete(StoredDocumentEntity, { number: invoice.number, kind: 'invoice' })).rejects.toThrow(/cannot be deleted/);

    const changed = orm.em.fork();
    const doc = await changed.findOneOrFail(StoredDocumentEntity, { number: invoice.number, kind: 'invoice' }, { populate: ['content'] });
    doc.content = Buffer.from('%PDF-1.7 forged');
    doc.sha256 = sha256(doc.content);
    await expect(changed.flush()).rejects.toThrow(/immutable/);

    const removed = orm.em.fork();
    removed.remove(await removed.findOneOrFail(StoredDocumentEntity, { number: invoice.number, kind: 'invoice' }));
    await expect(removed.flush()).rejects.toThrow(/cannot be deleted/);
  });

  it('has no API to change or delete a document, and still serves the identical bytes', async () => {
    for (const method of ['DELETE', 'PUT', 'PATCH']) {
      const res = await api('admin', method, `/api/v1/documents/${invoice.number}`, {});
      expect([404, 405]).toContain(res.status);
    }
    const again = await downloadPdf(invoice.number);
    expect(sha256(again)).toBe(sha256(invoicePdf));
    const [row] = (
      await pg.query(`select sha256, encode(sha256(content), 'hex') as actual from document.stored_document where number = $1 and kind = 'invoice'`, [
        invoice.number,
      ])
    ).rows;
    expect(row).toEqual({ sha256: sha256(again), actual: sha256(again) });
    expect((await api('accounting', 'GET', `/api/v1/invoices/${invoice.number}/pdf`)).headers.get('x-content-sha256')).toBe(row.sha256);
  });

  it('deletes only documents past their retention date, and only through the retention command', async () => {
    const number = `RE-1999-${randomInt(10_000_000, 99_999_999)}`;
    const bytes = Buffer.from(`%PDF-1.7 expired ${number}`);
    await pg.query(
      `insert into document.stored_document (id, kind, number, revision, sha256, size, content, created_at, template_version, language, retention_until)
        values ($1, 'invoice', $2, 1, $3, $4, $5, '1999-06-30T10:00:00Z', 'unknown', 'de', '2007-12-31')`,
      [`doc_expired_${number}`, number, sha256(bytes), bytes.length, bytes],
    );
    // Past its retention date, but a plain delete is still refused.
    await expect(pg.query(`delete from document.stored_document where number = $1`, [number])).rejects.toThrow(/cannot be deleted/);
    const purged = await purgeExpiredDocuments(orm.em.fork());
    expect(purged).toContain(number);
    expect(purged).not.toContain(invoice.number);
    expect((await pg.query(`select 1 from document.stored_document where number = $1`, [number])).rowCount).toBe(0);
    expect((await pg.query(`select 1 from document.stored_document where number = $1`, [invoice.number])).rowCount).toBe(1);
  });

  it('appends each stored version to an append-only hash chain that verifies, through the API and the script', async () => {
    const { rows } = await pg.query<AuditRow>(`select * from document.audit_log where number = $1 and kind = 'invoice'`, [invoice.number]);
    expect(rows).toHaveLength(1);
    const entry = rows[0]!;
    expect(entry.sha256).toBe(sha256(invoicePdf));
    const [prev] = (await pg.query<AuditRow>(`select hash from document.audit_log where seq = $1`, [Number(entry.seq) - 1])).rows;
    expect(entry.prev_hash).toBe(prev ? prev.hash : '0'.repeat(64));
    const recomputed = chainHash(entry.prev_hash, {
      seq: Number(entry.seq),
      number: entry.number,
      kind: 'invoice',
      revision: entry.revision,
      version: 1,
      sha256: entry.sha256,
      at: new Date(entry.at).toISOString(),
    });
    expect(entry.hash).toBe(recomputed);

    await expect(pg.query(`update document.audit_log set sha256 = $2 where seq = $1`, [entry.seq, 'f'.repeat(64)])).rejects.toThrow(/append-only/);
    await expect(pg.query(`delete from document.audit_log where seq = $1`, [entry.seq])).rejects.toThrow(/append-only/);

    // Documents issued at the same time still make one chain (appends are serialized): no seq twice, no gap.
    const customer = await newCustomer();
    const product = await newProduct('10.00');
    const quotes = await Promise.all(
      [1, 2, 3].map(() =>
        ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] }),
      ),
    );
    await Promise.all(quotes.map((q) => ok('sales', 'POST', `/api/v1/quotes/${q.number}/send`)));
    await Promise.all(quotes.map((q) => downloadPdf(q.number)));

    const verified = await ok('admin', 'GET', '/api/v1/archive/verify');
    const [{ count }] = (await pg.query(`select count(*)::int as count from document.audit_log`)).rows;
    expect(verified).toEqual({ ok: true, entries: expect.any(Number) });
    expect(verified.entries).toBeGreaterThanOrEqual(5);
    expect(verified.entries).toBeLessThanOrEqual(count);
    expect(await ok('accounting', 'GET', '/api/v1/archive/verify')).toMatchObject({ ok: true });
    expect((await api('sales', 'GET', '/api/v1/archive/verify')).status).toBe(403);

    const script = await run(process.execPath, ['scripts/verify-archive.ts'], { env: process.env });
    expect(JSON.parse(script.stdout)).toMatchObject({ ok: true });
  }, 120_000);

  it('names the first broken seq when an entry is tampered with (trigger disabled as superuser), and verifies again once restored', async () => {
    const [entry] = (await pg.query<AuditRow>(`select * from document.audit_log where number = $1 and kind = 'invoice'`, [invoice.number])).rows;
    const seq = Number(entry!.seq);
    const setSha = async (value: string) => {
      await pg.query('begin');
      try {
        await pg.query(`alter table document.audit_log disable trigger audit_log_append_only`);
        await pg.query(`update document.audit_log set sha256 = $2 where seq = $1`, [seq, value]);
        await pg.query(`alter table document.audit_log enable trigger audit_log_append_only`);
        await pg.query('commit');
      } catch (err) {
        await pg.query('rollback');
        throw err;
      }
    };
    await setSha('e'.repeat(64));
    try {
      const broken = await ok('admin', 'GET', '/api/v1/archive/verify');
      expect(broken).toMatchObject({ ok: false, firstBrokenSeq: seq, problem: expect.stringContaining(`seq ${seq}`) });
      const script = await run(process.execPath, ['scripts/verify-archive.ts'], { env: process.env }).then(
        () => ({ code: 0, stdout: '' }),
        (err: { code: number; stdout: string }) => err,
      );
      expect(script.code).toBe(1);
      expect(JSON.parse(script.stdout)).toMatchObject({ ok: false, firstBrokenSeq: seq });
    } finally {
      await setSha(entry!.sha256);
    }
    expect(await ok('admin', 'GET', '/api/v1/archive/verify')).toMatchObject({ ok: true });
  }, 120_000);
});

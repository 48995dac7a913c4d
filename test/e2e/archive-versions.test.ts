import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';

/*
 * Regenerating an issued document after a template change stores a new
 * version beside the first one; every version is served with its own exact
 * bytes. The template is changed as a firm would: a file in the overriding
 * template folder (KONTOR_TEMPLATE_DIR, set by deploy/test.sh for the test instance).
 */
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const TEMPLATE_DIR = process.env.KONTOR_TEMPLATE_DIR!;
const BUILT_IN_STYLES = new URL('../../templates/styles.css', import.meta.url);

async function pdfVersion(number: string, version?: number): Promise<{ status: number; body: Buffer; sha: string | null }> {
  const res = await api('accounting', 'GET', `/api/v1/documents/${number}/pdf${version ? `?version=${version}` : ''}`);
  return { status: res.status, body: res.body as Buffer, sha: res.headers.get('x-content-sha256') };
}

describe('archive: document versions', () => {
  it('stores a regenerated invoice as version 2 after a template change, and serves both versions byte for byte', async () => {
    expect(TEMPLATE_DIR).toBeTruthy();
    const customer = await newCustomer();
    const product = await newProduct('80.00');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    const first = await downloadPdf(invoice.number);
    const v1 = await ok('accounting', 'GET', `/api/v1/documents/${invoice.number}`);
    expect(v1).toMatchObject({ state: 'rendered', version: 1, sha256: sha256(first) });

    // The running service may still hold templates of an earlier run: the first regeneration brings it up to date.
    const base = (await ok('accounting', 'POST', `/api/v1/documents/${invoice.number}/regenerate`, {})).document;
    // Unchanged templates: nothing new is stored.
    const same = await ok('accounting', 'POST', `/api/v1/documents/${invoice.number}/regenerate`, {});
    expect(same).toMatchObject({ created: false, document: { version: base.version, sha256: base.sha256 } });

    const override = join(TEMPLATE_DIR, 'styles.css');
    let changed: { version: number; sha256: string; templateVersion: string };
    try {
      // The firm's own stylesheet: the built-in one with a different accent colour.
      writeFileSync(override, `${readFileSync(BUILT_IN_STYLES, 'utf8')}\nh1 { color: #8a1538; } /* changed ${Date.now()} */\n`);
      const regenerated = await ok('accounting', 'POST', `/api/v1/documents/${invoice.number}/regenerate`, {});
      expect(regenerated.created).toBe(true);
      changed = regenerated.document;
      expect(changed).toMatchObject({
        number: invoice.number,
        kind: 'invoice',
        version: base.version + 1,
        language: v1.language,
        retentionUntil: v1.retentionUntil,
      });
      expect(changed.templateVersion).not.toBe(base.templateVersion);
      expect(changed.sha256).not.toBe(base.sha256);

      // Asking again with the same templates stores nothing more.
      expect(await ok('accounting', 'POST', `/api/v1/documents/${invoice.number}/regenerate`, {})).toMatchObject({
        created: false,
        document: { version: changed.version },
      });
    } finally {
      rmSync(override, { force: true });
    }

    // Each version, retrieved twice, comes back with identical bytes.
    for (const [version, sha] of [
      [1, v1.sha256],
      [base.version, base.sha256],
      [changed.version, changed.sha256],
    ] as const) {
      const a = await pdfVersion(invoice.number, version);
      const b = await pdfVersion(invoice.number, version);
      expect({ version, status: a.status, sha: sha256(a.body), header: a.sha }).toEqual({ version, status: 200, sha, header: sha });
      expect(Buffer.compare(a.body, b.body)).toBe(0);
    }
    expect(Buffer.compare((await pdfVersion(invoice.number, 1)).body, first)).toBe(0);
    // Without a version: the latest.
    const latest = await pdfVersion(invoice.number);
    expect(latest.sha).toBe(changed.sha256);
    expect((await pdfVersion(invoice.number, changed.version + 1)).status).toBe(404);
    // Back to the built-in templates for the tests after this one (a new version of this invoice, which is fine).
    await ok('accounting', 'POST', `/api/v1/documents/${invoice.number}/regenerate`, {});
    // Both versions say the same: only the look changed.
    expect(pdfText(latest.body)).toBe(pdfText(first));

    // Both versions are in the audit chain, which still verifies end to end.
    const verified = await ok('admin', 'GET', '/api/v1/archive/verify');
    expect(verified.ok).toBe(true);
  });

  it('refuses to regenerate a document that has no stored PDF, and callers without the role', async () => {
    expect((await api('accounting', 'POST', '/api/v1/documents/RE-2099-99999/regenerate', {})).status).toBe(404);
    expect((await api('sales', 'POST', '/api/v1/documents/RE-2099-99999/regenerate', {})).status).toBe(403);
  });
});

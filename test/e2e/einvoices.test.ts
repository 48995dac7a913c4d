import { createHash } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { api, newCustomer, newProduct, ok, orderedSale } from '../helpers/sale.ts';
import { checkXml } from '../../services/document/src/einvoice/gate/index.ts';
import { checkHybridPdf } from '../../services/document/src/einvoice/gate/pdf.ts';

/**
 * E-invoices through the REST API on the real stack: the customer setting is
 * validated (422 naming the field); for a customer configured for each format
 * an invoice is issued, its e-invoice archived in that format (the render
 * loop, or the first request) and served as the identical bytes every time,
 * passing the project's gate again here; other formats are generated on
 * request; a cancellation's e-invoice refers to its invoice; archived rows
 * cannot be changed, even with raw SQL, and the archive verifies. An invoice
 * or cancellation whose e-invoice would fail the gate is not issued at all:
 * 422 naming the rule, no number taken, issued once the setting is fixed.
 */

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
/** GET an e-invoice, waiting while the invoice PDF it may embed is rendered (409 pdf_not_ready); any other answer is returned. */
async function fetchEInvoice(path: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await api('accounting', 'GET', path);
    if (res.status !== 409 || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 300));
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('e-invoices', () => {
  let pg: PgClient;
  let product: { id: string };

  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    product = await newProduct('119.99', 'standard', 'Bürostuhl');
  });
  afterAll(async () => {
    await pg.end();
  });

  async function invoiceFor(customerId: string) {
    const { order } = await orderedSale([{ productId: product.id, quantity: '3', discountPercent: '5' }], customerId);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    return ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
  }

  it.each([
    ['an unknown format', { format: 'edifact' }, 'einvoice.format'],
    [
      'a Leitweg-ID with wrong check digits',
      { format: 'xrechnung-ubl', electronicAddress: { scheme: '0204', value: '04011000-1234512345-07' } },
      'einvoice.electronicAddress.value',
    ],
    [
      'an address scheme that is no EAS code',
      { format: 'xrechnung-ubl', electronicAddress: { scheme: 'XX', value: 'a' } },
      'einvoice.electronicAddress.scheme',
    ],
    ['an XRechnung without any electronic address', { format: 'xrechnung-cii' }, 'einvoice.electronicAddress'],
  ])('refuses a customer with %s', async (_what, einvoice, field) => {
    const res = await api('sales', 'POST', '/api/v1/customers', {
      name: 'E-Rechnung Test',
      billingAddress: { name: 'E-Rechnung Test', street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      einvoice,
    });
    expect([res.status, fieldsOf(res.body)]).toEqual([422, [field]]);
  });

  it.each([
    [
      'xrechnung-ubl',
      'application/xml',
      { format: 'xrechnung-ubl', buyerReference: '04011000-1234512345-06', electronicAddress: { scheme: '0204', value: '04011000-1234512345-06' } },
    ],
    ['xrechnung-cii', 'application/xml', { format: 'xrechnung-cii', buyerReference: 'Bestellung 4711' }],
    ['zugferd', 'application/pdf', { format: 'zugferd' }],
  ] as const)('a customer configured for %s gets it archived; retrieval returns identical bytes that pass the gate', async (format, mimeType, einvoice) => {
    const customer = await newCustomer({ email: 'rechnung@kunde.example', vatId: null, einvoice });
    expect(customer.einvoice).toMatchObject(einvoice);
    const inv = await invoiceFor(customer.id);
    const first = await fetchEInvoice(`/api/v1/invoices/${inv.number}/einvoice`);
    expect([first.status, first.status === 200 ? '' : JSON.stringify(first.body)]).toEqual([200, '']);
    expect(first.headers.get('content-type')).toContain(mimeType);
    expect([first.headers.get('x-einvoice-format'), first.headers.get('x-einvoice-archived')]).toEqual([format, 'true']);
    const bytes = first.body as Buffer;
    expect(first.headers.get('x-content-sha256')).toBe(sha(bytes));
    // The archived record in the database is those bytes, and the render loop or the request archived it once.
    const rows = (await pg.query(`select sha256, size from document.einvoice where number = $1`, [inv.number])).rows;
    expect(rows).toEqual([{ sha256: sha(bytes), size: bytes.length }]);
    const again = await api('accounting', 'GET', `/api/v1/invoices/${inv.number}/einvoice?format=${format}`);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    // Checked again here: the XML (extracted from the PDF for ZUGFeRD) passes the gate.
    let xml = bytes.toString('utf8');
    if (format === 'zugferd') {
      const hybrid = await checkHybridPdf(bytes);
      expect(hybrid.violations).toEqual([]);
      xml = hybrid.xml!;
    }
    expect(checkXml(xml, format === 'zugferd' ? 'en16931' : 'xrechnung').violations).toEqual([]);
    expect(xml).toContain(inv.number);
    if (format === 'xrechnung-ubl') expect(xml).toContain('<cbc:BuyerReference>04011000-1234512345-06</cbc:BuyerReference>');
    if (format === 'xrechnung-cii') expect(xml).toContain('<ram:URIID schemeID="EM">rechnung@kunde.example</ram:URIID>');
    // Immutable at the database level.
    await expect(pg.query(`update document.einvoice set size = 0 where number = $1`, [inv.number])).rejects.toThrow(/immutable/);
    await expect(pg.query(`delete from document.einvoice where number = $1`, [inv.number])).rejects.toThrow(/archived until/);
  });

  it('serves every other format on request (generated and gated, not archived) and refuses without a setting or format', async () => {
    const customer = await newCustomer({ email: 'buchhaltung@kunde.example', einvoice: { format: 'none' } });
    const inv = await invoiceFor(customer.id);
    expect((await api('accounting', 'GET', `/api/v1/invoices/${inv.number}/einvoice`)).status).toBe(404);
    const ubl = await api('accounting', 'GET', `/api/v1/invoices/${inv.number}/einvoice?format=xrechnung-ubl`);
    expect([ubl.status, ubl.headers.get('x-einvoice-archived')]).toEqual([200, 'false']);
    expect(checkXml((ubl.body as Buffer).toString('utf8'), 'xrechnung').violations).toEqual([]);
    const fx = await fetchEInvoice(`/api/v1/invoices/${inv.number}/einvoice?format=zugferd`);
    expect(fx.status).toBe(200);
    expect((await checkHybridPdf(fx.body as Buffer)).violations).toEqual([]);
    expect((await pg.query(`select count(*)::int n from document.einvoice where number = $1`, [inv.number])).rows[0].n).toBe(0);
    expect((await api('accounting', 'GET', `/api/v1/invoices/${inv.number}/einvoice?format=edifact`)).status).toBe(400);
  });

  it('answers 422 naming BT-49 for an XRechnung of a customer with no electronic address, not a server error', async () => {
    const customer = await newCustomer({ einvoice: { format: 'none' } });
    const inv = await invoiceFor(customer.id);
    const res = await api('accounting', 'GET', `/api/v1/invoices/${inv.number}/einvoice?format=xrechnung-ubl`);
    expect([res.status, res.body.code]).toEqual([422, 'einvoice_invalid']);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['PEPPOL-EN16931-R010 (BT-49)']);
  });

  /** What a refused issue must leave as it was: invoices, billed notes, events, the number series. */
  const counts = async () =>
    (
      await pg.query(`select (select count(*)::int from invoicing.invoice) i, (select count(*)::int from invoicing.invoiced_delivery_note) d,
        (select count(*)::int from invoicing.outbox_event) e, (select coalesce(sum(last_value), 0)::int from invoicing.number_series) n`)
    ).rows[0];
  const lastNumber = async (prefix: string) =>
    (await pg.query(`select coalesce(max(last_value), 0)::int v from invoicing.number_series where prefix = $1`, [prefix])).rows[0].v as number;

  /**
   * A customer switched to XRechnung after the order was taken without an e-mail: the order's customer
   * snapshot (what the invoice states) has no address for BT-49, and the setting names none.
   */
  async function switchedToXRechnung(customer: { id: string }) {
    const now = await ok('sales', 'GET', `/api/v1/customers/${customer.id}`);
    return ok('sales', 'POST', `/api/v1/customers/${customer.id}`, {
      expectedVersion: now.version,
      email: 'einkauf@umgestellt.example',
      einvoice: { format: 'xrechnung-ubl' },
    });
  }
  async function giveElectronicAddress(customer: { id: string }) {
    const now = await ok('sales', 'GET', `/api/v1/customers/${customer.id}`);
    return ok('sales', 'POST', `/api/v1/customers/${customer.id}`, {
      expectedVersion: now.version,
      einvoice: { format: 'xrechnung-ubl', electronicAddress: { scheme: 'EM', value: 'xrechnung@umgestellt.example' } },
    });
  }

  it('refuses to issue an invoice whose XRechnung fails the gate (422 naming BT-49, no number taken) and issues it once the setting is fixed', async () => {
    const customer = await newCustomer({ einvoice: { format: 'none' } });
    const { order } = await orderedSale([{ productId: product.id, quantity: '2' }], customer.id);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    await switchedToXRechnung(customer);

    const before = await counts();
    const nextBefore = await lastNumber('RE');
    const refused = await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect([refused.status, refused.body.code, fieldsOf(refused.body)]).toEqual([422, 'einvoice_invalid', ['PEPPOL-EN16931-R010 (BT-49)']]);
    expect(refused.body.detail ?? refused.body.message).toMatch(/xrechnung-ubl/);
    // Nothing written: no invoice, no billed note, no event, the RE series where it was.
    expect(await counts()).toEqual(before);
    expect(await lastNumber('RE')).toBe(nextBefore);
    expect((await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${order.number}`)).items).toEqual([]);

    await giveElectronicAddress(customer);
    const inv = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect(inv.deliveryNoteNumbers).toEqual([note.number]);
    expect(Number(inv.number.split('-')[2])).toBeGreaterThan(nextBefore);
    const res = await fetchEInvoice(`/api/v1/invoices/${inv.number}/einvoice`);
    expect([res.status, res.headers.get('x-einvoice-format')]).toEqual([200, 'xrechnung-ubl']);
    const xml = (res.body as Buffer).toString('utf8');
    expect(xml).toContain('<cbc:EndpointID schemeID="EM">xrechnung@umgestellt.example</cbc:EndpointID>');
    expect(checkXml(xml, 'xrechnung').violations).toEqual([]);
  });

  it('refuses a cancellation invoice whose XRechnung fails the gate, without an ST number, and cancels once the setting is fixed', async () => {
    const customer = await newCustomer({ einvoice: { format: 'none' } });
    const inv = await invoiceFor(customer.id);
    await switchedToXRechnung(customer);
    const before = await counts();
    const refused = await api('accounting', 'POST', `/api/v1/invoices/${inv.number}/cancel`, { reason: 'Falsche Menge' });
    expect([refused.status, refused.body.code, fieldsOf(refused.body)]).toEqual([422, 'einvoice_invalid', ['PEPPOL-EN16931-R010 (BT-49)']]);
    expect(await counts()).toEqual(before);
    expect((await ok('accounting', 'GET', `/api/v1/invoices/${inv.number}`)).status).toBe('issued');

    await giveElectronicAddress(customer);
    const cancelled = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/cancel`, { reason: 'Falsche Menge' });
    expect(cancelled.status).toBe('cancelled');
    const st = cancelled.corrections[0] as string;
    const res = await fetchEInvoice(`/api/v1/cancellation-invoices/${st}/einvoice`);
    expect(res.status).toBe(200);
    expect(checkXml((res.body as Buffer).toString('utf8'), 'xrechnung').violations).toEqual([]);
  });

  it("a cancellation invoice's e-invoice is a 381 referring to the invoice, archived in the customer's format; the archive verifies", async () => {
    const customer = await newCustomer({ email: 'rechnung@storno.example', einvoice: { format: 'xrechnung-cii' } });
    const inv = await invoiceFor(customer.id);
    const cancelled = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/cancel`, { reason: 'Falsche Anschrift' });
    const st = cancelled.corrections[0] as string;
    const res = await fetchEInvoice(`/api/v1/cancellation-invoices/${st}/einvoice`);
    expect(res.status).toBe(200);
    const xml = (res.body as Buffer).toString('utf8');
    expect(res.headers.get('x-einvoice-archived')).toBe('true');
    expect(xml).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect(xml).toMatch(new RegExp(`<ram:InvoiceReferencedDocument>\\s*<ram:IssuerAssignedID>${inv.number}</ram:IssuerAssignedID>`));
    expect(checkXml(xml, 'xrechnung').violations).toEqual([]);
    expect(await ok('admin', 'GET', '/api/v1/archive/verify')).toMatchObject({ ok: true });
  });
});

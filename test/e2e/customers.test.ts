import { Client as PgClient } from 'pg';
import { api, downloadPdf, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { isValidVatId } from '../../shared/vat-id.ts';
import { sellerFromEnv } from '../../shared/seller.ts';

/**
 * Billing data on quotes and direct orders never rewrites a known customer,
 * and countries and VAT IDs are checked, through the REST API.
 */
const stamp = Date.now().toString(36);
const audit = async (id: string) => (await api('admin', 'GET', `/api/v1/audit/${id}`)).body as { action: string; details: any }[];
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
const address = (name: string, street: string, city = 'Stadt', country = 'DE') => ({ name, street, postalCode: '12345', city, country });

/** A DE VAT ID no earlier run used, with its check digit, so matching by VAT ID finds only this run's customer. */
let serial = 0;
function freshVatId(): string {
  const body = `9${String(Date.now() % 1e6).padStart(6, '0')}${++serial % 10}`;
  for (let d = 0; d < 10; d++) if (isValidVatId(`DE${body}${d}`)) return `DE${body}${d}`;
  throw new Error(`no check digit for ${body}`);
}

async function firmA() {
  const name = `Alpha Stahlbau GmbH ${stamp}-${++serial}`;
  const vatId = freshVatId();
  const customer = await ok('sales', 'POST', '/api/v1/customers', {
    name,
    vatId,
    billingAddress: address(name, 'Hüttenweg 1', 'Duisburg'),
    shippingAddress: address(`${name} Lager`, 'Werkstor 7', 'Duisburg'),
  });
  return { customer, name, vatId };
}

describe('billing data matching a known customer', () => {
  let productId: string;
  beforeAll(async () => {
    productId = (await newProduct('50.00')).id;
  });
  const lines = () => [{ productId, quantity: '1' }];

  it.each([
    ['a direct order', '/api/v1/orders'],
    ['a quote', '/api/v1/quotes'],
  ])('refuses %s with billing data of another firm carrying its VAT ID, and leaves the customer as it was', async (_kind, path) => {
    const { customer: a, vatId } = await firmA();
    const res = await api('sales', 'POST', path, {
      customer: { name: 'Beta Logistik AG', billingAddress: address('Beta Logistik AG', 'Hafenstraße 99', 'Bremen'), vatId },
      currency: 'EUR',
      lines: lines(),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('customer_mismatch');
    expect(fieldsOf(res.body)).toEqual(['customer.name']);
    expect(res.body.detail).toContain(a.number);
    expect(res.body.detail).toContain(a.id);

    const after = await ok('admin', 'GET', `/api/v1/customers/${a.id}`);
    expect(after).toEqual(a);
    expect((await audit(a.number)).map((e) => e.action)).toEqual(['created']);

    // The next quote for A prints A's own addresses.
    const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: a.id, currency: 'EUR', lines: lines() });
    expect(quote.customer).toMatchObject({ name: a.name, billingAddress: a.billingAddress, shippingAddress: a.shippingAddress });
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    const text = pdfText(await downloadPdf(quote.number));
    expect(text).toContain('Werkstor 7');
    expect(text).not.toContain('Beta Logistik');
    expect(text).not.toContain('Hafenstraße 99');
  });

  it('uses the customer of the same name (case, spaces, legal-form dots aside) without changing it; the document keeps the given addresses', async () => {
    const { customer: a, name, vatId } = await firmA();
    const billing = address(name.toUpperCase().replace('GmbH', 'G.m.b.H.'), 'Neue Allee 3', 'Essen');
    const shipping = address(`${name} Baustelle`, 'Baustraße 12', 'Bochum');
    const given = { name: name.toUpperCase().replace('GmbH', 'G.m.b.H.'), billingAddress: billing, shippingAddress: shipping, vatId };

    const quote = await ok('sales', 'POST', '/api/v1/quotes', { customer: given, currency: 'EUR', lines: lines() });
    expect(quote.customer).toMatchObject({ id: a.id, number: a.number, name: given.name, billingAddress: billing, shippingAddress: shipping, vatId });
    const order = await ok('sales', 'POST', '/api/v1/orders', { customer: { ...given, shippingAddress: undefined }, currency: 'EUR', lines: lines() });
    // Without a separate shipping address the document ships to its billing address, never to the master's.
    expect(order.customer).toMatchObject({ id: a.id, billingAddress: billing, shippingAddress: billing });

    expect(await ok('admin', 'GET', `/api/v1/customers/${a.id}`)).toEqual(a);
    expect((await audit(a.number)).map((e) => e.action)).toEqual(['created']);
    expect((await audit(quote.number))[0]!.details).toMatchObject({ customer: a.number, customerMatchedBy: 'vatId' });

    // An edit (and so any revision) keeps the document's own addresses.
    const edited = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/edit`, {
      currency: 'EUR',
      lines: [{ productId, quantity: '2' }],
      expectedVersion: quote.version,
    });
    expect(edited.customer).toMatchObject({ billingAddress: billing, shippingAddress: shipping });
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    const text = pdfText(await downloadPdf(quote.number));
    expect(text).toContain('Baustraße 12');
    expect(text).not.toContain('Werkstor 7');
  });

  it('refuses a customer number or e-mail that belongs to a customer of another name', async () => {
    const { customer: a } = await firmA();
    const email = `einkauf-${stamp}-${++serial}@alpha.example`;
    await ok('sales', 'POST', `/api/v1/customers/${a.id}`, { email, expectedVersion: a.version });
    for (const key of [{ number: a.number }, { email }]) {
      const res = await api('sales', 'POST', '/api/v1/quotes', {
        customer: { name: 'Gamma KG', billingAddress: address('Gamma KG', 'Weg 1'), ...key },
        currency: 'EUR',
        lines: lines(),
      });
      expect(res.status).toBe(409);
      expect(fieldsOf(res.body)).toEqual(['customer.name']);
      expect(res.body.detail).toContain(a.number);
    }
    expect((await ok('admin', 'GET', `/api/v1/customers/${a.id}`)).name).toBe(a.name);
  });

  it('changes master data only through the customer update, with the version checked and the change audited', async () => {
    const { customer: a } = await firmA();
    const moved = address(a.name, 'Neuer Hof 5', 'Dortmund');
    expect((await api('sales', 'POST', `/api/v1/customers/${a.id}`, { billingAddress: moved, expectedVersion: a.version + 1 })).status).toBe(409);
    const changed = await ok('sales', 'POST', `/api/v1/customers/${a.id}`, { billingAddress: moved, expectedVersion: a.version });
    expect(changed).toMatchObject({ billingAddress: moved, shippingAddress: a.shippingAddress, version: a.version + 1 });
    const trail = await audit(a.number);
    expect(trail.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(Object.keys(trail[1]!.details.changes)).toEqual(['billingAddress']);
  });
});

describe('countries and VAT IDs', () => {
  let productId: string;
  let pg: PgClient;
  beforeAll(async () => {
    productId = (await newProduct('10.00')).id;
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
  });
  const customerCount = async () => Number((await pg.query('select count(*) as n from quote.customer')).rows[0].n);
  const customerBody = (over: Record<string, unknown>) => ({ name: `Prüfkunde ${stamp}`, billingAddress: address('Prüfkunde', 'Weg 1'), ...over });
  const sellerVatId = sellerFromEnv().vatId;

  it.each([
    ['unknown country XX', 'billingAddress.country', { billingAddress: address('Prüfkunde', 'Weg 1', 'Stadt', 'XX') }],
    ['UK instead of GB', 'shippingAddress.country', { shippingAddress: address('Prüfkunde', 'Weg 1', 'London', 'UK') }],
    ['lower-case country de', 'billingAddress.country', { billingAddress: address('Prüfkunde', 'Weg 1', 'Stadt', 'de') }],
    ['VAT ID DE12', 'vatId', { vatId: 'DE12' }],
    ['VAT ID with spaces', 'vatId', { vatId: 'DE 136 695 976' }],
    ['VAT ID with a wrong check digit', 'vatId', { vatId: 'DE136695977' }],
    ['Greek VAT ID with GR', 'vatId', { vatId: 'GR094259216' }],
    ["the seller's own VAT ID", 'vatId', { vatId: sellerVatId }],
  ])('refuses a customer with %s (422 naming %s), creating nothing', async (_name, field, over) => {
    const before = await customerCount();
    const res = await api('sales', 'POST', '/api/v1/customers', customerBody(over));
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual([field]);
    expect(await customerCount()).toBe(before);
  });

  it("names the seller's configuration when the seller's own (valid) VAT ID is given, on create, update, quote and order", async () => {
    expect(isValidVatId(sellerVatId)).toBe(true);
    const created = await api('sales', 'POST', '/api/v1/customers', customerBody({ vatId: sellerVatId }));
    expect(created.body.errors[0].detail).toMatch(/own VAT ID/);
    const c = await ok('sales', 'POST', '/api/v1/customers', customerBody({}));
    const updated = await api('sales', 'POST', `/api/v1/customers/${c.id}`, { vatId: sellerVatId, expectedVersion: c.version });
    expect([updated.status, fieldsOf(updated.body)]).toEqual([422, ['vatId']]);
    for (const path of ['/api/v1/quotes', '/api/v1/orders']) {
      const res = await api('sales', 'POST', path, {
        customer: customerBody({ name: `Eigen ${stamp}`, vatId: sellerVatId }),
        currency: 'EUR',
        lines: [{ productId, quantity: '1' }],
      });
      expect([res.status, fieldsOf(res.body)]).toEqual([422, ['customer.vatId']]);
    }
  });

  it.each([
    ['/api/v1/quotes', 'customer.billingAddress.country', { billingAddress: address('X', 'Weg 1', 'Stadt', 'XX') }],
    ['/api/v1/orders', 'customer.shippingAddress.country', { shippingAddress: address('X', 'Weg 1', 'Stadt', 'XX') }],
    ['/api/v1/orders', 'customer.vatId', { vatId: 'DE12' }],
    ['/api/v1/quotes', 'customer.vatId', { vatId: 'ATU13585626' }],
  ])('checks billing data on %s the same way (422 naming %s)', async (path, field, over) => {
    const res = await api('sales', 'POST', path, {
      customer: customerBody({ name: `Neu ${stamp}`, ...over }),
      currency: 'EUR',
      lines: [{ productId, quantity: '1' }],
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual([field]);
  });

  it('accepts valid foreign VAT IDs and countries', async () => {
    const c = await ok(
      'sales',
      'POST',
      '/api/v1/customers',
      customerBody({ name: `Grèce ${stamp}`, billingAddress: address('Grèce', 'Odos 1', 'Athen', 'GR'), vatId: 'EL094259216' }),
    );
    expect(c).toMatchObject({ country: 'GR', vatId: 'EL094259216' });
  });
});

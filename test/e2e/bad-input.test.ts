import { Client as PgClient } from 'pg';
import { api, newCustomer, newProduct, ok, orderedSale } from '../helpers/sale.ts';

/** Bad input answers 4xx naming the field, and nothing is written. */
describe('bad input and broken rules', () => {
  let pg: PgClient;
  let customerId: string;
  let productId: string;
  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    customerId = (await newCustomer()).id;
    productId = (await newProduct('10.00')).id;
  });
  afterAll(async () => {
    await pg.end();
  });

  const counts = async () => {
    const r = await pg.query(`select (select count(*) from quote.quote) q, (select count(*) from quote.customer) c, (select count(*) from quote.outbox_event) e,
      (select count(*) from sales_order.sales_order) o, (select count(*) from fulfillment.delivery_note) d, (select count(*) from invoicing.invoice) i, (select count(*) from invoicing.payment) p`);
    return r.rows[0];
  };
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  // Tables are built before beforeAll runs: 'P' and 'X' stand for the product and customer made there.
  const line = (over: Record<string, unknown> = {}) => ({ productId: 'P', quantity: '1', ...over });

  it.each([
    ['malformed JSON', '{"customerId": ', 400, '(body)'],
    ['missing customer', { currency: 'EUR', lines: [line()] }, 422, 'customerId'],
    ['unknown customer', { customerId: 'cus_nope', currency: 'EUR', lines: [line()] }, 422, 'customerId'],
    ['negative quantity', { customerId: 'X', currency: 'EUR', lines: [line({ quantity: '-2' })] }, 422, 'lines[0].quantity'],
    ['non-numeric quantity', { customerId: 'X', currency: 'EUR', lines: [line({ quantity: 'zwei' })] }, 422, 'lines[0].quantity'],
    ['quantity as a JSON number', { customerId: 'X', currency: 'EUR', lines: [line({ quantity: 2 })] }, 422, 'lines[0].quantity'],
    ['unknown currency', { customerId: 'X', currency: 'EUX', lines: [line()] }, 422, 'currency'],
    ['discount over 100 %', { customerId: 'X', currency: 'EUR', lines: [line({ discountPercent: '120' })] }, 422, 'lines[0].discountPercent'],
    ['negative discount', { customerId: 'X', currency: 'EUR', lines: [line({ discountPercent: '-5' })] }, 422, 'lines[0].discountPercent'],
    ['negative document discount', { customerId: 'X', currency: 'EUR', documentDiscountPercent: '-1', lines: [line()] }, 422, 'documentDiscountPercent'],
    ['discount as a percent sign', { customerId: 'X', currency: 'EUR', lines: [line({ discountPercent: '10%' })] }, 422, 'lines[0].discountPercent'],
    ['unknown product', { customerId: 'X', currency: 'EUR', lines: [line({ productId: 'prd_nope' })] }, 422, 'lines[0].productId'],
  ])('%s → %s naming %s, nothing written', async (_name, body, status, field) => {
    const resolved =
      typeof body === 'string'
        ? body
        : JSON.parse(JSON.stringify(body).replaceAll('"X"', JSON.stringify(customerId)).replaceAll('"P"', JSON.stringify(productId)));
    const before = await counts();
    const res = await api('sales', 'POST', '/api/v1/quotes', resolved);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(fieldsOf(res.body)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses a missing key (401) and a wrong role (403) without writing', async () => {
    const before = await counts();
    const body = { customerId, currency: 'EUR', lines: [{ productId, quantity: '1' }] };
    expect((await api(null, 'POST', '/api/v1/quotes', body)).status).toBe(401);
    const res = await api('warehouse', 'POST', '/api/v1/quotes', body);
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('warehouse');
    expect((await api('sales', 'POST', '/api/v1/products', { sku: 'X', name: 'x', prices: { EUR: '1' } })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('refuses to convert a quote that was not accepted (409)', async () => {
    const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId, currency: 'EUR', lines: [{ productId, quantity: '1' }] });
    const before = await counts();
    const res = await api('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/stage 'quote_draft'/);
    expect(await counts()).toEqual(before);
  });

  it('refuses to ship more than ordered (409) and to invoice what was not shipped (409)', async () => {
    const { order } = await orderedSale([{ productId, quantity: '5' }], customerId);
    let before = await counts();
    const tooMuch = await api('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '5.5' }] });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('exceeds_ordered');
    expect(await counts()).toEqual(before);

    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '3' }] });
    before = await counts();
    const unshipped = await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect(unshipped.status).toBe(409);
    expect(unshipped.body.code).toBe('not_shipped');
    const rest = await api('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '2.01' }] });
    expect(rest.status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('refuses to pay a cancelled invoice (409)', async () => {
    const { order } = await orderedSale([{ productId, quantity: '1' }], customerId);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'GLS' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    const cancelled = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/cancel`, { reason: 'falsche Anschrift' });
    expect(cancelled.status).toBe('cancelled');
    const before = await counts();
    const res = await api('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '11.90' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("'cancelled'");
    expect(await counts()).toEqual(before);
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const res = await api(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const quotePost = res.body.paths['/api/v1/quotes'].post;
    expect(quotePost.requestBody.content['application/json'].schema.properties.currency).toBeDefined();
    expect((await api(null, 'GET', '/api/v1/docs')).status).toBe(200);
  });
});

import { Client as PgClient } from 'pg';
import { api, newCustomer, newProduct } from '../helpers/sale.ts';

/**
 * Input that is well-formed JSON but cannot be stored (NUL, lone surrogates, control characters,
 * numbers beyond the columns) answers 4xx naming the field, never a 500 with PostgreSQL's text,
 * and writes nothing.
 */
describe('hostile input at the edge', () => {
  let pg: PgClient;
  let customer: { id: string; version: number };
  let productId: string;
  const stamp = Date.now().toString(36);
  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    customer = await newCustomer();
    productId = (await newProduct('10.00')).id;
  });
  afterAll(async () => {
    await pg.end();
  });

  const counts = async () => {
    const r = await pg.query(`select (select count(*) from quote.quote) q, (select count(*) from quote.customer) c, (select count(*) from quote.product) pr,
      (select count(*) from quote.coupon) cp, (select count(*) from quote.outbox_event) e, (select max(version) from quote.customer) cv,
      (select count(*) from sales_order.sales_order) o, (select count(*) from invoicing.invoice) i, (select count(*) from invoicing.payment) p`);
    return r.rows[0];
  };
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  const NUL = '\u0000';
  const LONE = '\ud800';
  const address = (over: Record<string, unknown> = {}) => ({
    name: 'Krause GmbH',
    street: 'Hauptstraße 1',
    postalCode: '50667',
    city: 'Köln',
    country: 'DE',
    ...over,
  });
  const line = (over: Record<string, unknown> = {}) => ({ productId: 'P', quantity: '1', ...over });
  const quote = (over: Record<string, unknown> = {}, lineOver: Record<string, unknown> = {}) => ({
    customerId: 'X',
    currency: 'EUR',
    lines: [line(lineOver)],
    ...over,
  });
  const longFraction = `1.${'3'.repeat(20_000)}`;

  it.each<[string, string, string, unknown, string]>([
    ['customer name with NUL', 'POST', '/api/v1/customers', { name: `Krause${NUL}`, billingAddress: address() }, 'name'],
    ['customer name with a lone surrogate', 'POST', '/api/v1/customers', { name: `Krause ${LONE}`, billingAddress: address() }, 'name'],
    ['street with NUL', 'POST', '/api/v1/customers', { name: 'Krause', billingAddress: address({ street: `Haupt${NUL}straße 1` }) }, 'billingAddress.street'],
    ['city with a line break', 'POST', '/api/v1/customers', { name: 'Krause', billingAddress: address({ city: 'Köln\nDeutz' }) }, 'billingAddress.city'],
    ['tag with a bell character', 'POST', '/api/v1/customers', { name: 'Krause', billingAddress: address(), tags: ['a\u0007'] }, 'tags[0]'],
    ['credit limit with tenths of a cent', 'POST', '/api/v1/customers', { name: 'Krause', billingAddress: address(), creditLimit: '1000.001' }, 'creditLimit'],
    ['credit limit of 400 nines', 'POST', '/api/v1/customers', { name: 'Krause', billingAddress: address(), creditLimit: '9'.repeat(400) }, 'creditLimit'],
    ['customer change with NUL', 'POST', '/api/v1/customers/X', { name: `Neu${NUL}`, expectedVersion: 1 }, 'name'],
    ['product name with NUL', 'POST', '/api/v1/products', { sku: `H-${stamp}-1`, name: `Zahnrad${NUL}`, prices: { EUR: '1' } }, 'name'],
    ['SKU with a lone surrogate', 'POST', '/api/v1/products', { sku: `H-${stamp}-${LONE}`, name: 'Zahnrad', prices: { EUR: '1' } }, 'sku'],
    ['product price of 400 nines', 'POST', '/api/v1/products', { sku: `H-${stamp}-2`, name: 'Zahnrad', prices: { EUR: '9'.repeat(400) } }, 'prices.EUR'],
    ['product price with 7 decimals', 'POST', '/api/v1/products', { sku: `H-${stamp}-3`, name: 'Zahnrad', prices: { EUR: '0.0000001' } }, 'prices.EUR'],
    ['amount coupon with tenths of a cent', 'POST', '/api/v1/coupons', { code: `C-${stamp}`, type: 'amount', value: '5.001', currency: 'EUR' }, 'value'],
    ['percent coupon value that is no number', 'POST', '/api/v1/coupons', { code: `C-${stamp}-2`, type: 'percent', value: 'abc' }, 'value'],
    ['shipping charge that is no number', 'POST', '/api/v1/quotes', quote({ shippingCharge: 'abc' }), 'shippingCharge'],
    ['coupon code with NUL', 'POST', '/api/v1/coupons', { code: `C${NUL}`, type: 'percent', value: '5' }, 'code'],
    ['line description with NUL', 'POST', '/api/v1/quotes', quote({}, { description: `Zahnrad${NUL}` }), 'lines[0].description'],
    ['line description with a lone surrogate', 'POST', '/api/v1/quotes', quote({}, { description: `Zahnrad ${LONE}` }), 'lines[0].description'],
    ['quantity of 40 digits', 'POST', '/api/v1/quotes', quote({}, { quantity: '1'.repeat(40) }), 'lines[0].quantity'],
    ['quantity with 7 decimals', 'POST', '/api/v1/quotes', quote({}, { quantity: '0.0000001' }), 'lines[0].quantity'],
    ['quantity with a 20,000-digit fraction', 'POST', '/api/v1/quotes', quote({}, { quantity: longFraction }), 'lines[0].quantity'],
    ['unit price of 400 nines', 'POST', '/api/v1/quotes', quote({}, { unitPrice: '9'.repeat(400) }), 'lines[0].unitPrice'],
    [
      'quantity × unit price beyond any document total',
      'POST',
      '/api/v1/quotes',
      quote({}, { quantity: '99999999999999', unitPrice: '99999999999999' }),
      'lines[0]',
    ],
    ['discount with 20,000 decimals', 'POST', '/api/v1/quotes', quote({}, { discountPercent: longFraction }), 'lines[0].discountPercent'],
    ['shipping charge with tenths of a cent', 'POST', '/api/v1/quotes', quote({ shippingCharge: '4.995' }), 'shippingCharge'],
    [
      'manual rate reason with NUL',
      'POST',
      '/api/v1/quotes',
      quote({ currency: 'USD', exchangeRate: { rate: '1.1', reason: `Bank${NUL}kurs` } }, { unitPrice: '10' }),
      'exchangeRate.reason',
    ],
    [
      'billing data with NUL in the name',
      'POST',
      '/api/v1/quotes',
      { customer: { name: `Neu${NUL}`, billingAddress: address() }, currency: 'EUR', lines: [line()] },
      'customer.name',
    ],
    ['direct order: description with NUL', 'POST', '/api/v1/orders', quote({}, { description: `a${NUL}` }), 'lines[0].description'],
    ['direct order: quantity of 40 digits', 'POST', '/api/v1/orders', quote({}, { quantity: '1'.repeat(40) }), 'lines[0].quantity'],
    ['direct order: supplier name with NUL', 'POST', '/api/v1/orders', quote({ orderType: 'drop_ship', supplier: { name: `Lief${NUL}` } }), 'supplier.name'],
    ['customer id with NUL in the path', 'GET', `/api/v1/customers/${encodeURIComponent(`cus${NUL}`)}`, undefined, 'id'],
    ['quote status filter with NUL', 'GET', `/api/v1/quotes?status=${encodeURIComponent(`draft${NUL}`)}`, undefined, 'query.status'],
  ])('%s → 4xx naming the field, no database text, nothing written', async (_name, method, path, body, field) => {
    const resolve = (s: string) => s.replaceAll('"X"', JSON.stringify(customer.id)).replaceAll('"P"', JSON.stringify(productId));
    const resolvedPath = path.replace('/customers/X', `/customers/${customer.id}`);
    const before = await counts();
    const res = await api('admin', method, resolvedPath, body === undefined ? undefined : resolve(JSON.stringify(body)));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(fieldsOf(res.body)).toContain(field);
    expect(JSON.stringify(res.body)).not.toMatch(/numeric field overflow|invalid byte sequence|unsupported Unicode|0x00|precision 18/);
    expect(await counts()).toEqual(before);
  });
});

import { Client as PgClient } from 'pg';
import { BASE_URL } from '../../scripts/api-client.ts';
import { api, newCustomer, newProduct, ok, orderedSale } from '../helpers/sale.ts';
import type { Role } from '../../scripts/api-client.ts';

/**
 * Idempotency-Key on every POST: a repeat with the same key and body has one
 * effect and gets the same response; another body is refused; keys of other
 * callers and other routes are independent.
 */
describe('Idempotency-Key', () => {
  let seq = 0;
  const newKey = () => `test-${Date.now().toString(36)}-${++seq}`;
  const keyed = (role: Role, path: string, key: string, body?: unknown) => api(role, 'POST', path, body, { 'Idempotency-Key': key });
  /** Sends the same request twice with one key; both must answer alike, the second one replayed. */
  const twice = async (role: Role, path: string, body?: unknown, expected = [200, 201]) => {
    const key = newKey();
    const first = await keyed(role, path, key, body);
    const second = await keyed(role, path, key, body);
    expect(expected).toContain(first.status);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    return first.body;
  };

  let customerId: string;
  let productId: string;
  beforeAll(async () => {
    customerId = (await newCustomer()).id;
    productId = (await newProduct('10.00')).id;
  });

  /** An order shipped and invoiced (19 % VAT: 2 × 10.00 → 23.80 gross). */
  const invoiced = async () => {
    const { order } = await orderedSale([{ productId, quantity: '2' }], customerId);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    return { order, note, invoice };
  };
  const paymentsOf = async (invoiceNumber: string) => (await ok('admin', 'GET', `/api/v1/invoices/${invoiceNumber}`)).payments as { amount: string }[];

  it('quote, send, accept, convert, delivery note, ship, invoice and payment: a repeat has one effect and the same response', async () => {
    const quote = await twice('sales', '/api/v1/quotes', { customerId, currency: 'EUR', lines: [{ productId, quantity: '2' }] });
    expect((await ok('admin', 'GET', `/api/v1/quotes?customer=${customerId}&number=${quote.number}`)).items).toHaveLength(1);
    await twice('sales', `/api/v1/quotes/${quote.number}/send`);
    await twice('sales', `/api/v1/quotes/${quote.number}/accept`);
    const order = await twice('sales', `/api/v1/quotes/${quote.number}/convert`, {});

    const note = await twice('warehouse', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity: '1' }] });
    expect(await ok('admin', 'GET', `/api/v1/orders/${order.number}/delivery-notes`)).toHaveLength(1);
    const shipped = await twice('warehouse', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    expect(shipped.status).toBe('shipped');

    const invoice = await twice('accounting', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect((await ok('admin', 'GET', `/api/v1/invoices?orderNumber=${order.number}`)).items).toHaveLength(1);
    const paid = await twice('accounting', `/api/v1/invoices/${invoice.number}/payments`, { amount: '5.00', reference: 'Teilzahlung' });
    expect(paid.paidAmount).toBe('5.00');
    expect(await paymentsOf(invoice.number)).toHaveLength(1);
  });

  it('customer, product and direct order: a repeat creates nothing new', async () => {
    const customer = await twice('sales', '/api/v1/customers', {
      name: `Idempotenz ${newKey()}`,
      billingAddress: { name: 'I', street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    });
    const product = await twice('sales_manager', '/api/v1/products', { sku: `IDEM-${newKey()}`, name: 'Artikel', prices: { EUR: '1.00' } });
    const order = await twice('sales', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    expect((await ok('admin', 'GET', `/api/v1/orders?customer=${customer.number}`)).items.map((o: any) => o.number)).toEqual([order.number]);
  });

  it('order, quote and invoice cancellations: a repeat answers the same', async () => {
    const { order } = await orderedSale([{ productId, quantity: '1' }], customerId);
    expect((await twice('sales', `/api/v1/orders/${order.number}/cancel`, { reason: 'Kunde storniert' })).status).toBe('cancelled');
    const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId, currency: 'EUR', lines: [{ productId, quantity: '1' }] });
    expect((await twice('sales', `/api/v1/quotes/${quote.number}/cancel`, { reason: 'doppelt' })).status).toBe('cancelled');
    const { invoice } = await invoiced();
    expect((await twice('accounting', `/api/v1/invoices/${invoice.number}/cancel`, { reason: 'falsche Anschrift' })).status).toBe('cancelled');
    // A refusal (4xx) is kept as well: paying the cancelled invoice answers 409 twice, the second time replayed.
    const refusal = await twice('accounting', `/api/v1/invoices/${invoice.number}/payments`, { amount: '1.00' }, [409]);
    expect(refusal.code).toBeDefined();
  });

  it('20 concurrent identical payments with one key record exactly one payment', async () => {
    const { invoice } = await invoiced();
    const key = newKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => keyed('accounting', `/api/v1/invoices/${invoice.number}/payments`, key, { amount: '23.80' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    const payments = await paymentsOf(invoice.number);
    expect(payments).toHaveLength(1);
    expect((await ok('admin', 'GET', `/api/v1/invoices/${invoice.number}`)).status).toBe('paid');
  });

  it('a retry after the gateway lost its record (crash before storing) still has one effect: the key reaches Temporal and the services', async () => {
    const pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    try {
      const { invoice } = await invoiced();
      const forget = (key: string) => pg.query('delete from gateway.idempotent_request where key = $1', [key]);
      const payKey = newKey();
      const paid = await keyed('accounting', `/api/v1/invoices/${invoice.number}/payments`, payKey, { amount: '5.00' });
      await forget(payKey);
      const retried = await keyed('accounting', `/api/v1/invoices/${invoice.number}/payments`, payKey, { amount: '5.00' });
      expect(retried.status).toBe(201);
      expect(retried.body.payments).toEqual(paid.body.payments);
      expect(await paymentsOf(invoice.number)).toHaveLength(1);

      const { order: open } = await orderedSale([{ productId, quantity: '2' }], customerId);
      const noteKey = newKey();
      const note = await keyed('warehouse', `/api/v1/orders/${open.number}/delivery-notes`, noteKey, { lines: [{ orderPosition: 1, quantity: '1' }] });
      await forget(noteKey);
      const noteAgain = await keyed('warehouse', `/api/v1/orders/${open.number}/delivery-notes`, noteKey, { lines: [{ orderPosition: 1, quantity: '1' }] });
      expect(note.status).toBe(201);
      expect(noteAgain.body.number).toBe(note.body.number);
      expect(await ok('admin', 'GET', `/api/v1/orders/${open.number}/delivery-notes`)).toHaveLength(1);

      const customerKey = newKey();
      const body = { name: `Absturz ${customerKey}`, billingAddress: { name: 'A', street: 'Weg 3', postalCode: '10115', city: 'Berlin', country: 'DE' } };
      const customer = await keyed('sales', '/api/v1/customers', customerKey, body);
      await forget(customerKey);
      expect((await keyed('sales', '/api/v1/customers', customerKey, body)).body.id).toBe(customer.body.id);
    } finally {
      await pg.end();
    }
  });

  it('the same key with another body answers 422 naming the header, and nothing is recorded', async () => {
    const { invoice } = await invoiced();
    const key = newKey();
    expect((await keyed('accounting', `/api/v1/invoices/${invoice.number}/payments`, key, { amount: '3.00' })).status).toBe(201);
    const other = await keyed('accounting', `/api/v1/invoices/${invoice.number}/payments`, key, { amount: '4.00' });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.errors.map((e: { field: string }) => e.field)).toContain('Idempotency-Key');
    expect((await paymentsOf(invoice.number)).map((p) => p.amount)).toEqual(['3.00']);
    // Key order and whitespace do not make another body.
    const reordered = await api('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, '{ "reference": "R1", "amount": "1.00" }', {
      'Idempotency-Key': `${key}-b`,
    });
    const again = await api('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, '{"amount":"1.00","reference":"R1"}', {
      'Idempotency-Key': `${key}-b`,
    });
    expect(reordered.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await paymentsOf(invoice.number)).toHaveLength(2);
  });

  it('keys are independent per caller and per route', async () => {
    const { invoice } = await invoiced();
    const { invoice: other } = await invoiced();
    const key = newKey();
    // Another caller (a second accounting user) with the same key pays again.
    const admin = await api('admin', 'POST', '/api/v1/api-keys', { name: `buchhaltung-${newKey()}`, role: 'accounting' });
    const res = await fetch(`${BASE_URL}/api/v1/invoices/${invoice.number}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.body.key}`, 'content-type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ amount: '2.00' }),
    });
    expect(res.status).toBe(201);
    expect((await keyed('accounting', `/api/v1/invoices/${invoice.number}/payments`, key, { amount: '2.00' })).status).toBe(201);
    expect(await paymentsOf(invoice.number)).toHaveLength(2);
    // The same key on another invoice's payments is another route.
    const second = await keyed('accounting', `/api/v1/invoices/${other.number}/payments`, key, { amount: '2.00' });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(await paymentsOf(other.number)).toHaveLength(1);
    // And on another kind of route: a product made with a customer's key is a product.
    const shared = newKey();
    const customer = await keyed('sales_manager', '/api/v1/customers', shared, {
      name: `Kunde ${shared}`,
      billingAddress: { name: 'K', street: 'Weg 2', postalCode: '10115', city: 'Berlin', country: 'DE' },
    });
    const product = await keyed('sales_manager', '/api/v1/products', shared, { sku: `IDEM-${shared}`, name: 'Artikel', prices: { EUR: '2.00' } });
    expect(customer.status).toBe(201);
    expect(product.status).toBe(201);
    expect(product.body.sku).toBe(`IDEM-${shared}`);
  });

  it('refuses a malformed key (400 naming the header) and documents the header on every POST', async () => {
    const bad = await keyed('sales', '/api/v1/quotes', 'x'.repeat(201), { customerId, currency: 'EUR', lines: [{ productId, quantity: '1' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['Idempotency-Key']);
    const doc = (await api(null, 'GET', '/api/v1/openapi.json')).body;
    const posts = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) => (ops.post ? [[path, ops.post] as const] : []));
    expect(posts.length).toBeGreaterThan(15);
    for (const [path, op] of posts) {
      const header = op.parameters.find((p: { name: string; in: string }) => p.in === 'header' && p.name === 'Idempotency-Key');
      // Their responses (a new key, a session token) are never stored.
      if (['/api/v1/api-keys', '/api/v1/sessions'].includes(path)) expect(header).toBeUndefined();
      else expect(header?.description).toContain('same key');
    }
  });
});

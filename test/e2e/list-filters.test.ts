import { api, newCustomer, newProduct, ok, orderedSale } from '../helpers/sale.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * List endpoints filter in the owning service, page with hasMore, and refuse
 * query parameters they do not support (400 naming the parameter).
 */
describe('list filters and paging', () => {
  const numbers = async (path: string): Promise<string[]> => {
    const res = await api('admin', 'GET', path);
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    expect(res.body.hasMore).toBe(false);
    return (res.body.items as { number: string }[]).map((d) => d.number).sort();
  };
  const sorted = (...n: string[]) => [...n].sort();

  const today = berlinDate(new Date());
  let a: { id: string; number: string };
  let b: { id: string; number: string };
  let productId: string;
  // Customer A: an open order, a delivered, invoiced and paid order, a draft quote. Customer B: an open rush order and a cancelled order.
  let openA: any, deliveredA: any, noteA: any, invoiceA: any, draftA: any, quoteOfOpenA: any;
  let rushB: any, cancelledB: any;
  beforeAll(async () => {
    a = await newCustomer();
    b = await newCustomer();
    productId = (await newProduct('10.00')).id;
    ({ order: openA, quote: quoteOfOpenA } = await orderedSale([{ productId, quantity: '1' }], a.id));
    ({ order: deliveredA } = await orderedSale([{ productId, quantity: '2' }], a.id));
    noteA = await ok('warehouse', 'POST', `/api/v1/orders/${deliveredA.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${noteA.number}/ship`, { carrier: 'DHL' });
    invoiceA = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [noteA.number] });
    await ok('accounting', 'POST', `/api/v1/invoices/${invoiceA.number}/payments`, { amount: invoiceA.totals.gross });
    draftA = await ok('sales', 'POST', '/api/v1/quotes', { customerId: a.id, currency: 'EUR', lines: [{ productId, quantity: '3' }] });
    rushB = await ok('sales', 'POST', '/api/v1/orders', { customerId: b.id, currency: 'EUR', orderType: 'rush', lines: [{ productId, quantity: '1' }] });
    ({ order: cancelledB } = await orderedSale([{ productId, quantity: '1' }], b.id));
    await ok('sales', 'POST', `/api/v1/orders/${cancelledB.number}/cancel`, { reason: 'Kunde storniert' });
    // Delivery and billing states are projected from events: wait until they arrived.
    await eventually(async () => (await ok('admin', 'GET', `/api/v1/orders/${deliveredA.number}`)).billingStatus === 'paid');
  });

  it('orders: customer, status, billing status, order type, number and date range each return exactly the expected ones', async () => {
    expect(await numbers(`/api/v1/orders?customer=${a.number}`)).toEqual(sorted(openA.number, deliveredA.number));
    expect(await numbers(`/api/v1/orders?customer=${a.id}`)).toEqual(sorted(openA.number, deliveredA.number));
    expect(await numbers(`/api/v1/orders?customer=${a.number}&status=open`)).toEqual([openA.number]);
    expect(await numbers(`/api/v1/orders?customer=${a.number}&status=delivered`)).toEqual([deliveredA.number]);
    expect(await numbers(`/api/v1/orders?customer=${b.number}&status=cancelled`)).toEqual([cancelledB.number]);
    expect(await numbers(`/api/v1/orders?customer=${b.number}&status=open`)).toEqual([rushB.number]);
    expect(await numbers(`/api/v1/orders?customer=${a.number}&billingStatus=paid`)).toEqual([deliveredA.number]);
    expect(await numbers(`/api/v1/orders?customer=${a.number}&billingStatus=unbilled`)).toEqual([openA.number]);
    expect(await numbers(`/api/v1/orders?customer=${b.number}&orderType=rush`)).toEqual([rushB.number]);
    expect(await numbers(`/api/v1/orders?customer=${b.number}&orderType=standard`)).toEqual([cancelledB.number]);
    expect(await numbers(`/api/v1/orders?number=${openA.number}`)).toEqual([openA.number]);
    expect(await numbers(`/api/v1/orders?quoteNumber=${quoteOfOpenA.number}`)).toEqual([openA.number]);
    expect(await numbers(`/api/v1/orders?customer=${a.number}&from=${today}&to=${today}`)).toEqual(sorted(openA.number, deliveredA.number));
    expect(await numbers(`/api/v1/orders?customer=${a.number}&to=${addDays(today, -1)}`)).toEqual([]);
    expect(await numbers(`/api/v1/orders?customer=${a.number}&from=${addDays(today, 1)}`)).toEqual([]);
  });

  it('quotes, delivery notes and invoices: the same filters on their own states', async () => {
    expect(await numbers(`/api/v1/quotes?customer=${a.number}&status=draft`)).toEqual([draftA.number]);
    expect(await numbers(`/api/v1/quotes?customer=${a.id}&status=converted`)).toEqual(sorted(openA.quoteNumber, deliveredA.quoteNumber));
    expect(await numbers(`/api/v1/quotes?customer=${b.number}&status=draft`)).toEqual([]);
    expect(await numbers(`/api/v1/quotes?customer=${a.number}&number=${draftA.number}&from=${today}`)).toEqual([draftA.number]);

    expect(await numbers(`/api/v1/delivery-notes?customer=${a.number}`)).toEqual([noteA.number]);
    expect(await numbers(`/api/v1/delivery-notes?customer=${a.number}&status=shipped`)).toEqual([noteA.number]);
    expect(await numbers(`/api/v1/delivery-notes?customer=${a.number}&status=open`)).toEqual([]);
    expect(await numbers(`/api/v1/delivery-notes?orderNumber=${deliveredA.number}&to=${today}`)).toEqual([noteA.number]);
    expect(await numbers(`/api/v1/delivery-notes?customer=${b.number}`)).toEqual([]);

    expect(await numbers(`/api/v1/invoices?customer=${a.number}`)).toEqual([invoiceA.number]);
    expect(await numbers(`/api/v1/invoices?customer=${a.number}&status=paid`)).toEqual([invoiceA.number]);
    expect(await numbers(`/api/v1/invoices?customer=${a.number}&status=issued`)).toEqual([]);
    expect(await numbers(`/api/v1/invoices?number=${invoiceA.number}&from=${today}&to=${today}`)).toEqual([invoiceA.number]);
    expect(await numbers(`/api/v1/invoices?customer=${b.number}`)).toEqual([]);
  });

  it('answers 400 naming an unsupported parameter or an unknown value, on every list and read', async () => {
    const unsupported = [
      `/api/v1/orders?customer=${a.number}&state=open`,
      '/api/v1/quotes?foo=1',
      '/api/v1/invoices?paid=true',
      '/api/v1/delivery-notes?foo=1',
      '/api/v1/customers?name=x',
      '/api/v1/products?q=x',
      `/api/v1/orders/${openA.number}?expand=lines`,
    ];
    for (const path of unsupported) {
      const res = await api('admin', 'GET', path);
      const param = new URL(path, 'http://x').searchParams;
      const bad = [...param.keys()].find((k) => k !== 'customer')!;
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([`query.${bad}`]);
    }
    for (const [path, field] of [
      ['/api/v1/orders?status=shipped', 'query.status'],
      ['/api/v1/orders?billingStatus=overdue', 'query.billingStatus'],
      ['/api/v1/orders?orderType=express', 'query.orderType'],
      ['/api/v1/invoices?status=open', 'query.status'],
      ['/api/v1/quotes?from=01.12.2026', 'query.from'],
      [`/api/v1/orders?from=${today}&to=${addDays(today, -1)}`, 'query.to'],
      ['/api/v1/orders?limit=500', 'query.limit'],
    ] as const) {
      const res = await api('admin', 'GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('pages with limit=1 through all results, hasMore until the last page', async () => {
    const all = await numbers(`/api/v1/orders?customer=${a.number}`);
    const walked: string[] = [];
    let offset = 0;
    for (let page = 0; ; page++) {
      const res = await ok('admin', 'GET', `/api/v1/orders?customer=${a.number}&limit=1&offset=${offset}`);
      expect(res.items).toHaveLength(1);
      walked.push(res.items[0].number);
      if (!res.hasMore) {
        expect(res.nextOffset).toBeNull();
        break;
      }
      expect(res.nextOffset).toBe(offset + 1);
      offset = res.nextOffset;
      expect(page).toBeLessThan(all.length);
    }
    expect(walked.sort()).toEqual(all);
    expect(walked).toHaveLength(2);
    // Customers and products page the same way.
    const customers = await ok('admin', 'GET', '/api/v1/customers?limit=1');
    expect(customers).toMatchObject({ items: [expect.any(Object)], hasMore: true, nextOffset: 1 });
  });
});

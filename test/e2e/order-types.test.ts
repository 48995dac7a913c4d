import { api, ok, newCustomer, newProduct, orderedSale } from '../helpers/sale.ts';
import { berlinDate, addDays } from '../../shared/dates.ts';
import { eventually } from '../helpers/eventually.ts';

/** Direct orders and the order types of the brief, each through its happy path. */
describe('order types', () => {
  const sale = (number: string) => ok('admin', 'GET', `/api/v1/sales/${number}`);
  let customerId: string;
  let productId: string;
  beforeAll(async () => {
    customerId = (await newCustomer()).id;
    productId = (await newProduct('49.90')).id;
  });

  it('standard: a direct order (phone sale) is priced like a quote and runs through delivery, invoice and payment', async () => {
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId, quantity: '2' }] });
    expect(order).toMatchObject({ number: expect.stringMatching(/^AB-/), quoteNumber: null, orderType: 'standard' });
    expect(order.totals).toMatchObject({ net: '99.80', vat: '18.96', gross: '118.76' });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '118.76' });
    expect((await sale(order.number)).stage).toBe('paid');
  });

  it('cash sale: handed over and paid on the spot without further steps', async () => {
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', orderType: 'cash_sale', lines: [{ productId, quantity: '1' }] });
    const done = await eventually(async () => ((await sale(order.number)).stage === 'paid' ? sale(order.number) : undefined));
    expect(done.deliveryNoteNumbers).toHaveLength(1);
    const note = await ok('admin', 'GET', `/api/v1/delivery-notes/${done.deliveryNoteNumbers[0]}`);
    expect(note).toMatchObject({ status: 'shipped', carrier: 'Abholung' });
    const invoice = await ok('admin', 'GET', `/api/v1/invoices/${done.invoiceNumbers[0]}`);
    expect(invoice).toMatchObject({ status: 'paid', paidAmount: '59.38' });
    expect(invoice.payments[0].reference).toBe('Barzahlung');
  });

  it('rush: priority flag, due today, first in the warehouse list, warehouse alerted', async () => {
    const { order } = await orderedSale([{ productId, quantity: '1' }], customerId); // a standard order for comparison
    const rush = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', orderType: 'rush', lines: [{ productId, quantity: '1' }] });
    expect(rush).toMatchObject({ priority: 'rush', dueDate: berlinDate(new Date()) });
    const list = (await ok('warehouse', 'GET', `/api/v1/orders?customer=${customerId}&limit=200`)).items;
    expect(list.findIndex((o: any) => o.number === rush.number)).toBeLessThan(list.findIndex((o: any) => o.number === order.number));
    const alert = await eventually(async () =>
      ((await api('warehouse', 'GET', `/api/v1/notifications?documentNumber=${rush.number}`)).body as any[]).find((n) => n.kind === 'rush_order'),
    );
    expect(alert.recipient).toBe('role:warehouse');
  });

  it('scheduled delivery: each schedule line is surfaced on its date', async () => {
    const today = berlinDate(new Date());
    const order = await ok('sales', 'POST', '/api/v1/orders', {
      customerId,
      currency: 'EUR',
      orderType: 'scheduled',
      lines: [{ productId, quantity: '10' }],
      schedule: [
        { date: today, orderPosition: 1, quantity: '4' },
        { date: addDays(today, 7), orderPosition: 1, quantity: '6' },
      ],
    });
    expect(order.schedule).toHaveLength(2);
    const state = await eventually(async () => {
      const s = await sale(order.number);
      return s.dueScheduleLines.length > 0 ? s : undefined;
    });
    expect(state.dueScheduleLines).toEqual([{ date: today, orderPosition: 1, quantity: '4' }]);
    const over = await api('sales', 'POST', '/api/v1/orders', {
      customerId,
      currency: 'EUR',
      orderType: 'scheduled',
      lines: [{ productId, quantity: '1' }],
      schedule: [{ date: today, orderPosition: 1, quantity: '2' }],
    });
    expect(over.status).toBe(422);
    expect(
      (await api('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', orderType: 'scheduled', lines: [{ productId, quantity: '1' }] })).body
        .errors[0].field,
    ).toBe('schedule');
  });

  it('drop-ship: the order is handed to its supplier', async () => {
    const supplier = `Hersteller ${Date.now()}`;
    const order = await ok('sales', 'POST', '/api/v1/orders', {
      customerId,
      currency: 'EUR',
      orderType: 'drop_ship',
      supplier: { name: supplier },
      lines: [{ productId, quantity: '3' }],
    });
    expect(order.supplier).toEqual({ name: supplier });
    const handover = await eventually(
      async () => ((await api('admin', 'GET', `/api/v1/notifications?recipient=${encodeURIComponent(`supplier:${supplier}`)}`)).body as any[])[0],
    );
    expect(handover).toMatchObject({ kind: 'drop_ship_order', documentNumber: order.number });
    expect(handover.details.lines).toEqual([{ sku: expect.any(String), quantity: '3', unit: 'Stk' }]);
  });

  it('a quote of a given order type becomes an order of that type', async () => {
    const { order } = await orderedSale([{ productId, quantity: '1' }], customerId);
    expect(order.orderType).toBe('standard');
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId, currency: 'EUR', orderType: 'rush', lines: [{ productId, quantity: '1' }] });
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${q.number}/accept`);
    const rush = await ok('sales', 'POST', `/api/v1/quotes/${q.number}/convert`, {});
    expect(rush).toMatchObject({ orderType: 'rush', priority: 'rush', quoteNumber: q.number });
  });

  it('cancels an order before shipping and a quote before acceptance; the audit trail keeps the reason', async () => {
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId, quantity: '1' }] });
    const cancelled = await ok('sales', 'POST', `/api/v1/orders/${order.number}/cancel`, { reason: 'Kunde hat storniert' });
    expect(cancelled.status).toBe('cancelled');
    const late = await api('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    expect(late.status).toBe(409);
    const trail = (await api('admin', 'GET', `/api/v1/audit/${order.number}`)).body as any[];
    expect(trail.map((a) => [a.action, a.details.reason ?? null])).toEqual([
      ['created', null],
      ['cancel', 'Kunde hat storniert'],
    ]);
    const q = await ok('sales', 'POST', '/api/v1/quotes', { customerId, currency: 'EUR', lines: [{ productId, quantity: '1' }] });
    expect((await ok('sales', 'POST', `/api/v1/quotes/${q.number}/cancel`, { reason: 'doppelt angelegt' })).status).toBe('cancelled');
    expect((await api('sales', 'POST', `/api/v1/quotes/${q.number}/send`)).status).toBe(409);
  });
});

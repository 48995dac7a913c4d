import { Decimal } from 'decimal.js';
import { Client as PgClient } from 'pg';
import { connectNats } from '../../shared/nats/connection.ts';
import { call } from '../../shared/nats/rpc.ts';
import { DomainError } from '../../shared/errors.ts';
import { InvoicingCommands } from '../../shared/contracts/invoicing/index.ts';
import { api, newCustomer, ok } from '../helpers/sale.ts';

/**
 * Payments: an amount has at most its currency's minor digits, and a payment above the open
 * amount pays the invoice up to its open amount and leaves the rest as the customer's credit,
 * also when many arrive at once; the open amount never goes negative, the payments booked on the
 * invoice never add up to more than the gross, and a paid invoice refuses further payments.
 */
describe('payments', () => {
  let pg: PgClient;
  const stamp = Date.now().toString(36);
  let seq = 0;
  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
  });

  const paymentsOf = async (number: string) =>
    (
      await pg.query<{ amount: string }>(`select amount::text as amount from invoicing.payment where invoice_number = $1 order by created_at, amount desc`, [
        number,
      ])
    ).rows.map((r) => r.amount);

  /** An issued invoice over one line of `price` in `currency` (a product priced in that currency). */
  async function invoiceFor(currency: string, price: string) {
    const product = await ok('sales_manager', 'POST', '/api/v1/products', { sku: `PAY-${stamp}-${++seq}`, name: 'Prüfgerät', prices: { [currency]: price } });
    const customer = await newCustomer();
    const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency, lines: [{ productId: product.id, quantity: '1' }] });
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    return ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
  }
  const pay = (number: string, amount: string) => api('accounting', 'POST', `/api/v1/invoices/${number}/payments`, { amount });
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  it('refuses amounts with more decimals than the currency has (JPY 100.5, EUR 0.001), writing nothing', async () => {
    const yen = await invoiceFor('JPY', '1000');
    const res = await pay(yen.number, '100.5');
    expect(res.status).toBe(422);
    expect(fields(res.body)).toEqual(['amount']);
    expect(res.body.detail).toContain('JPY amounts are whole numbers');

    const euro = await invoiceFor('EUR', '10.00');
    const tiny = await pay(euro.number, '0.001');
    expect(tiny.status).toBe(422);
    expect(fields(tiny.body)).toEqual(['amount']);
    expect(tiny.body.detail).toContain('at most 2 decimal places');
    expect(await paymentsOf(yen.number)).toEqual([]);
    expect(await paymentsOf(euro.number)).toEqual([]);

    // Paying exactly the open amount settles the invoice at 0, not -1.
    const paid = await ok('accounting', 'POST', `/api/v1/invoices/${yen.number}/payments`, { amount: yen.openAmount });
    expect([paid.status, paid.paidAmount, paid.openAmount]).toEqual(['paid', yen.totals.gross, '0']);
  });

  it('books a payment above the open amount of a partly paid invoice up to the open amount; the rest is credit; a paid invoice refuses more', async () => {
    const invoice = await invoiceFor('EUR', '100.00'); // 119.00 gross
    const first = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '100.00' });
    expect(first.openAmount).toBe('19.00');
    const res = await pay(invoice.number, '19.01');
    expect(res.status).toBe(201);
    expect([res.body.status, res.body.paidAmount, res.body.openAmount]).toEqual(['paid', '119.00', '0.00']);
    expect(await paymentsOf(invoice.number)).toEqual(['100.0000', '19.0000']);
    const account = await ok('accounting', 'GET', `/api/v1/customers/${invoice.customer.id}/credit`);
    expect(account.balances).toEqual([{ currency: 'EUR', balance: '0.01' }]);
    const more = await pay(invoice.number, '1.00');
    expect(more.status).toBe(409); // the invoice is paid and so is its sale
    expect(await paymentsOf(invoice.number)).toEqual(['100.0000', '19.0000']);
  });

  it('of 20 concurrent payments of 60 % each books one in full and one up to the open amount (the rest credit); the open amount never goes negative', async () => {
    const invoice = await invoiceFor('EUR', '19.99'); // 23.79 gross
    const share = new Decimal(invoice.totals.gross).times('0.6').toDecimalPlaces(2).toFixed(2);
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(invoice.number, share)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    // Once paid, the invoice refuses (invalid_transition) or the settled sale does (invalid_stage, sale_closed).
    const paidCodes = ['invalid_transition', 'invalid_stage', 'sale_closed'];
    for (const r of results.filter((x) => x.status === 409)) expect(paidCodes.includes(r.body.code) ? [] : [r.body.code, r.body.detail]).toEqual([]);
    const payments = await paymentsOf(invoice.number);
    expect(payments).toHaveLength(2);
    const total = payments.reduce((a, p) => a.plus(p), new Decimal(0));
    expect(total.toFixed(2)).toBe(invoice.totals.gross);
    const after = await ok('accounting', 'GET', `/api/v1/invoices/${invoice.number}`);
    expect([after.status, after.openAmount]).toEqual(['paid', '0.00']);
    // 2 × 14.27 = 28.54 received for 23.79: 4.75 credit.
    const account = await ok('accounting', 'GET', `/api/v1/customers/${invoice.customer.id}/credit`);
    expect(account.balances).toEqual([{ currency: 'EUR', balance: new Decimal(share).times(2).minus(invoice.totals.gross).toFixed(2) }]);
  });
  it('holds the rule in the invoicing service itself: of 20 payments sent straight over NATS at once, the invoice takes what is open and no more', async () => {
    // The sale workflow already runs one step at a time; this goes around it to test the row lock.
    const invoice = await invoiceFor('EUR', '19.99'); // 23.79 gross
    const nc = await connectNats('payments-test');
    try {
      const share = '7.00'; // three fit (21.00), the fourth pays the 2.79 left and credits 4.21, the rest find the invoice paid
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => call(nc, InvoicingCommands.recordPayment, { number: invoice.number, amount: share })),
      );
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as DomainError);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
      expect(refused.map((e) => [e.status, e.code])).toEqual(Array(16).fill([409, 'invalid_transition']));
      expect(await paymentsOf(invoice.number)).toEqual(['7.0000', '7.0000', '7.0000', '2.7900']);
      const after = await ok('accounting', 'GET', `/api/v1/invoices/${invoice.number}`);
      expect([after.status, after.paidAmount, after.openAmount]).toEqual(['paid', '23.79', '0.00']);
      const account = await ok('accounting', 'GET', `/api/v1/customers/${invoice.customer.id}/credit`);
      expect(account.balances).toEqual([{ currency: 'EUR', balance: '4.21' }]);
    } finally {
      await nc.close();
    }
  });
});

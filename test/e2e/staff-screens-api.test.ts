import { Client as PgClient } from 'pg';
import { signatureHeader } from '../../services/gateway/src/http/webhook-signature.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';
import { api, newCustomer, newProduct, ok, orderedSale } from '../helpers/sale.ts';
import { userKey } from '../../scripts/api-client.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * The API behind the staff app's quote editor (search, price preview), approvals inbox (why, with the policy's
 * numbers) and accounting screen (open items across customers, credit balances, matching an unmatched payment by hand).
 */
describe('staff screens: the API behind them', () => {
  const stamp = Date.now().toString(36);
  const secret = process.env.KONTOR_PAYMENT_WEBHOOK_SECRET ?? '';
  let pg: PgClient;
  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
  });

  describe('quote editor', () => {
    it('finds customers by part of the name or the number start and products by name or SKU start; refuses other parameters', async () => {
      const customer = await newCustomer({ name: `Schraubenwerk Nord ${stamp}` });
      const product = await newProduct('12.00', 'standard', `Sechskantmutter ${stamp}`);
      const customers = await ok('sales', 'GET', `/api/v1/customers?search=${encodeURIComponent(`WERK NORD ${stamp}`)}`);
      expect(customers.items.map((c: { id: string }) => c.id)).toEqual([customer.id]);
      expect((await ok('sales', 'GET', `/api/v1/customers?search=${customer.number}`)).items.map((c: { id: string }) => c.id)).toEqual([customer.id]);
      const products = await ok('sales', 'GET', `/api/v1/products?search=${encodeURIComponent(`kantmutter ${stamp}`)}`);
      expect(products.items.map((p: { id: string }) => p.id)).toEqual([product.id]);
      expect((await ok('sales', 'GET', `/api/v1/products?search=${product.sku}`)).items.map((p: { id: string }) => p.id)).toEqual([product.id]);
      // LIKE wildcards in the search text match themselves only.
      expect((await ok('sales', 'GET', `/api/v1/products?search=%25${stamp}`)).items).toEqual([]);
      const bad = await api('sales', 'GET', '/api/v1/products?q=x');
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'query.q']);
      const long = await api('sales', 'GET', `/api/v1/customers?search=${'x'.repeat(101)}`);
      expect([long.status, long.body.errors[0].field]).toEqual([400, 'query.search']);
    });

    it('previews net, VAT and gross per rate with the pricing engine and the approvals needed, writing nothing', async () => {
      const customer = await newCustomer();
      const standard = await newProduct('100.00');
      const reduced = await newProduct('10.00', 'reduced');
      const before = (await ok('admin', 'GET', `/api/v1/quotes?customer=${customer.number}`)).items.length;
      const preview = await ok('sales', 'POST', '/api/v1/quotes/preview', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [
          { productId: standard.id, quantity: '2', discountPercent: '12.5' },
          { productId: reduced.id, quantity: '3' },
        ],
      });
      // 2 × 100 − 12.5 % = 175.00 at 19 % → 33.25; 3 × 10 = 30.00 at 7 % → 2.10.
      expect(preview.lines.map((l: { net: string }) => l.net)).toEqual(['175.00', '30.00']);
      expect(preview.totals).toMatchObject({ net: '205.00', vat: '35.35', gross: '240.35' });
      expect(preview.totals.taxGroups.map((g: { vatRate: string; net: string; vat: string }) => [Number(g.vatRate), g.net, g.vat])).toEqual([
        [19, '175.00', '33.25'],
        [7, '30.00', '2.10'],
      ]);
      expect(preview.approvals).toEqual([
        expect.objectContaining({ level: 1, role: 'sales_manager', findings: [{ rule: 'discountPercentAbove', threshold: '10', actual: '12.5' }] }),
      ]);
      expect((await ok('admin', 'GET', `/api/v1/quotes?customer=${customer.number}`)).items.length).toBe(before);

      const unknown = await api('sales', 'POST', '/api/v1/quotes/preview', {
        customerId: 'cus_nope',
        currency: 'EUR',
        lines: [{ productId: standard.id, quantity: '1' }],
      });
      expect([unknown.status, unknown.body.errors[0].field]).toEqual([422, 'customerId']);
      const badQty = await api('sales', 'POST', '/api/v1/quotes/preview', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: standard.id, quantity: '-1' }],
      });
      expect([badQty.status, badQty.body.errors[0].field]).toEqual([422, 'lines[0].quantity']);
      expect((await api('warehouse', 'POST', '/api/v1/quotes/preview', { customerId: customer.id, currency: 'EUR', lines: [] })).status).toBe(403);
    });
  });

  it('approvals inbox: what waits for my role, why (rule, threshold, figure), the levels, totals; approve and reject with reason', async () => {
    const author = await userKey(`ina-${stamp}`, 'sales');
    const manager = await userKey(`max-${stamp}`, 'sales_manager');
    const director = await userKey(`dora-${stamp}`, 'director');
    const customer = await newCustomer();
    const product = await newProduct('200.00');
    const quote = (
      await author('POST', '/api/v1/quotes', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: product.id, quantity: '1', discountPercent: '20' }],
      })
    ).body;
    await author('POST', `/api/v1/quotes/${quote.number}/submit`);
    const inbox = (await manager('GET', '/api/v1/approvals')).body as any[];
    const item = inbox.find((a) => a.number === quote.number);
    expect(item).toMatchObject({
      customer: customer.name ?? expect.any(String),
      customerNumber: customer.number,
      level: 1,
      role: 'sales_manager',
      currency: 'EUR',
      net: '160.00',
      gross: '190.40',
      createdBy: `ina-${stamp}`,
      findings: [{ rule: 'discountPercentAbove', threshold: '10', actual: '20' }],
      reasons: ['discount 20 % above 10 %'],
      steps: [expect.objectContaining({ level: 1, status: 'pending' })],
      waitingSince: expect.any(String),
    });
    expect(((await director('GET', '/api/v1/approvals')).body as any[]).map((a) => a.number)).not.toContain(quote.number);
    const noReason = await manager('POST', `/api/v1/quotes/${quote.number}/approvals/1`, { decision: 'reject' });
    expect([noReason.status, noReason.body.errors[0].field]).toEqual([422, 'reason']);
    const rejected = await manager('POST', `/api/v1/quotes/${quote.number}/approvals/1`, { decision: 'reject', reason: 'Rabatt zu hoch' });
    expect(rejected.body.status).toBe('draft');
    expect(((await manager('GET', '/api/v1/approvals')).body as any[]).map((a) => a.number)).not.toContain(quote.number);
    await author('POST', `/api/v1/quotes/${quote.number}/submit`);
    const approved = await manager('POST', `/api/v1/quotes/${quote.number}/approvals/1`, { decision: 'approve' });
    expect(approved.body.status).toBe('approved');
    expect((await api('warehouse', 'GET', '/api/v1/approvals')).status).toBe(403);
  });

  describe('accounting', () => {
    /** An order of this customer shipped and invoiced in full; answers the invoice. */
    const invoiceOf = async (customerId: string, productId: string, quantity: string) => {
      const { order } = await orderedSale([{ productId, quantity }], customerId);
      const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
      await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
      return ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    };

    it('lists open items across customers, overdue first, and credit balances', async () => {
      const late = await newCustomer();
      const current = await newCustomer();
      const product = await newProduct('50.00');
      const lateInvoice = await invoiceOf(late.id, product.id, '2'); // 119.00
      await invoiceOf(late.id, product.id, '1'); // 59.50, not due
      const currentInvoice = await invoiceOf(current.id, product.id, '4'); // 238.00, not due
      await ok('accounting', 'POST', `/api/v1/invoices/${currentInvoice.number}/payments`, { amount: '38.00' });
      await pg.query(`update invoicing.invoice set due_date = $1 where number = $2`, [addDays(berlinDate(new Date()), -10), lateInvoice.number]);

      const overview = await ok('accounting', 'GET', '/api/v1/open-items');
      expect(overview.asOf).toBe(berlinDate(new Date()));
      const row = (c: { id: string }) => overview.items.find((i: { customerId: string }) => i.customerId === c.id);
      expect(row(late)).toMatchObject({
        customerNumber: late.number,
        currency: 'EUR',
        invoices: 2,
        openAmount: '178.50',
        overdueAmount: '119.00',
        maxDaysOverdue: 10,
      });
      expect(row(current)).toMatchObject({ invoices: 1, openAmount: '200.00', overdueAmount: '0.00', maxDaysOverdue: 0 });
      // Most overdue first: every customer with something overdue comes before any without.
      const overdueFlags = overview.items.map((i: { overdueAmount: string }) => Number(i.overdueAmount) > 0);
      expect(overdueFlags).toEqual([...overdueFlags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
      const onlyOverdue = await ok('accounting', 'GET', '/api/v1/open-items?overdue=true');
      expect(onlyOverdue.items.map((i: { customerId: string }) => i.customerId)).toContain(late.id);
      expect(onlyOverdue.items.map((i: { customerId: string }) => i.customerId)).not.toContain(current.id);
      const bad = await api('accounting', 'GET', '/api/v1/open-items?overdue=yes');
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'query.overdue']);
      expect((await api('warehouse', 'GET', '/api/v1/open-items')).status).toBe(403);

      // An over-payment leaves a credit balance, listed for accounting.
      await ok('accounting', 'POST', `/api/v1/invoices/${currentInvoice.number}/payments`, { amount: '210.00' });
      const balances = await ok('accounting', 'GET', '/api/v1/credit-balances');
      expect(balances.find((b: { customerId: string }) => b.customerId === current.id)).toEqual({
        customerId: current.id,
        customerNumber: current.number,
        customerName: expect.any(String),
        currency: 'EUR',
        balance: '10.00',
      });
      expect((await api('sales', 'GET', '/api/v1/credit-balances')).status).toBe(403);
    });

    it('matches an unmatched provider payment to an invoice by hand, booked through the sale; refuses wrong invoices', async () => {
      expect(secret).not.toBe('');
      const customer = await newCustomer();
      const product = await newProduct('10.00');
      const invoice = await invoiceOf(customer.id, product.id, '1'); // 11.90
      const eventId = `evt-hand-${stamp}`;
      const raw = JSON.stringify({
        id: eventId,
        type: 'payment.received',
        data: { amount: '11.90', currency: 'EUR', receivedAt: berlinDate(new Date()), reference: 'Danke' },
      });
      const received = await api(null, 'POST', '/api/v1/webhooks/payments', raw, {
        'Kontor-Signature': signatureHeader(secret, Math.floor(Date.now() / 1000), raw),
      });
      expect(received.body).toMatchObject({ status: 'unmatched', reason: 'no invoice number in the reference' });
      const unmatched = await ok('accounting', 'GET', '/api/v1/payments/unmatched?limit=200');
      expect(unmatched.items.map((p: { eventId: string }) => p.eventId)).toContain(eventId);

      const unknown = await api('accounting', 'POST', `/api/v1/payments/unmatched/${eventId}/match`, { invoiceNumber: 'RE-2026-99999' });
      expect([unknown.status, unknown.body.errors[0].field]).toEqual([422, 'invoiceNumber']);
      const malformed = await api('accounting', 'POST', `/api/v1/payments/unmatched/${eventId}/match`, { invoiceNumber: 'Rechnung 5' });
      expect([malformed.status, malformed.body.errors[0].field]).toEqual([422, 'invoiceNumber']);
      expect((await api('sales', 'POST', `/api/v1/payments/unmatched/${eventId}/match`, { invoiceNumber: invoice.number })).status).toBe(403);
      const nobody = await api('accounting', 'POST', `/api/v1/payments/unmatched/evt-none-${stamp}/match`, { invoiceNumber: invoice.number });
      expect(nobody.status).toBe(404);

      const matched = await ok('accounting', 'POST', `/api/v1/payments/unmatched/${eventId}/match`, { invoiceNumber: invoice.number });
      expect(matched).toMatchObject({ status: 'booked', invoiceNumber: invoice.number, paymentId: expect.any(String) });
      expect((await ok('admin', 'GET', `/api/v1/invoices/${invoice.number}`)).status).toBe('paid');
      await eventually(async () => (await ok('admin', 'GET', `/api/v1/orders/${invoice.orderNumber}`)).paymentStatus === 'paid');
      const again = await api('accounting', 'POST', `/api/v1/payments/unmatched/${eventId}/match`, { invoiceNumber: invoice.number });
      expect([again.status, again.body.code]).toEqual([409, 'not_unmatched']);
      const audit = await pg.query<{ action: string; actor_id: string }>(
        `select action, actor_id from invoicing.audit_entry where aggregate_id = $1 order by at, id`,
        [eventId],
      );
      expect(audit.rows.map((r) => r.action)).toEqual(['unmatched', 'matched_by_hand']);
    });
  });
});

import { Client as PgClient } from 'pg';
import { connectNats } from '../../shared/nats/connection.ts';
import { call } from '../../shared/nats/rpc.ts';
import { DomainError } from '../../shared/errors.ts';
import { InvoicingCommands } from '../../shared/contracts/invoicing/index.ts';
import { signatureHeader } from '../../services/gateway/src/http/webhook-signature.ts';
import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';

/**
 * Payments beyond the open amount, through the REST API on the test instance: an over-payment
 * leaves a credit balance (ledger), used on the next invoice and refunded; concurrent uses never
 * overdraw it; the payment provider's webhook is signed, replay-proof and idempotent, matches by
 * the invoice number in the reference and settles invoice and sale; Skonto in time and too late.
 * Every amount is computed by hand in the comments.
 */
describe('payments: credit balance, provider webhook, Skonto', () => {
  let pg: PgClient;
  const secret = process.env.KONTOR_PAYMENT_WEBHOOK_SECRET ?? '';
  const stamp = Date.now().toString(36);
  beforeAll(async () => {
    expect(secret).not.toBe(''); // deploy/lib.sh generates one per instance
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
  });

  const paymentCount = async (invoiceNumber: string) =>
    Number((await pg.query<{ n: string }>(`select count(*) as n from invoicing.payment where invoice_number = $1`, [invoiceNumber])).rows[0]!.n);
  const providerRows = async (eventId: string) =>
    Number((await pg.query<{ n: string }>(`select count(*) as n from invoicing.provider_payment where event_id = $1`, [eventId])).rows[0]!.n);

  /** An issued invoice of `customerId` over the given products (one each), and the quote number its sale is keyed by. */
  async function invoiceFor(customerId: string, productIds: string[]) {
    const quote = await ok('sales', 'POST', '/api/v1/quotes', {
      customerId,
      currency: 'EUR',
      lines: productIds.map((productId) => ({ productId, quantity: '1' })),
    });
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    return { invoice, quoteNumber: quote.number as string, order };
  }
  const stage = async (quoteNumber: string) => (await ok('accounting', 'GET', `/api/v1/sales/${quoteNumber}`)).stage;
  const credit = (customerId: string) => ok('accounting', 'GET', `/api/v1/customers/${customerId}/credit`);

  it('books an over-payment up to the open amount, keeps the excess as credit, uses it on the next invoice and refunds the rest', async () => {
    const product = await newProduct('100.00'); // 100.00 net + 19 % = 119.00 gross
    const customer = await newCustomer();
    const first = await invoiceFor(customer.id, [product.id]);
    expect(first.invoice.totals.gross).toBe('119.00');

    // 150.00 arrive for 119.00: the invoice is paid (open 0.00, never −31.00), 31.00 become credit.
    const paid = await ok('accounting', 'POST', `/api/v1/invoices/${first.invoice.number}/payments`, { amount: '150.00', reference: 'Überweisung 4711' });
    expect([paid.status, paid.paidAmount, paid.openAmount]).toEqual(['paid', '119.00', '0.00']);
    expect(paid.payments.map((p: Record<string, unknown>) => [p.kind, p.amount, p.receivedAmount, p.excessAmount])).toEqual([
      ['transfer', '119.00', '150.00', '31.00'],
    ]);
    expect(await stage(first.quoteNumber)).toBe('paid');
    let account = await credit(customer.id);
    expect(account.balances).toEqual([{ currency: 'EUR', balance: '31.00' }]);
    expect(account.entries.map((e: Record<string, unknown>) => [e.kind, e.amount, e.invoiceNumber, e.paymentId])).toEqual([
      ['excess', '31.00', first.invoice.number, paid.payments[0].id],
    ]);

    // The next invoice (119.00): 20.00 of the credit as a payment of kind credit → open 99.00, balance 11.00.
    const next = await invoiceFor(customer.id, [product.id]);
    const applied = await ok('accounting', 'POST', `/api/v1/customers/${customer.id}/credit/apply`, { invoiceNumber: next.invoice.number, amount: '20.00' });
    expect([applied.status, applied.paidAmount, applied.openAmount]).toEqual(['partially_paid', '20.00', '99.00']);
    expect(applied.payments.map((p: Record<string, unknown>) => [p.kind, p.amount])).toEqual([['credit', '20.00']]);

    // More than the balance (11.00) is refused naming amount; nothing written.
    const tooMuch = await api('accounting', 'POST', `/api/v1/customers/${customer.id}/credit/apply`, { invoiceNumber: next.invoice.number, amount: '11.01' });
    expect([tooMuch.status, tooMuch.body.code, tooMuch.body.errors.map((e: { field: string }) => e.field)]).toEqual([
      409,
      'exceeds_credit_balance',
      ['amount'],
    ]);
    expect(await paymentCount(next.invoice.number)).toBe(1);
    // Credit of this customer on another customer's invoice: 422 naming invoiceNumber.
    const other = await invoiceFor((await newCustomer()).id, [product.id]);
    const foreign = await api('accounting', 'POST', `/api/v1/customers/${customer.id}/credit/apply`, { invoiceNumber: other.invoice.number, amount: '1.00' });
    expect([foreign.status, foreign.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, ['invoiceNumber']]);
    // Only accounting books credit.
    expect((await api('sales', 'POST', `/api/v1/customers/${customer.id}/credit/refunds`, { currency: 'EUR', amount: '1.00', reference: 'x' })).status).toBe(
      403,
    );

    // Refund of the rest (11.00); then nothing is left to refund or apply.
    account = await ok('accounting', 'POST', `/api/v1/customers/${customer.id}/credit/refunds`, {
      currency: 'EUR',
      amount: '11.00',
      reference: `Erstattung ${stamp}`,
    });
    expect(account.balances).toEqual([{ currency: 'EUR', balance: '0.00' }]);
    expect(account.entries.map((e: Record<string, unknown>) => [e.kind, e.amount, e.invoiceNumber, e.reference])).toEqual([
      ['excess', '31.00', first.invoice.number, 'Überweisung 4711'],
      ['applied', '-20.00', next.invoice.number, null],
      ['refund', '-11.00', null, `Erstattung ${stamp}`],
    ]);
    const overRefund = await api('accounting', 'POST', `/api/v1/customers/${customer.id}/credit/refunds`, {
      currency: 'EUR',
      amount: '0.01',
      reference: 'zu viel',
    });
    expect([overRefund.status, overRefund.body.code, overRefund.body.errors[0].field]).toEqual([409, 'exceeds_credit_balance', 'amount']);
    const empty = await api('accounting', 'POST', `/api/v1/customers/${customer.id}/credit/apply`, { invoiceNumber: next.invoice.number });
    expect([empty.status, empty.body.code, empty.body.errors[0].field]).toEqual([409, 'no_credit_balance', 'amount']);

    // Open items: the next invoice with 99.00 open, not yet due, and the balance.
    const items = await ok('accounting', 'GET', `/api/v1/customers/${customer.id}/open-items`);
    expect(
      items.items.map((i: Record<string, unknown>) => [i.invoiceNumber, i.gross, i.paidAmount, i.openAmount, i.dueDate, i.daysOverdue, i.earlyPaymentDiscount]),
    ).toEqual([[next.invoice.number, '119.00', '20.00', '99.00', next.invoice.dueDate, 0, null]]);
    expect(items.creditBalances).toEqual([{ currency: 'EUR', balance: '0.00' }]);
  });

  it('never overdraws a balance used concurrently: of two applies of the whole balance one is booked; over NATS only what fits', async () => {
    const product = await newProduct('100.00'); // 119.00 gross
    const customer = await newCustomer();
    const start = await invoiceFor(customer.id, [product.id]);
    await ok('accounting', 'POST', `/api/v1/invoices/${start.invoice.number}/payments`, { amount: '129.00' }); // 10.00 credit
    const [e, f] = [await invoiceFor(customer.id, [product.id]), await invoiceFor(customer.id, [product.id])];
    const results = await Promise.all(
      [e, f].map((x) => api('accounting', 'POST', `/api/v1/customers/${customer.id}/credit/apply`, { invoiceNumber: x.invoice.number, amount: '10.00' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('exceeds_credit_balance');
    expect((await credit(customer.id)).balances).toEqual([{ currency: 'EUR', balance: '0.00' }]);

    // Straight to the invoicing service, around the sales: 10.00 of new credit, six uses of 3.00 on two invoices at once → three fit.
    const g = await invoiceFor(customer.id, [product.id]);
    await ok('accounting', 'POST', `/api/v1/invoices/${g.invoice.number}/payments`, { amount: '129.00' });
    const h = await invoiceFor(customer.id, [product.id]);
    const k = await invoiceFor(customer.id, [product.id]);
    const nc = await connectNats('payments-credit-test');
    try {
      const settled = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          call(nc, InvoicingCommands.recordPayment, { number: (i % 2 ? h : k).invoice.number, amount: '3.00', kind: 'credit' }),
        ),
      );
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(3);
      const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as DomainError);
      expect(refused.map((r) => [r.status, r.code])).toEqual(Array(3).fill([409, 'exceeds_credit_balance']));
    } finally {
      await nc.close();
    }
    const account = await credit(customer.id);
    expect(account.balances).toEqual([{ currency: 'EUR', balance: '1.00' }]); // 10.00 − 3 × 3.00
    const applied = account.entries.filter((x: { kind: string }) => x.kind === 'applied').map((x: { amount: string }) => x.amount);
    expect(applied.sort()).toEqual(['-10.00', '-3.00', '-3.00', '-3.00']);
  });

  describe('payment-provider webhook', () => {
    const post = (body: unknown, opts: { at?: number; key?: string; header?: string | null } = {}) => {
      const raw = JSON.stringify(body);
      const t = opts.at ?? Math.floor(Date.now() / 1000);
      const header = opts.header === undefined ? signatureHeader(opts.key ?? secret, t, raw) : opts.header;
      return api(null, 'POST', '/api/v1/webhooks/payments', raw, header === null ? {} : { 'Kontor-Signature': header });
    };
    const event = (id: string, amount: string, reference: string) => ({
      id,
      type: 'payment.received',
      data: { amount, currency: 'EUR', receivedAt: '2026-12-01', reference },
    });

    it('refuses a bad signature, a missing one and an old or future timestamp with 401, recording nothing', async () => {
      const product = await newProduct('100.00');
      const { invoice } = await invoiceFor((await newCustomer()).id, [product.id]);
      const id = `evt_bad_${stamp}`;
      const body = event(id, '119.00', `Zahlung ${invoice.number}`);
      const wrongKey = await post(body, { key: 'not-the-secret' });
      expect([wrongKey.status, wrongKey.body.code, wrongKey.body.errors[0].field]).toEqual([401, 'invalid_signature', 'Kontor-Signature']);
      // Signed, then the body changed on the way: the signature covers the raw bytes.
      const t = Math.floor(Date.now() / 1000);
      const tampered = await api(null, 'POST', '/api/v1/webhooks/payments', JSON.stringify(event(id, '1.00', `Zahlung ${invoice.number}`)), {
        'Kontor-Signature': signatureHeader(secret, t, JSON.stringify(body)),
      });
      expect([tampered.status, tampered.body.code]).toEqual([401, 'invalid_signature']);
      const old = await post(body, { at: Math.floor(Date.now() / 1000) - 301 });
      expect([old.status, old.body.code]).toEqual([401, 'timestamp_out_of_tolerance']);
      const future = await post(body, { at: Math.floor(Date.now() / 1000) + 301 });
      expect([future.status, future.body.code]).toEqual([401, 'timestamp_out_of_tolerance']);
      expect((await post(body, { header: null })).body.code).toBe('missing_signature');
      expect((await post(body, { header: 't=1,v1=zz' })).body.code).toBe('malformed_signature');
      expect(await providerRows(id)).toBe(0);
      expect(await paymentCount(invoice.number)).toBe(0);
    });

    it('books a matched payment once however often the event comes, settling invoice and sale; keeps an unmatched one for accounting', async () => {
      const product = await newProduct('100.00');
      const customer = await newCustomer();
      const { invoice, quoteNumber } = await invoiceFor(customer.id, [product.id]);
      const id = `evt_${stamp}_1`;
      const body = event(id, '119.00', `Zahlung ${invoice.number} Kd ${customer.number}`);
      // The same event twice at once, then once more later: one payment, the same answer each time.
      const [a, b] = await Promise.all([post(body), post(body)]);
      const c = await post(body);
      for (const r of [a, b, c]) expect([r.status, r.body.status, r.body.invoiceNumber]).toEqual([200, 'booked', invoice.number]);
      expect(b.body).toEqual(a.body);
      expect(c.body).toEqual(a.body);
      expect(await paymentCount(invoice.number)).toBe(1);
      expect(await providerRows(id)).toBe(1);
      const after = await ok('accounting', 'GET', `/api/v1/invoices/${invoice.number}`);
      expect([after.status, after.openAmount, after.payments[0].providerEventId, after.payments[0].id]).toEqual(['paid', '0.00', id, a.body.paymentId]);
      // The sale learnt it through its Update, exactly like a REST payment.
      expect(await stage(quoteNumber)).toBe('paid');

      const lost = `evt_${stamp}_2`;
      const unmatched = await post(event(lost, '42.00', `Rechnung vom Oktober, Kd ${customer.number}`));
      expect([unmatched.status, unmatched.body.status, unmatched.body.invoiceNumber, unmatched.body.reason]).toEqual([
        200,
        'unmatched',
        null,
        'no invoice number in the reference',
      ]);
      // A repeat of the paid invoice's number, as a new event: kept as unmatched (the invoice is paid), not lost.
      const late = await post(event(`evt_${stamp}_3`, '5.00', `Nachzahlung ${invoice.number}`));
      expect([late.body.status, late.body.reason]).toEqual(['unmatched', `invoice ${invoice.number} is paid`]);
      const list = await ok('accounting', 'GET', '/api/v1/payments/unmatched?limit=200');
      const ids = list.items.map((i: { eventId: string }) => i.eventId);
      expect(ids).toEqual(expect.arrayContaining([lost, `evt_${stamp}_3`]));
      expect(ids).not.toContain(id);
      expect((await api('sales', 'GET', '/api/v1/payments/unmatched')).status).toBe(403);
    });
  });

  describe('Skonto (2 % within 7 days, 14 days net)', () => {
    /** One line at 19 % (100.00 net) and one at 7 % (50.00 net): gross 119.00 + 53.50 = 172.50. */
    async function skontoInvoice() {
      const customer = await newCustomer({ paymentTermsDays: 14, earlyPaymentDiscount: { percent: '2', days: 7 } });
      expect(customer.earlyPaymentDiscount).toEqual({ percent: '2', days: 7 });
      const full = await newProduct('100.00', 'standard');
      const reduced = await newProduct('50.00', 'reduced');
      const sale = await invoiceFor(customer.id, [full.id, reduced.id]);
      expect(sale.order.earlyPaymentDiscount).toEqual({ percent: '2', days: 7 });
      return sale.invoice;
    }
    const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const german = (date: string) => date.split('-').reverse().join('.');

    it('offers 3.45 off 172.50 until invoice date + 7 and grants it to 169.05 paid in time, split 2.38 (19 %) / 1.07 (7 %); prints it', async () => {
      const invoice = await skontoInvoice();
      expect(invoice.totals.gross).toBe('172.50');
      const issued = plusDays(invoice.dueDate, -14);
      // 2 % of 172.50 = 3.45; payable 169.05; last day issue date + 7.
      expect(invoice.earlyPaymentDiscount).toEqual({ percent: '2', days: 7, until: plusDays(issued, 7), amount: '3.45', payableAmount: '169.05' });
      const items = await ok('accounting', 'GET', `/api/v1/customers/${invoice.customer.id}/open-items`);
      expect(items.items[0].earlyPaymentDiscount).toEqual(invoice.earlyPaymentDiscount);

      const paid = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '169.05', receivedAt: plusDays(issued, 7) });
      expect([paid.status, paid.paidAmount, paid.openAmount, paid.payments[0].discountAmount]).toEqual(['paid', '169.05', '0.00', '3.45']);
      // 3.45 over the gross per rate 119.00 : 53.50 → 2.38 and 1.07; VAT in them 2.38 × 19/119 = 0.38, 1.07 × 7/107 = 0.07.
      const groups = [...paid.discountGranted.taxGroups].sort((x: { vatRate: string }, y: { vatRate: string }) => Number(y.vatRate) - Number(x.vatRate));
      expect(paid.discountGranted.amount).toBe('3.45');
      expect(groups.map((g: Record<string, string>) => [Number(g.vatRate), g.gross, g.net, g.vat])).toEqual([
        [19, '2.38', '2.00', '0.38'],
        [7, '1.07', '1.00', '0.07'],
      ]);
      expect((await credit(invoice.customer.id)).balances).toEqual([]);

      const text = pdfText(await downloadPdf(invoice.number)).replace(/\s+/g, ' ');
      expect(text).toContain(
        `Zahlbar bis ${german(invoice.dueDate)} ohne Abzug, bei Zahlung bis ${german(plusDays(issued, 7))} abzüglich 2 % Skonto (3,45 EUR): 169,05 EUR`,
      );
    });

    it('after a credit note the Skonto is on the reduced amount: 2 % of 119.00 = 2.38, payable 116.62, all at 19 %', async () => {
      const invoice = await skontoInvoice();
      const issued = plusDays(invoice.dueDate, -14);
      // The 7 % line taken back in full: −50.00 net, −3.50 VAT, −53.50 gross; 119.00 left, all at 19 %.
      const rk = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/credit-notes`, {
        reason: 'Rücknahme',
        lines: [{ invoicePosition: 2, quantity: '1' }],
      });
      expect(rk.totals.gross).toBe('-53.50');
      const reduced = await ok('accounting', 'GET', `/api/v1/invoices/${invoice.number}`);
      expect([reduced.openAmount, reduced.earlyPaymentDiscount]).toEqual([
        '119.00',
        { percent: '2', days: 7, until: plusDays(issued, 7), amount: '2.38', payableAmount: '116.62' },
      ]);
      const items = await ok('accounting', 'GET', `/api/v1/customers/${invoice.customer.id}/open-items`);
      expect([items.items[0].openAmount, items.items[0].earlyPaymentDiscount]).toEqual(['119.00', reduced.earlyPaymentDiscount]);
      // A cent short of the reduced payable amount earns nothing, so the test pays it exactly, in time.
      const paid = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '116.62', receivedAt: plusDays(issued, 7) });
      expect([paid.status, paid.paidAmount, paid.openAmount, paid.payments[0].discountAmount]).toEqual(['paid', '116.62', '0.00', '2.38']);
      // 2.38 gross at 19 % (nothing is left at 7 %): VAT 2.38 × 19/119 = 0.38, net 2.00.
      expect(paid.discountGranted.taxGroups.map((g: Record<string, string>) => [Number(g.vatRate), g.gross, g.net, g.vat])).toEqual([
        [19, '2.38', '2.00', '0.38'],
      ]);
      expect((await credit(invoice.customer.id)).balances).toEqual([]);
    });

    it("carries the customer's terms into a direct order; a quote's own terms (null: none) win over the customer's", async () => {
      const customer = await newCustomer({ earlyPaymentDiscount: { percent: '3', days: 10 } });
      const product = await newProduct('10.00');
      const direct = await ok('sales', 'POST', '/api/v1/orders', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: product.id, quantity: '1' }],
      });
      expect(direct.earlyPaymentDiscount).toEqual({ percent: '3', days: 10 });
      const none = await ok('sales', 'POST', '/api/v1/quotes', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: product.id, quantity: '1' }],
        earlyPaymentDiscount: null,
      });
      expect(none.earlyPaymentDiscount).toBeNull();
      const own = await ok('sales', 'POST', '/api/v1/quotes', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: product.id, quantity: '1' }],
        earlyPaymentDiscount: { percent: '1.5', days: 5 },
      });
      expect(own.earlyPaymentDiscount).toEqual({ percent: '1.5', days: 5 });
      const bad = await api('sales', 'POST', '/api/v1/quotes', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: product.id, quantity: '1' }],
        earlyPaymentDiscount: { percent: '100', days: 0 },
      });
      expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field).sort()]).toEqual([
        422,
        ['earlyPaymentDiscount.days', 'earlyPaymentDiscount.percent'],
      ]);
      // Skonto days must fall within the net days (14 here): on a quote, and on the customer; nothing is written.
      const tooLong = await api('sales', 'POST', '/api/v1/quotes', {
        customerId: customer.id,
        currency: 'EUR',
        lines: [{ productId: product.id, quantity: '1' }],
        earlyPaymentDiscount: { percent: '2', days: 14 },
      });
      expect([tooLong.status, tooLong.body.errors[0].field]).toEqual([422, 'earlyPaymentDiscount.days']);
      const shortNet = await api('sales', 'POST', `/api/v1/customers/${customer.id}`, { paymentTermsDays: 10, expectedVersion: customer.version });
      expect([shortNet.status, shortNet.body.errors[0].field]).toEqual([422, 'earlyPaymentDiscount.days']);
      expect((await ok('sales', 'GET', `/api/v1/customers/${customer.id}`)).paymentTermsDays).toBe(14);
      // Changed on the customer, audited like every field.
      const changed = await ok('sales', 'POST', `/api/v1/customers/${customer.id}`, { earlyPaymentDiscount: null, expectedVersion: customer.version });
      expect(changed.earlyPaymentDiscount).toBeNull();
    });

    it('grants nothing to a payment a day too late or a cent short: the invoice stays open by the difference', async () => {
      const late = await skontoInvoice();
      const issued = plusDays(late.dueDate, -14);
      const afterLate = await ok('accounting', 'POST', `/api/v1/invoices/${late.number}/payments`, { amount: '169.05', receivedAt: plusDays(issued, 8) });
      expect([afterLate.status, afterLate.openAmount, afterLate.discountGranted]).toEqual(['partially_paid', '3.45', null]);
      const rest = await ok('accounting', 'POST', `/api/v1/invoices/${late.number}/payments`, { amount: '3.45' });
      expect([rest.status, rest.openAmount, rest.discountGranted]).toEqual(['paid', '0.00', null]);

      const short = await skontoInvoice();
      const afterShort = await ok('accounting', 'POST', `/api/v1/invoices/${short.number}/payments`, { amount: '169.04', receivedAt: plusDays(issued, 1) });
      expect([afterShort.status, afterShort.openAmount, afterShort.discountGranted]).toEqual(['partially_paid', '3.46', null]);
    });
  });
});

import { Client as PgClient } from 'pg';
import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { addDays, berlinDate } from '../../shared/dates.ts';

/**
 * Dunning on the real services: reminders of an overdue invoice level by
 * level with § 288 BGB interest and fees, each a document with its PDF, the
 * overdue list per level, and no reminder once the invoice is paid. The sale
 * sends the levels by itself on its timers (see test/workflows/dunning.test.ts);
 * here an invoice is made 30 days overdue by moving its due date in the test
 * instance's database, and accounting asks for the reminders.
 */
describe('dunning', () => {
  let pg: PgClient;
  let before: any;
  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    before = await ok('accounting', 'GET', '/api/v1/dunning/settings');
  });
  afterAll(async () => {
    try {
      if (before) await ok('accounting', 'POST', '/api/v1/dunning/settings', before);
    } finally {
      await pg.end();
    }
  });

  it('reminds an overdue invoice at two levels with interest and fee, lists it per level, and stops once it is paid', async () => {
    const bad = await api('accounting', 'POST', '/api/v1/dunning/settings', { ...before, levels: [{ title: 'Erinnerung', afterDue: 'bald', fee: '0' }] });
    expect([bad.status, bad.body.errors[0].field]).toEqual([422, 'levels[0].afterDue']);
    expect((await api('sales', 'POST', '/api/v1/dunning/settings', before)).status).toBe(403);
    await ok('accounting', 'POST', '/api/v1/dunning/settings', {
      levels: [
        { title: 'Zahlungserinnerung', afterDue: '7d', fee: '0.00' },
        { title: '1. Mahnung', afterDue: '21d', fee: '5.00' },
      ],
      baseRatePercent: '1.27',
      pointsBusiness: '9',
      pointsConsumer: '5',
    });

    const customer = await newCustomer({ name: `Säumig GmbH ${Date.now()}`, type: 'business' });
    const product = await newProduct('1000.00', 'standard', 'Hydraulikpumpe HP-4');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect(invoice.totals.gross).toBe('1190.00');

    // Not overdue yet: no reminder.
    expect(await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/reminders`)).toEqual({ issued: false, reason: 'not_due', reminder: null });

    // 30 days later, as far as the invoice is concerned.
    const today = berlinDate(new Date());
    await pg.query(`update invoicing.invoice set due_date = $1 where number = $2`, [addDays(today, -30), invoice.number]);
    const waiting = await ok('accounting', 'GET', '/api/v1/dunning/overdue?level=0');
    expect(waiting.find((i: any) => i.invoiceNumber === invoice.number)).toMatchObject({ daysOverdue: 30, openAmount: '1190.00', level: 0, reminders: [] });

    // Level 1: interest 10.27 % p. a. (base rate 1.27 + 9 points, a business) on 1,190.00 for 30 days = 10.0449… → 10.04; no fee.
    const first = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/reminders`);
    expect(first).toMatchObject({ issued: true, reason: 'issued' });
    expect(first.reminder).toMatchObject({
      level: 1,
      title: 'Zahlungserinnerung',
      daysOverdue: 30,
      openAmount: '1190.00',
      interestRatePercent: '10.27',
      interest: '10.04',
      fee: '0.00',
      total: '1200.04',
      payBy: addDays(today, 7),
    });
    expect(first.reminder.number).toMatch(/^MA-\d{4}-\d{5}$/);
    // Level 2 with its fee of 5.00.
    const second = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/reminders`);
    expect(second.reminder).toMatchObject({ level: 2, title: '1. Mahnung', interest: '10.04', fee: '5.00', total: '1205.04' });
    expect((await ok('accounting', 'GET', '/api/v1/dunning/overdue?level=2')).find((i: any) => i.invoiceNumber === invoice.number)).toMatchObject({
      level: 2,
      reminders: [first.reminder.number, second.reminder.number],
    });
    // There is no third level.
    const third = await api('accounting', 'POST', `/api/v1/invoices/${invoice.number}/reminders`);
    expect([third.status, third.body.errors[0].field]).toEqual([422, 'level']);

    // What the customer reads.
    const lines = pdfText(await downloadPdf(second.reminder.number))
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toContain(`1. Mahnung ${second.reminder.number}`);
    expect(lines).toContain(`Offener Betrag der Rechnung ${invoice.number} (fällig am ${addDays(today, -30).split('-').reverse().join('.')}) 1.190,00 EUR`);
    expect(lines).toContain('Verzugszinsen 10,27 % p. a. für 30 Tage (§ 288 BGB) 10,04 EUR');
    expect(lines).toContain('Mahngebühr 5,00 EUR');
    expect(lines).toContain('Zu zahlen 1.205,04 EUR');
    expect(lines.some((l) => l.startsWith(`Bitte überweisen Sie 1.205,04 EUR bis zum ${addDays(today, 7).split('-').reverse().join('.')}`))).toBe(true);

    // Paid: no more reminders, and off the overdue list.
    await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '1190.00' });
    expect(await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/reminders`)).toEqual({ issued: false, reason: 'settled', reminder: null });
    expect((await ok('accounting', 'GET', '/api/v1/dunning/overdue')).some((i: any) => i.invoiceNumber === invoice.number)).toBe(false);
  });
});

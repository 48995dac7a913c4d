import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { api, downloadPdf, newCustomer, newProduct, ok, orderedSale, pdfText } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';
import { EVENTS_STREAM } from '../../shared/nats/connection.ts';
import { ReturnReceived } from '../../shared/contracts/fulfillment/events.ts';

/**
 * Corrections of issued invoices through the REST API on the real stack: a
 * cancellation invoice (Stornorechnung, ST) reversing an invoice in full, credit
 * notes (Rechnungskorrektur, RK) for a return and for a price reduction, refunds,
 * each with its own number and referring to the invoice, amounts computed here
 * by hand per VAT rate; refusals write nothing; a redelivered return event
 * gives one credit note; the PDFs read line by line.
 */

/** The PDF's text lines, runs of spaces collapsed (see documents.test.ts). */
async function pdfLines(number: string): Promise<string[]> {
  return pdfText(await downloadPdf(number))
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').replace(/(\d)%/g, '$1 %').trim())
    .filter(Boolean);
}

/** The one line holding this label. */
function row(lines: string[], label: string): string {
  const found = lines.filter((l) => l.includes(label));
  expect({ label, found: found.length }).toEqual({ label, found: 1 });
  return found[0]!;
}

const de = (iso: string) => {
  const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  return d.split('-').reverse().join('.');
};

const groups = (totals: any) => totals.taxGroups.map((g: any) => [g.vatRate, g.net, g.vat, g.gross]);

describe('corrections: cancellation invoices, credit notes, refunds', () => {
  let pg: PgClient;
  let nc: NatsConnection;
  let customerId: string;
  let drill: any;
  let book: any;

  /** What refusals must leave as it was: invoices (with their corrections), payments, refunds, published events, number series. */
  const counts = async () =>
    (
      await pg.query(`select (select count(*) from invoicing.invoice) i, (select count(*) from invoicing.payment) p, (select count(*) from invoicing.refund) r,
        (select count(*) from invoicing.outbox_event) e, (select coalesce(sum(last_value), 0) from invoicing.number_series) n`)
    ).rows[0];
  const exposure = async () =>
    (await pg.query(`select open_base::numeric::text v from quote.customer_exposure where customer_id = $1`, [customerId])).rows[0]?.v as string | undefined;
  const invoice = (number: string) => ok('accounting', 'GET', `/api/v1/invoices/${number}`);
  const stage = async (quoteNumber: string) => (await ok('sales', 'GET', `/api/v1/sales/${quoteNumber}`)).stage as string;

  async function invoicedOrder(lines: { productId: string; quantity: string }[], customer = customerId) {
    const { quote, order } = await orderedSale(lines, customer);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const inv = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    return { quote, order, note, invoice: inv };
  }

  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    nc = await connect({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
    customerId = (await newCustomer()).id;
    drill = await newProduct('19.99', 'standard', 'Bohrmaschine');
    book = await newProduct('12.35', 'reduced', 'Fachbuch');
  });
  afterAll(async () => {
    await pg.end();
    await nc.close();
  });

  it('a cancellation invoice reverses an unpaid invoice in full per rate; the invoice stays as issued; paying it then answers 409 and writes nothing', async () => {
    const { invoice: inv, note } = await invoicedOrder([
      { productId: drill.id, quantity: '3' },
      { productId: book.id, quantity: '4' },
    ]);
    // 3 × 19.99 = 59.97 at 19 %: VAT 11.3943 → 11.39; 4 × 12.35 = 49.40 at 7 %: VAT 3.458 → 3.46.
    expect(groups(inv.totals)).toEqual([
      ['19', '59.97', '11.39', '71.36'],
      ['7', '49.40', '3.46', '52.86'],
    ]);
    expect([inv.kind, inv.refersTo, inv.corrections, inv.totals.gross]).toEqual(['invoice', null, [], '124.22']);

    const cancelled = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/cancel`, { reason: 'Falsche Rechnungsanschrift' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.corrections).toHaveLength(1);
    const stNumber = cancelled.corrections[0];
    expect(stNumber).toMatch(/^ST-\d{4}-\d{5}$/);
    // The invoice's content is exactly as issued.
    expect([cancelled.lines, cancelled.totals, cancelled.taxNotes, cancelled.number]).toEqual([inv.lines, inv.totals, inv.taxNotes, inv.number]);

    const st = await ok('accounting', 'GET', `/api/v1/cancellation-invoices/${stNumber}`);
    expect([st.kind, st.refersTo, st.reason, st.orderNumber, st.currency]).toEqual([
      'cancellation',
      inv.number,
      'Falsche Rechnungsanschrift',
      inv.orderNumber,
      'EUR',
    ]);
    expect(st.lines.map((l: any) => [l.invoicePosition, l.sku, l.quantity, l.unitPrice, l.net])).toEqual([
      [1, drill.sku, '-3', '19.99', '-59.97'],
      [2, book.sku, '-4', '12.35', '-49.40'],
    ]);
    expect(groups(st.totals)).toEqual([
      ['19', '-59.97', '-11.39', '-71.36'],
      ['7', '-49.40', '-3.46', '-52.86'],
    ]);
    expect([st.totals.net, st.totals.vat, st.totals.gross, st.grossBase]).toEqual(['-109.37', '-14.85', '-124.22', '-124.22']);
    expect(st.taxNotes).toEqual(inv.taxNotes);
    // A cancellation invoice is no credit note and not an invoice of its own.
    expect((await api('accounting', 'GET', `/api/v1/credit-notes/${stNumber}`)).status).toBe(404);
    // Cancelling again is the same step of the sale: it answers the same, no second cancellation invoice.
    const again = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/cancel`, { reason: 'noch einmal' });
    expect([again.status, again.corrections]).toEqual(['cancelled', [stNumber]]);
    expect((await ok('accounting', 'GET', `/api/v1/invoices?refersTo=${inv.number}`)).items.map((i: any) => i.number)).toEqual([stNumber]);

    // Paying the cancelled invoice: 409, nothing written.
    const before = await counts();
    const pay = await api('accounting', 'POST', `/api/v1/invoices/${inv.number}/payments`, { amount: '124.22' });
    expect(pay.status).toBe(409);
    expect(pay.body.detail).toContain("'cancelled'");
    expect(await counts()).toEqual(before);

    // The PDF, line by line.
    const lines = await pdfLines(stNumber);
    expect(lines.join('\n')).not.toMatch(/Gutschrift/i);
    expect(row(lines, `Stornorechnung ${stNumber}`)).toBe(`Stornorechnung ${stNumber}`);
    expect(row(lines, 'Stornorechnung zu Rechnung')).toBe(`Stornorechnung zu Rechnung ${inv.number} vom ${de(inv.createdAt)}`);
    expect(row(lines, 'Grund:')).toBe('Grund: Falsche Rechnungsanschrift');
    expect(row(lines, drill.sku)).toBe(`1 ${drill.sku} Bohrmaschine -3 Stk 19,99 – 19 % -59,97`);
    expect(row(lines, book.sku)).toBe(`2 ${book.sku} Fachbuch -4 Stk 12,35 – 7 % -49,40`);
    expect(row(lines, 'Summe netto')).toBe('Summe netto -109,37 EUR');
    expect(row(lines, 'USt 19 % auf')).toBe('USt 19 % auf -59,97 EUR -11,39 EUR');
    expect(row(lines, 'USt 7 % auf')).toBe('USt 7 % auf -49,40 EUR -3,46 EUR');
    expect(row(lines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) -124,22 EUR');
    expect(row(lines, 'Storno-Nr.')).toContain(stNumber);
    expect(lines.some((l) => l.includes('USt-IdNr.:'))).toBe(true); // seller data in the footer
    expect((await api('accounting', 'GET', `/api/v1/cancellation-invoices/${stNumber}/pdf`)).status).toBe(200);
    // The original's PDF is untouched: still the invoice as issued.
    expect(row(await pdfLines(inv.number), 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) 124,22 EUR');

    // The delivery note may be billed again after the cancellation.
    const rebilled = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect(rebilled.number).not.toBe(inv.number);
    expect(rebilled.totals.gross).toBe('124.22');
  });

  it('a return is credited by a credit note for exactly the returned quantities, once even when redelivered; refunds, refusals and the sale settling', async () => {
    // A customer of its own, so the receivables projection sees only this sale.
    customerId = (await newCustomer()).id;
    const {
      quote,
      order,
      invoice: inv,
    } = await invoicedOrder([
      { productId: drill.id, quantity: '3' },
      { productId: book.id, quantity: '4' },
    ]);
    await eventually(async () => (await exposure()) === '124.2200', 30_000, 'the invoice in the receivables');
    expect(inv.totals.gross).toBe('124.22');
    await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/payments`, { amount: '100.00' });

    // 1 drill and 2 books come back.
    const ret = await ok('sales', 'POST', `/api/v1/orders/${order.number}/returns`, {
      lines: [
        { orderPosition: 1, quantity: '1', reason: 'defekt', condition: 'damaged' },
        { orderPosition: 2, quantity: '2', reason: 'doppelt geliefert', condition: 'resaleable' },
      ],
    });
    const received = await ok('warehouse', 'POST', `/api/v1/returns/${ret.number}/receive`);
    const credited = await eventually(
      async () => {
        const i = await invoice(inv.number);
        return i.corrections.length === 1 ? i : null;
      },
      30_000,
      'credit note for the return',
    );
    const rkNumber = credited.corrections[0];
    expect(rkNumber).toMatch(/^RK-\d{4}-\d{5}$/);
    const rk = await ok('accounting', 'GET', `/api/v1/credit-notes/${rkNumber}`);
    expect([rk.kind, rk.refersTo, rk.reason]).toEqual(['credit_note', inv.number, `Retoure ${ret.number}, eingegangen am ${de(received.receivedAt)}`]);
    // 1 × 19.99 at 19 %: VAT 3.7981 → 3.80; 2 × 12.35 = 24.70 at 7 %: VAT 1.729 → 1.73.
    expect(rk.lines.map((l: any) => [l.invoicePosition, l.quantity, l.unitPrice, l.net])).toEqual([
      [1, '-1', '19.99', '-19.99'],
      [2, '-2', '12.35', '-24.70'],
    ]);
    expect(groups(rk.totals)).toEqual([
      ['19', '-19.99', '-3.80', '-23.79'],
      ['7', '-24.70', '-1.73', '-26.43'],
    ]);
    expect([rk.totals.net, rk.totals.vat, rk.totals.gross]).toEqual(['-44.69', '-5.53', '-50.22']);
    // Paid 100.00 + credited 50.22 > 124.22: nothing open, the 26.00 beyond it go to the customer's credit balance
    // (nothing to refund against the note); the invoice counts as paid.
    expect([credited.status, credited.creditedAmount, credited.openAmount, credited.refundableAmount, credited.creditedToBalance]).toEqual([
      'paid',
      '50.22',
      '0.00',
      '0.00',
      '26.00',
    ]);
    expect(credited.lines).toEqual(inv.lines);
    expect(credited.totals).toEqual(inv.totals);
    // The sale learns it from the correction relay: everything shipped is invoiced and settled.
    await eventually(async () => (await stage(quote.number)) === 'paid', 30_000, 'sale settled by the credit note');

    // The PDF of the credit note.
    const lines = await pdfLines(rkNumber);
    expect(lines.join('\n')).not.toMatch(/Gutschrift/i);
    expect(row(lines, `Rechnungskorrektur ${rkNumber}`)).toBe(`Rechnungskorrektur ${rkNumber}`);
    expect(row(lines, 'Rechnungskorrektur zu Rechnung')).toBe(`Rechnungskorrektur zu Rechnung ${inv.number} vom ${de(inv.createdAt)}`);
    expect(row(lines, 'Grund:')).toBe(`Grund: ${rk.reason}`);
    expect(row(lines, drill.sku)).toBe(`1 ${drill.sku} Bohrmaschine -1 Stk 19,99 – 19 % -19,99`);
    expect(row(lines, book.sku)).toBe(`2 ${book.sku} Fachbuch -2 Stk 12,35 – 7 % -24,70`);
    expect(row(lines, 'USt 19 % auf')).toBe('USt 19 % auf -19,99 EUR -3,80 EUR');
    expect(row(lines, 'USt 7 % auf')).toBe('USt 7 % auf -24,70 EUR -1,73 EUR');
    expect(row(lines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) -50,22 EUR');
    expect((await api('accounting', 'GET', `/api/v1/credit-notes/${rkNumber}/pdf`)).status).toBe(200);
    expect((await api('accounting', 'GET', `/api/v1/invoices/${rkNumber}/pdf`)).status).toBe(404);

    // The return event again: the same envelope (inbox) and the same return under a new event id: still one credit note.
    const js = jetstream(nc);
    const stored = await (await js.consumers.get(EVENTS_STREAM, { filter_subjects: ReturnReceived.subject })).fetch({ max_messages: 10_000, expires: 3000 });
    let envelope: any = null;
    for await (const m of stored) {
      const e = m.json<any>();
      if (e.data.number === ret.number) envelope = e;
      if (m.info.pending === 0) break;
    }
    expect(envelope).not.toBeNull();
    const copy = { ...envelope, id: randomUUID() };
    await js.publish(ReturnReceived.subject, JSON.stringify(envelope), { msgID: randomUUID() });
    await js.publish(ReturnReceived.subject, JSON.stringify(copy), { msgID: randomUUID() });
    await eventually(
      async () => (await pg.query(`select 1 from invoicing.processed_event where event_id = $1`, [copy.id])).rowCount === 1,
      30_000,
      'the copy handled',
    );
    expect((await invoice(inv.number)).corrections).toEqual([rkNumber]);
    expect((await ok('accounting', 'GET', `/api/v1/invoices?refersTo=${inv.number}`)).items.map((i: any) => i.number)).toEqual([rkNumber]);

    // More than is left to credit on a line: 409 naming the field, nothing written.
    let before = await counts();
    const tooMuch = await api('accounting', 'POST', `/api/v1/invoices/${inv.number}/credit-notes`, {
      reason: 'Kulanz',
      lines: [
        { invoicePosition: 2, netAmount: '1.00' },
        { invoicePosition: 1, quantity: '2.5' },
      ],
    });
    expect([tooMuch.status, tooMuch.body.code, tooMuch.body.errors.map((e: any) => e.field)]).toEqual([409, 'exceeds_creditable', ['lines[1].quantity']]);
    const tooDear = await api('accounting', 'POST', `/api/v1/invoices/${inv.number}/credit-notes`, {
      reason: 'Kulanz',
      lines: [{ invoicePosition: 2, netAmount: '24.71' }],
    });
    expect([tooDear.status, tooDear.body.errors.map((e: any) => e.field)]).toEqual([409, ['lines[0].netAmount']]);
    expect(
      (await api('sales', 'POST', `/api/v1/invoices/${inv.number}/credit-notes`, { reason: 'Kulanz', lines: [{ invoicePosition: 2, netAmount: '1.00' }] }))
        .status,
    ).toBe(403);
    expect(await counts()).toEqual(before);

    // A price reduction by API: 5.00 net on the books (7 %): VAT 0.35, gross 5.35.
    const rk2 = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/credit-notes`, {
      reason: 'Preisnachlass wegen verspäteter Lieferung',
      lines: [{ invoicePosition: 2, netAmount: '5.00' }],
    });
    expect(rk2.number).toMatch(/^RK-\d{4}-\d{5}$/);
    expect(Number(rk2.number.slice(-5))).toBe(Number(rkNumber.slice(-5)) + 1); // gapless after the refusals
    expect([rk2.refersTo, rk2.lines.map((l: any) => [l.invoicePosition, l.quantity, l.net, l.priceReduction]), groups(rk2.totals)]).toEqual([
      inv.number,
      [[2, '-1', '-5.00', true]],
      [['7', '-5.00', '-0.35', '-5.35']],
    ]);
    const after = await invoice(inv.number);
    expect([after.corrections, after.creditedAmount, after.openAmount, after.refundableAmount, after.creditedToBalance]).toEqual([
      [rkNumber, rk2.number],
      '55.57',
      '0.00',
      '0.00',
      '31.35',
    ]);

    // The excess of both notes is the customer's credit balance (26.00 + 5.35 = 31.35), not refunded against the notes:
    // a refund against a note answers 409 and writes nothing; the balance is refunded (or used on the next invoice).
    before = await counts();
    const against = await api('accounting', 'POST', `/api/v1/credit-notes/${rk2.number}/refunds`, { amount: '0.01' });
    expect([against.status, against.body.code, against.body.errors.map((e: any) => e.field)]).toEqual([409, 'exceeds_refundable', ['amount']]);
    expect(await counts()).toEqual(before);
    let account = await ok('accounting', 'GET', `/api/v1/customers/${customerId}/credit`);
    expect([account.balances, account.entries.map((e: any) => [e.kind, e.amount, e.invoiceNumber, e.reference])]).toEqual([
      [{ currency: 'EUR', balance: '31.35' }],
      [
        ['credit_note', '26.00', inv.number, rkNumber],
        ['credit_note', '5.35', inv.number, rk2.number],
      ],
    ]);
    const tooMuchBack = await api('accounting', 'POST', `/api/v1/customers/${customerId}/credit/refunds`, { currency: 'EUR', amount: '31.36', reference: 'x' });
    expect([tooMuchBack.status, tooMuchBack.body.code]).toEqual([409, 'exceeds_credit_balance']);
    account = await ok('accounting', 'POST', `/api/v1/customers/${customerId}/credit/refunds`, {
      currency: 'EUR',
      amount: '31.35',
      reference: 'Überweisung 4711',
    });
    expect(account.balances).toEqual([{ currency: 'EUR', balance: '0.00' }]);
    const settled = await invoice(inv.number);
    expect([settled.status, settled.openAmount, settled.refundableAmount]).toEqual(['paid', '0.00', '0.00']);

    // A paid invoice is not cancelled (a credit note corrects it), and corrections are not paid.
    expect((await api('accounting', 'POST', `/api/v1/invoices/${inv.number}/cancel`, { reason: 'zu spät' })).status).toBe(409);
    expect((await api('accounting', 'POST', `/api/v1/invoices/${inv.number}/payments`, { amount: '1.00' })).status).toBe(409);

    // The customer's open receivables: +124.22 − 100.00 − 50.22 + 26.00 (to credit) − 5.35 + 5.35 (to credit) = 0; the credit balance stands apart.
    await eventually(async () => (await exposure()) === '0.0000', 30_000, 'receivables back to zero');
  });

  it('an invoice credited in full is credited to the cent; returned goods with nothing invoiced left to credit get no credit note', async () => {
    const { order, invoice: inv } = await invoicedOrder([
      { productId: drill.id, quantity: '3' },
      { productId: book.id, quantity: '4' },
    ]);
    // Credit everything in two notes: VAT of the last note takes the rest per rate.
    const first = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/credit-notes`, {
      reason: 'Teilrücknahme',
      lines: [
        { invoicePosition: 1, quantity: '1' },
        { invoicePosition: 2, quantity: '1' },
      ],
    });
    // 19.99 at 19 %: 3.80; 12.35 at 7 %: 0.8645 → 0.86.
    expect(groups(first.totals)).toEqual([
      ['19', '-19.99', '-3.80', '-23.79'],
      ['7', '-12.35', '-0.86', '-13.21'],
    ]);
    const rest = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/credit-notes`, {
      reason: 'Rest',
      lines: [
        { invoicePosition: 1, quantity: '2' },
        { invoicePosition: 2, quantity: '3' },
      ],
    });
    // 11.39 − 3.80 = 7.59 (not round(39.98 × 0.19) = 7.60); 3.46 − 0.86 = 2.60 (round(37.05 × 0.07) = 2.59).
    expect(groups(rest.totals)).toEqual([
      ['19', '-39.98', '-7.59', '-47.57'],
      ['7', '-37.05', '-2.60', '-39.65'],
    ]);
    const full = await invoice(inv.number);
    expect([full.status, full.creditedAmount, full.openAmount, full.refundableAmount]).toEqual(['paid', '124.22', '0.00', '0.00']);

    // A return of goods of a fully credited invoice: nothing left to credit, no credit note.
    const ret = await ok('sales', 'POST', `/api/v1/orders/${order.number}/returns`, {
      lines: [{ orderPosition: 1, quantity: '1', reason: 'defekt', condition: 'damaged' }],
    });
    await ok('warehouse', 'POST', `/api/v1/returns/${ret.number}/receive`);
    await eventually(
      async () => (await pg.query(`select 1 from invoicing.audit_entry where aggregate_id = $1 and action = 'not_credited'`, [ret.number])).rowCount === 1,
      30_000,
      'the uncredited return recorded',
    );
    expect((await invoice(inv.number)).corrections).toEqual([first.number, rest.number]);

    // Goods shipped but never invoiced come back: no credit note, the return's audit trail says so.
    const { order: unbilled } = await orderedSale([{ productId: book.id, quantity: '2' }], customerId);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${unbilled.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const back = await ok('sales', 'POST', `/api/v1/orders/${unbilled.number}/returns`, {
      lines: [{ orderPosition: 1, quantity: '1', reason: 'falsch', condition: 'resaleable' }],
    });
    await ok('warehouse', 'POST', `/api/v1/returns/${back.number}/receive`);
    const audit = await eventually(
      async () => (await pg.query(`select details from invoicing.audit_entry where aggregate_id = $1 and action = 'not_credited'`, [back.number])).rows[0],
      30_000,
      'the uncredited return recorded',
    );
    expect(audit.details).toEqual({
      orderNumber: unbilled.number,
      uncredited: [{ orderPosition: 1, quantity: '1' }],
      reason: 'not_invoiced',
      explanation: 'no live invoice bills the goods; the next invoice bills what was shipped',
    });
    expect((await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${unbilled.number}`)).items).toEqual([]);
  });

  it('concurrent credit notes of one invoice queue on the invoice: together they never credit more than the line', async () => {
    const { invoice: inv } = await invoicedOrder([{ productId: drill.id, quantity: '3' }]);
    const tries = await Promise.all(
      [1, 2, 3].map(() =>
        api('accounting', 'POST', `/api/v1/invoices/${inv.number}/credit-notes`, { reason: 'Kulanz', lines: [{ invoicePosition: 1, quantity: '2' }] }),
      ),
    );
    expect(tries.map((t) => t.status).sort()).toEqual([201, 409, 409]);
    const after = await invoice(inv.number);
    // 2 × 19.99 = 39.98 at 19 %: VAT 7.5962 → 7.60; gross 47.58.
    expect([after.corrections.length, after.creditedAmount]).toEqual([1, '47.58']);
  });

  it('corrections carry the tax notes of the invoice they correct (intra-EU supply at 0 %), in JSON and PDF', async () => {
    const note = 'Steuerfreie innergemeinschaftliche Lieferung gemäß § 4 Nr. 1b i. V. m. § 6a UStG';
    const customer = await newCustomer({
      type: 'business',
      vatId: 'ATU13585627',
      billingAddress: { name: 'Kunde AT Korrektur', street: 'Ring 1', postalCode: '1010', city: 'Wien', country: 'AT' },
    });
    const first = await invoicedOrder([{ productId: drill.id, quantity: '2' }], customer.id);
    const second = await invoicedOrder([{ productId: drill.id, quantity: '2' }], customer.id);
    expect([first.invoice.taxNotes, first.invoice.totals.gross]).toEqual([[note], '39.98']);
    const cancelled = await ok('accounting', 'POST', `/api/v1/invoices/${first.invoice.number}/cancel`, { reason: 'doppelt' });
    const rk = await ok('accounting', 'POST', `/api/v1/invoices/${second.invoice.number}/credit-notes`, {
      reason: 'Kulanz',
      lines: [{ invoicePosition: 1, netAmount: '10.00' }],
    });
    for (const number of [cancelled.corrections[0], rk.number]) {
      const doc = await invoice(number);
      expect(doc.taxNotes).toEqual([note]);
      const text = (await pdfLines(number)).join(' ');
      expect(text).toContain(note);
      expect(text).toContain('USt-IdNr. des Leistungsempfängers: ATU13585627');
    }
    expect(groups(rk.totals)).toEqual([['0', '-10.00', '0.00', '-10.00']]);
  });
});

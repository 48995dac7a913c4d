import { Client as PgClient } from 'pg';
import { api, downloadPdf, newCustomer, newProduct, ok, orderedSale, pdfText } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * Combined invoices (Sammelrechnung) through the REST API on the real stack:
 * one invoice, one RE number, over delivery notes of two orders of one
 * customer, amounts computed here by hand per VAT rate; refusals write
 * nothing and name the field; two combined invoices over the same note at
 * once: exactly one wins; the payment settles both orders' sales and billing
 * status; the PDF lists the lines grouped per order and delivery note.
 */

async function pdfLines(number: string): Promise<string[]> {
  return pdfText(await downloadPdf(number))
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

describe('combined invoices (Sammelrechnung)', () => {
  let pg: PgClient;
  let customerId: string;
  let drill: any;
  let book: any;

  /** What a refusal must leave as it was: invoices, their notes, published events, number series. */
  const counts = async () =>
    (
      await pg.query(`select (select count(*) from invoicing.invoice) i, (select count(*) from invoicing.invoiced_delivery_note) d,
        (select count(*) from invoicing.outbox_event) e, (select coalesce(sum(last_value), 0) from invoicing.number_series) n`)
    ).rows[0];

  async function shipped(lines: { productId: string; quantity: string }[], customer = customerId) {
    const { quote, order } = await orderedSale(lines, customer);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    return { quote, order, note };
  }

  beforeAll(async () => {
    pg = new PgClient({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor' });
    await pg.connect();
    customerId = (await newCustomer()).id;
    drill = await newProduct('19.99', 'standard', 'Bohrmaschine');
    book = await newProduct('12.35', 'reduced', 'Fachbuch');
  });
  afterAll(() => pg.end());

  it('bills two orders of one customer with one invoice; refusals write nothing; the payment settles both sales', async () => {
    const a = await shipped([{ productId: drill.id, quantity: '2' }]);
    const b = await shipped([{ productId: book.id, quantity: '3' }]);

    // Refusals first: each names the field, nothing is written.
    const before = await counts();
    const other = await shipped([{ productId: drill.id, quantity: '1' }], (await newCustomer()).id);
    const unshippedOrder = await orderedSale([{ productId: book.id, quantity: '1' }], customerId);
    const unshipped = await ok('warehouse', 'POST', `/api/v1/orders/${unshippedOrder.order.number}/delivery-notes`, {});
    const afterSetup = await counts();
    const refusals = [
      await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [a.note.number, other.note.number] }),
      await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [a.note.number, unshipped.number] }),
      await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [other.note.number], customerId }),
      await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [a.note.number, b.note.number], draft: true }),
    ];
    expect(refusals.map((r) => [r.status, r.body.code, r.body.errors?.map((e: any) => e.field)])).toEqual([
      [422, 'customer_mismatch', ['deliveryNoteNumbers[1]']],
      [409, 'not_shipped', ['deliveryNoteNumbers[1]']],
      [422, 'customer_mismatch', ['customerId']],
      [422, 'validation_failed', ['draft']],
    ]);
    expect(await counts()).toEqual(afterSetup);
    expect(afterSetup).toEqual(before); // shipping writes nothing in invoicing

    const inv = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [a.note.number, b.note.number], customerId });
    expect(inv.number).toMatch(/^RE-\d{4}-\d{5}$/);
    // By hand: 2 × 19.99 = 39.98 at 19 % (VAT 7.5962 → 7.60); 3 × 12.35 = 37.05 at 7 % (VAT 2.5935 → 2.59).
    // Net 77.03, VAT 10.19, gross 87.22.
    expect([inv.orderNumber, inv.orderNumbers, inv.deliveryNoteNumbers]).toEqual([
      a.order.number,
      [a.order.number, b.order.number],
      [a.note.number, b.note.number],
    ]);
    expect(inv.lines.map((l: any) => [l.position, l.orderNumber, l.deliveryNoteNumber, l.quantity, l.net, l.vatRate])).toEqual([
      [1, a.order.number, a.note.number, '2', '39.98', '19'],
      [2, b.order.number, b.note.number, '3', '37.05', '7'],
    ]);
    expect([inv.totals.net, inv.totals.vat, inv.totals.gross]).toEqual(['77.03', '10.19', '87.22']);
    expect(inv.totals.taxGroups.map((g: any) => [g.vatRate, g.net, g.vat, g.gross])).toEqual([
      ['19', '39.98', '7.60', '47.58'],
      ['7', '37.05', '2.59', '39.64'],
    ]);

    // Billed once: the note again, alone or combined, answers 409 naming it.
    const again = await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [b.note.number] });
    expect([again.status, again.body.code]).toEqual([409, 'already_invoiced']);
    const againCombined = await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [a.note.number, b.note.number] });
    expect([againCombined.status, againCombined.body.code, againCombined.body.errors.map((e: any) => e.field)]).toEqual([
      409,
      'already_invoiced',
      ['deliveryNoteNumbers[0]'],
    ]);

    // Both sales know the invoice; the PDF lists the lines per order and delivery note.
    for (const q of [a.quote.number, b.quote.number]) {
      const sale = await ok('sales', 'GET', `/api/v1/sales/${q}`);
      expect([sale.stage, sale.invoiceNumbers]).toEqual(['invoiced', [inv.number]]);
    }
    // Each order lists the invoice among its invoices.
    for (const o of [a.order.number, b.order.number]) {
      expect((await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${o}`)).items.map((i: any) => i.number)).toEqual([inv.number]);
    }
    const lines = await pdfLines(inv.number);
    const at = (text: string) => {
      const i = lines.findIndex((l) => l.includes(text));
      expect({ text, found: i >= 0 }).toEqual({ text, found: true });
      return i;
    };
    const groupA = at(`Auftrags-Nr. ${a.order.number}, Lieferschein ${a.note.number}`);
    const lineA = at('Bohrmaschine');
    const groupB = at(`Auftrags-Nr. ${b.order.number}, Lieferschein ${b.note.number}`);
    const lineB = at('Fachbuch');
    expect(groupA < lineA && lineA < groupB && groupB < lineB).toBe(true);
    expect(lines[lineA]).toMatch(/39,98$/);
    expect(lines[lineB]).toMatch(/37,05$/);
    expect(lines.some((l) => l.includes(`${a.order.number}, ${b.order.number}`))).toBe(true);
    expect(lines.join(' ')).toContain(`vielen Dank für Ihre Aufträge ${a.order.number} und ${b.order.number}.`);
    expect(lines.find((l) => l.startsWith('Gesamtbetrag (brutto)'))).toBe('Gesamtbetrag (brutto) 87,22 EUR');

    // One payment on the invoice settles both orders and both sales.
    const paid = await ok('accounting', 'POST', `/api/v1/invoices/${inv.number}/payments`, { amount: '87.22' });
    expect([paid.status, paid.openAmount]).toEqual(['paid', '0.00']);
    for (const [q, o] of [
      [a.quote.number, a.order.number],
      [b.quote.number, b.order.number],
    ]) {
      await eventually(async () => (await ok('sales', 'GET', `/api/v1/sales/${q}`)).stage === 'paid', 30_000, `sale ${q} paid`);
      await eventually(async () => (await ok('sales', 'GET', `/api/v1/orders/${o}`)).billingStatus === 'paid', 30_000, `order ${o} paid`);
    }
  });

  it('two combined invoices over the same note at once: exactly one wins, the other answers 409 naming the note', async () => {
    const a = await shipped([{ productId: drill.id, quantity: '1' }]);
    const b = await shipped([{ productId: book.id, quantity: '1' }]);
    const c = await shipped([{ productId: book.id, quantity: '2' }]);
    const before = await counts();
    const [x, y] = await Promise.all([
      api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [a.note.number, b.note.number] }),
      api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [c.note.number, b.note.number] }),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    const lost = x.status === 409 ? x : y;
    expect([lost.body.code, lost.body.errors.map((e: any) => e.field)]).toEqual(['already_invoiced', ['deliveryNoteNumbers[1]']]);
    const after = await counts();
    // One invoice, its two notes, one number.
    expect([after.i - before.i, after.d - before.d, Number(after.n) - Number(before.n)]).toEqual([1, 2, 1]);
  });
});

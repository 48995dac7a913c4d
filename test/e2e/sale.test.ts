import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { berlinDate } from '../../shared/dates.ts';

/**
 * The walking skeleton: one complete sale through the REST API against the
 * real Temporal, NATS, PostgreSQL and Chromium, checked to the cent, in the
 * PDFs and in the workflow's history.
 */
describe('a complete sale from quote to payment', () => {
  let temporal: Client;
  beforeAll(async () => {
    temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }) });
  });
  afterAll(async () => {
    await temporal.connection.close();
  });

  it('runs AN → AB → LS → RE → paid with correct amounts, PDFs and workflow history', async () => {
    const started = Date.now();
    const customer = await newCustomer({ name: 'Feinmechanik Krause GmbH', vatId: 'DE129274202' });
    const gear = await newProduct('1249.99', 'standard', 'Zahnrad Modul 2');
    const cable = await newProduct('3.85', 'standard', 'Steuerkabel');
    const manual = await newProduct('29.90', 'reduced', 'Handbuch');

    // 2 × 1249.99 − 5 % = 2374.981 → 2374.98; 12.5 m × 3.85 = 48.125 → 48.13; 3 × 29.90 = 89.70 (7 %).
    const quote = await ok('sales', 'POST', '/api/v1/quotes', {
      customerId: customer.id,
      currency: 'EUR',
      lines: [
        { productId: gear.id, quantity: '2', discountPercent: '5' },
        { productId: cable.id, quantity: '12.5' },
        { productId: manual.id, quantity: '3' },
      ],
    });
    expect(quote.number).toMatch(/^AN-\d{4}-\d{5}$/);
    expect(quote.lines.map((l: { net: string }) => l.net)).toEqual(['2374.98', '48.13', '89.70']);
    expect(quote.totals.taxGroups).toEqual([
      { vatRate: '19', net: '2423.11', vat: '460.39', gross: '2883.50' },
      { vatRate: '7', net: '89.70', vat: '6.28', gross: '95.98' },
    ]);
    expect(quote.totals).toMatchObject({ net: '2512.81', vat: '466.67', gross: '2979.48' });

    const sent = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    expect(sent.status).toBe('sent');
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
    const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
    expect(order.number).toMatch(/^AB-\d{4}-\d{5}$/);
    expect(order.quoteNumber).toBe(quote.number);
    // The quote's lines unchanged, plus what the order tracks per line: nothing cancelled, all open.
    expect(order.lines.map(({ cancelledQuantity: _c, openQuantity: _o, ...line }: any) => line)).toEqual(quote.lines);
    expect(order.lines.map((l: any) => [l.cancelledQuantity, l.openQuantity])).toEqual(
      quote.lines.map((l: any) => ['0', l.kind === 'charge' ? '0' : l.quantity]),
    );
    expect(order.totals).toEqual(quote.totals);

    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    expect(note.number).toMatch(/^LS-\d{4}-\d{5}$/);
    expect(note.lines.map((l: { quantity: string }) => l.quantity)).toEqual(['2', '12.5', '3']);
    const shipped = await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL', trackingNumber: '00340434161094042557' });
    expect(shipped.status).toBe('shipped');

    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect(invoice.number).toMatch(/^RE-\d{4}-\d{5}$/);
    expect(invoice.totals).toEqual(quote.totals);
    expect(invoice.openAmount).toBe('2979.48');
    // Leistungsdatum is the Berlin calendar date of the shipment (not its UTC date).
    expect(invoice.supplyDate).toBe(berlinDate(new Date(shipped.shippedAt)));

    const paid = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '2979.48', reference: 'SEPA 4711' });
    expect(paid).toMatchObject({ status: 'paid', paidAmount: '2979.48', openAmount: '0.00' });
    console.log(`one complete sale took ${Date.now() - started} ms wall time`);

    // The order's projection follows the events from fulfillment and invoicing.
    await eventually(async () => {
      const o = await ok('admin', 'GET', `/api/v1/orders/${order.number}`);
      expect(o).toMatchObject({ status: 'delivered', billingStatus: 'paid' });
    });

    // PDFs: German content, amounts, and byte-for-byte download matching the stored SHA-256.
    const quoteText = pdfText(await downloadPdf(quote.number));
    expect(quoteText).toContain('Angebot');
    expect(quoteText).toContain('Feinmechanik Krause GmbH');
    expect(quoteText).toContain('2.979,48');
    const orderText = pdfText(await downloadPdf(order.number));
    expect(orderText).toContain('Auftragsbestätigung');
    expect(orderText).toContain(quote.number);
    const noteText = pdfText(await downloadPdf(note.number));
    expect(noteText).toContain('Lieferschein');
    expect(noteText).toContain('12,5');
    expect(noteText).not.toContain('2.979,48');
    const invoicePdf = await downloadPdf(invoice.number);
    const invoiceText = pdfText(invoicePdf);
    for (const expected of [
      'Rechnung',
      invoice.number,
      'Leistungsdatum',
      '2.423,11',
      '460,39',
      '89,70',
      '6,28',
      '2.979,48',
      '2.374,98',
      'Kontor Demo GmbH',
      'Feinmechanik Krause GmbH',
      'DE129274202',
    ]) {
      expect(invoiceText).toContain(expected);
    }
    expect(invoiceText).toMatch(/19\s*%/);
    expect(invoiceText).toMatch(/7\s*%/);
    const meta = await ok('accounting', 'GET', `/api/v1/documents/${invoice.number}`);
    expect(createHash('sha256').update(invoicePdf).digest('hex')).toBe(meta.sha256);
    expect(invoicePdf.length).toBe(meta.size);

    // Temporal: every stage reached, search attributes set, workflow completed.
    const handle = temporal.workflow.getHandle(`sale:${quote.number}`);
    const result = await handle.result();
    expect(result.stagesReached).toEqual(['quote_draft', 'quote_sent', 'quote_accepted', 'ordered', 'delivered', 'invoiced', 'paid']);
    expect(result.documents).toEqual([quote.number, order.number, note.number, invoice.number]);
    const description = await handle.describe();
    const attrs = description.searchAttributes as Record<string, unknown[]>;
    expect(attrs.KontorDocumentNumber).toEqual([quote.number]);
    expect(attrs.KontorCustomer).toEqual([customer.number]);
    expect(attrs.KontorStage).toEqual(['paid']);
    expect(attrs.KontorTotalBase).toEqual([2979.48]);
    expect(attrs.KontorDocuments).toEqual(expect.arrayContaining([quote.number, order.number, note.number, invoice.number]));
    const history = await handle.fetchHistory();
    const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
    expect(updates).toBe(7);
    // Operators read the sale without decoding payloads: a static summary, and a summary on every activity and timer.
    expect(await description.staticSummary()).toBe(`Verkauf ${quote.number}: Angebot für ${customer.name} (${customer.number})`);
    const summaries = (history.events ?? []).flatMap((e) =>
      e.userMetadata?.summary?.data ? [JSON.parse(Buffer.from(e.userMetadata.summary.data).toString('utf8')) as string] : [],
    );
    expect(summaries).toEqual(
      expect.arrayContaining([
        `Angebot ${quote.number} versenden`,
        `Auftrag aus ${quote.number} anlegen`,
        `Lieferschein zu ${order.number} anlegen`,
        `Rechnung zu ${note.number} erstellen`,
      ]),
    );
    const unsummarised = (history.events ?? []).filter((e) => (e.markerRecordedEventAttributes || e.timerStartedEventAttributes) && !e.userMetadata?.summary);
    expect(unsummarised).toEqual([]);
    const upserts = (history.events ?? []).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length;
    // The start options set the first stage; every later stage change is one upsert (the order type rides along).
    expect(upserts).toBe(result.stagesReached.length - 1);
    expect(attrs.KontorOrderType).toEqual(['standard']);

    // Operators find the sale by any of its document numbers.
    const found = [];
    for await (const wf of temporal.workflow.list({ query: `KontorDocuments = '${invoice.number}'` })) found.push(wf.workflowId);
    expect(found).toEqual([`sale:${quote.number}`]);
  });

  it('numbers each series consecutively', async () => {
    const customer = await newCustomer();
    const product = await newProduct('10.00');
    const a = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const b = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    const seq = (n: string) => Number(n.split('-')[2]);
    expect(seq(b.number)).toBeGreaterThan(seq(a.number));
    const list = await api('admin', 'GET', '/api/v1/quotes?limit=200');
    const numbers = (list.body.items as { number: string }[]).map((q) => seq(q.number)).sort((x, y) => x - y);
    expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)).toBe(true);
  });
});

async function eventually(check: () => Promise<void>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

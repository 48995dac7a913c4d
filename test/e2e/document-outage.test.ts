import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../../scripts/instance.ts';
import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';

/** Sends a signal to the instance's document service (its process group, as the instance starts it). */
function signalDocumentService(signal: 'SIGSTOP' | 'SIGCONT'): void {
  const pid = Number(readFileSync(join(DATA_DIR, 'run/document.pid'), 'utf8').trim().split(/\s+/)[0]);
  try {
    process.kill(-pid, signal);
  } catch {
    process.kill(pid, signal);
  }
}

/** Runs one business step and fails if it took longer than a step should, even with no PDF renderer. */
async function prompt<T>(what: string, step: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await step();
  const ms = Date.now() - started;
  expect({ what, tookLessThan5s: ms < 5_000 }).toEqual({ what, tookLessThan5s: true });
  return result;
}

describe('documents outside the sale', () => {
  it('a stopped document service delays PDFs but never blocks or fails a sale; the PDFs appear once it runs again', async () => {
    const customer = await newCustomer({ name: `Ausfall GmbH ${Date.now().toString(36)}` });
    const product = await newProduct('100.00', 'standard', 'Pumpe');
    signalDocumentService('SIGSTOP');
    let numbers: { quote: string; order: string; note: string; invoice: string };
    try {
      const quote = await prompt('create quote', () =>
        ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '2' }] }),
      );
      await prompt('send', () => ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`));
      await prompt('accept', () => ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`));
      const order = await prompt('convert', () => ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`));
      const note = await prompt('delivery note', () => ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {}));
      await prompt('ship', () => ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' }));
      const invoice = await prompt('invoice', () => ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] }));
      // 2 × 100.00 = 200.00 net, 19 % VAT 38.00, gross 238.00.
      expect(invoice.totals).toMatchObject({ net: '200.00', vat: '38.00', gross: '238.00' });
      const paid = await prompt('payment', () => ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '238.00' }));
      expect(paid.status).toBe('paid');
      numbers = { quote: quote.number, order: order.number, note: note.number, invoice: invoice.number };

      // No PDF yet: a clear "not ready", with a hint when to ask again; never a PDF, never a 5xx without that code.
      for (const number of Object.values(numbers)) {
        const res = await api('accounting', 'GET', `/api/v1/documents/${number}/pdf`);
        expect({ number, status: res.status, code: res.body.code }).toEqual({ number, status: 503, code: 'pdf_not_ready' });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    } finally {
      signalDocumentService('SIGCONT');
    }

    const sale = await ok('admin', 'GET', `/api/v1/sales/${numbers.quote}`);
    expect(sale.stage).toBe('paid');

    // Once the document service runs again, every document is rendered from its owner's data.
    const quoteText = pdfText(await downloadPdf(numbers.quote, { timeoutMs: 60_000 }));
    expect(quoteText).toContain('Angebot');
    expect(quoteText).toContain(customer.name);
    expect(quoteText).toContain('238,00');
    const orderText = pdfText(await downloadPdf(numbers.order, { timeoutMs: 60_000 }));
    expect(orderText).toContain('Auftragsbestätigung');
    expect(orderText).toContain(numbers.quote);
    const noteText = pdfText(await downloadPdf(numbers.note, { timeoutMs: 60_000 }));
    expect(noteText).toContain('Lieferschein');
    expect(noteText).toContain(numbers.order);
    // Issued when it shipped: the shipment is on the note, however late it is rendered.
    expect(noteText).toContain('Versanddatum');
    expect(noteText).toContain('DHL');
    const invoicePdf = await downloadPdf(numbers.invoice, { timeoutMs: 60_000 });
    const invoiceText = pdfText(invoicePdf);
    for (const expected of ['Rechnung', numbers.invoice, numbers.order, numbers.note, '200,00', '38,00', '238,00']) expect(invoiceText).toContain(expected);

    const meta = await ok('accounting', 'GET', `/api/v1/documents/${numbers.invoice}`);
    expect(meta).toMatchObject({ state: 'rendered', number: numbers.invoice, revision: 1, kind: 'invoice', size: invoicePdf.length });
    expect(meta.render).toMatchObject({ lastError: null, nextAttemptAt: null });
    expect(meta.render.attempts).toBeGreaterThanOrEqual(1);
    expect(meta.render.renderedAt).toEqual(expect.any(String));
  });

  it('an unknown document number answers 404, not pdf_not_ready', async () => {
    for (const path of ['/api/v1/documents/RE-2099-99999/pdf', '/api/v1/documents/RE-2099-99999', '/api/v1/documents/AN-2099-99999/pdf']) {
      const res = await api('accounting', 'GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('a quote that was never sent has no PDF (404); once sent it is pending or rendered, never missing', async () => {
    const product = await newProduct('10.00');
    const customer = await newCustomer();
    const quote = await ok('sales', 'POST', '/api/v1/quotes', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '1' }] });
    expect((await api('accounting', 'GET', `/api/v1/documents/${quote.number}/pdf`)).status).toBe(404);
    await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
    const res = await api('accounting', 'GET', `/api/v1/documents/${quote.number}`);
    expect(res.status).toBe(200);
    expect(['pending', 'rendered']).toContain(res.body.state);
    expect(pdfText(await downloadPdf(quote.number))).toContain(quote.number);
  });
});

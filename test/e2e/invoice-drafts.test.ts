import { api, downloadPdf, newCustomer, newProduct, ok, orderedSale, pdfText } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';

/**
 * Invoice drafts: editable, without a number, with a preview PDF marked as a
 * draft; issued explicitly, when they take the next number and become
 * immutable. Invoices issued at once keep working as before.
 */
describe('invoice drafts', () => {
  it('drafts, edits, previews and issues an invoice; the issued one cannot change', async () => {
    const chair = await newProduct('100.00', 'standard', 'Bürostuhl');
    const lamp = await newProduct('40.00', 'standard', 'Tischleuchte');
    const { order } = await orderedSale([
      { productId: chair.id, quantity: '2' },
      { productId: lamp.id, quantity: '1' },
    ]);
    const ship = async (lines: { orderPosition: number; quantity: string }[]) => {
      const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines });
      await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
      return note.number as string;
    };
    const first = await ship([{ orderPosition: 1, quantity: '2' }]);
    const second = await ship([{ orderPosition: 2, quantity: '1' }]);

    // A remark belongs to a draft.
    const stray = await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [first], remark: 'x' });
    expect([stray.status, stray.body.errors[0].field]).toEqual([422, 'remark']);

    const draft = await ok('accounting', 'POST', '/api/v1/invoices', {
      deliveryNoteNumbers: [first],
      draft: true,
      remark: 'Bitte geben Sie Ihre Bestellnummer 4711 an.',
    });
    expect(draft).toMatchObject({ status: 'open', invoiceNumber: null, version: 1, orderNumber: order.number });
    expect(draft.id).toMatch(/^drf_/);
    expect(draft.preview).toMatchObject({ number: 'Entwurf', status: 'draft', totals: { net: '200.00', vat: '38.00', gross: '238.00' } });
    // No invoice exists yet, and no number was taken.
    expect((await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${order.number}`)).items).toHaveLength(0);

    // Edited: both notes; a stale version is refused.
    const edited = await ok('accounting', 'POST', `/api/v1/invoice-drafts/${draft.id}/edit`, { expectedVersion: 1, deliveryNoteNumbers: [first, second] });
    expect(edited.version).toBe(2);
    expect(edited.preview.totals).toMatchObject({ net: '240.00', vat: '45.60', gross: '285.60' });
    const stale = await api('accounting', 'POST', `/api/v1/invoice-drafts/${draft.id}/edit`, { expectedVersion: 1, remark: null });
    expect([stale.status, stale.body.code]).toEqual([409, 'version_mismatch']);

    // The preview PDF says what it is.
    const preview = await fetchPreview(draft.id);
    const lines = preview.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toContain('Rechnungsentwurf Entwurf');
    // ENTWURF runs diagonally across the page: pdftotext reads it a letter per line, bottom to top.
    expect(lines.filter((l) => /^[A-Z]$/.test(l)).join('')).toBe('FRUWTNE');
    expect(lines).toContain('Bitte geben Sie Ihre Bestellnummer 4711 an.');
    expect(lines).toContain('Gesamtbetrag (brutto) 285,60 EUR');
    expect(preview).not.toMatch(/RE-\d{4}-\d{5}/);

    // Issued: the next number, the sale knows it (payments go through), the draft is closed.
    const invoice = await ok('accounting', 'POST', `/api/v1/invoice-drafts/${draft.id}/issue`);
    expect(invoice.number).toMatch(/^RE-\d{4}-\d{5}$/);
    expect(invoice).toMatchObject({
      status: 'issued',
      deliveryNoteNumbers: [first, second],
      remark: 'Bitte geben Sie Ihre Bestellnummer 4711 an.',
      totals: { gross: '285.60' },
    });
    expect(await ok('accounting', 'GET', `/api/v1/invoice-drafts/${draft.id}`)).toMatchObject({
      status: 'issued',
      invoiceNumber: invoice.number,
      preview: null,
    });
    const late = await api('accounting', 'POST', `/api/v1/invoice-drafts/${draft.id}/edit`, { expectedVersion: 3, remark: 'zu spät' });
    expect([late.status, late.body.code]).toEqual([409, 'draft_closed']);
    expect((await api('accounting', 'GET', `/api/v1/invoice-drafts/${draft.id}/pdf`)).status).toBe(409);
    expect((await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${order.number}`)).items).toHaveLength(1);

    // A draft of notes billed already is refused; the issued invoice carries its remark on paper.
    const twice = await api('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [first], draft: true });
    expect([twice.status, twice.body.code]).toEqual([409, 'already_invoiced']);
    const issuedText = pdfText(await downloadPdf(invoice.number));
    expect(issuedText).toContain('Bitte geben Sie Ihre Bestellnummer 4711 an.');
    expect(issuedText).not.toContain('ENTWURF');
    const paid = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/payments`, { amount: '285.60' });
    expect(paid.status).toBe('paid');
  });

  it('invoices each delivery note as it ships for a customer who wants it, unless the order says otherwise', async () => {
    const customer = await newCustomer({ name: `Sofortrechnung GmbH ${Date.now()}`, invoiceOnShipment: true });
    expect(customer.invoiceOnShipment).toBe(true);
    const product = await newProduct('10.00', 'standard', 'Kabelbinder 100 Stk');
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: product.id, quantity: '5' }] });
    expect(order.invoiceOnShipment).toBe(true);
    for (const quantity of ['2', '3']) {
      const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, { lines: [{ orderPosition: 1, quantity }] });
      await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    }
    // One invoice per shipment, issued by the sale: 2 × 10.00 and 3 × 10.00, plus 19 %.
    const invoices = await eventually(async () => {
      const items = (await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${order.number}`)).items;
      return items.length === 2 && items;
    });
    expect(invoices.map((i: any) => i.totals.gross).sort()).toEqual(['23.80', '35.70']);

    // The order may say otherwise: this one is invoiced by accounting.
    const manual = await ok('sales', 'POST', '/api/v1/orders', {
      customerId: customer.id,
      currency: 'EUR',
      invoiceOnShipment: false,
      lines: [{ productId: product.id, quantity: '1' }],
    });
    expect(manual.invoiceOnShipment).toBe(false);
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${manual.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    expect((await ok('accounting', 'GET', `/api/v1/invoices?orderNumber=${manual.number}`)).items).toHaveLength(0);
  });
});

async function fetchPreview(id: string): Promise<string> {
  const res = await api<Buffer>('accounting', 'GET', `/api/v1/invoice-drafts/${id}/pdf`);
  expect(res.status).toBe(200);
  return pdfText(res.body);
}

import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { eventually } from '../helpers/eventually.ts';

/*
 * A counter sale's invoice is handed over as an 80 mm receipt too: rendered
 * after the invoice, served under the invoice's number. 1 × 49.90 net at 19 %:
 * VAT 9.48 (9.481), gross 59.38: a simplified invoice (§ 33 UStDV) without the
 * buyer's address. Invoices of other order types have no receipt.
 */
describe('receipt (Kassenbon) of a counter sale', () => {
  let customerId: string;
  let productId: string;
  beforeAll(async () => {
    customerId = (await newCustomer()).id;
    productId = (await newProduct('49.90')).id;
  });

  it('serves the receipt of a cash sale as a simplified invoice beside the A4 invoice', async () => {
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', orderType: 'cash_sale', lines: [{ productId, quantity: '1' }] });
    const done = await eventually(async () => {
      const s = await ok('admin', 'GET', `/api/v1/sales/${order.number}`);
      return s.invoiceNumbers.length ? s : undefined;
    });
    const invoiceNumber: string = done.invoiceNumbers[0];
    const customer = await ok('admin', 'GET', `/api/v1/customers/${customerId}`);

    const receipt = await downloadPdf(invoiceNumber, { kind: 'receipt' });
    const text = pdfText(receipt).replace(/\s+/g, ' ');
    for (const expected of ['Kleinbetragsrechnung', 'Kassenbon', invoiceNumber, order.number, '49,90', '9,48', '59,38 EUR', '§ 33 UStDV']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(customer.billingAddress.street);
    // Paid at the counter: the receipt says so and asks for no payment.
    expect(text).toMatch(/Bar bezahlt am \d{2}\.\d{2}\.\d{4}\./);
    expect(text).not.toContain('Zahlbar');
    const status = await ok('accounting', 'GET', `/api/v1/documents/${invoiceNumber}?kind=receipt`);
    expect(status).toMatchObject({ state: 'rendered', kind: 'receipt', number: invoiceNumber, retentionUntil: expect.stringMatching(/-12-31$/) });

    const route = await api('accounting', 'GET', `/api/v1/invoices/${invoiceNumber}/receipt/pdf`);
    expect(route.status).toBe(200);
    expect(Buffer.compare(route.body as Buffer, receipt)).toBe(0);
    expect(route.headers.get('x-content-sha256')).toBe(status.sha256);

    // The A4 invoice stays as it is: same number, full form with the buyer.
    expect(pdfText(await downloadPdf(invoiceNumber)).replace(/\s+/g, ' ')).toContain(customer.billingAddress.street);
  });

  it('answers 404 for the receipt of an invoice of a standard order', async () => {
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId, currency: 'EUR', lines: [{ productId, quantity: '1' }] });
    const note = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
    await ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    await downloadPdf(invoice.number);
    const res = await api('accounting', 'GET', `/api/v1/invoices/${invoice.number}/receipt/pdf`);
    expect(res.status).toBe(404);
  });
});

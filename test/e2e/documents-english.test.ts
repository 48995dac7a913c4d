import { downloadPdf, newCustomer, ok, pdfText } from '../helpers/sale.ts';
import { berlinDate } from '../../shared/dates.ts';

/**
 * An English-speaking customer (language 'en') gets English documents: a sale
 * through the REST API to an invoice, its four PDFs read back with pdftotext
 * line by line (English titles, labels, 1,234.56 amounts, ISO dates), and a
 * German customer's documents of the same sale stay German.
 */
const stamp = Date.now().toString(36).slice(-6);
let counter = 0;

/** The PDF's text lines with runs of spaces collapsed, so a row reads "label amount EUR". */
async function pdfLines(number: string): Promise<string[]> {
  return pdfText(await downloadPdf(number))
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The one line holding this text (fails on none or several, so a row cannot hide or repeat). */
function row(lines: string[], text: string): string {
  const found = lines.filter((l) => l.includes(text));
  expect({ text, found: found.length }).toEqual({ text, found: 1 });
  return found[0]!;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2026-12-01" as an English document prints it: "1 Dec 2026". */
const enDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
};

/** A sentence as printed: the text may wrap over lines, so the lines are joined with single spaces. */
function says(lines: string[], sentence: string): void {
  expect(lines.join(' ')).toContain(sentence);
}

/** Short article numbers (≤ 14 characters), so a position prints on one line. */
async function product(price: string, name: string, taxCategory: 'standard' | 'reduced' = 'standard') {
  return ok('sales_manager', 'POST', '/api/v1/products', { sku: `EN-${stamp}-${++counter}`, name, unit: 'Stk', prices: { EUR: price }, taxCategory });
}

/** Quote → order → delivery note (shipped) → invoice for this customer. */
async function sale(customerId: string, products: { gear: { id: string }; cable: { id: string }; manual: { id: string } }) {
  const quote = await ok('sales', 'POST', '/api/v1/quotes', {
    customerId,
    currency: 'EUR',
    lines: [
      { productId: products.gear.id, quantity: '2', discountPercent: '5' },
      { productId: products.cable.id, quantity: '12.5' },
      { productId: products.manual.id, quantity: '3' },
    ],
  });
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
  const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
  const created = await ok('warehouse', 'POST', `/api/v1/orders/${order.number}/delivery-notes`, {});
  const note = await ok('warehouse', 'POST', `/api/v1/delivery-notes/${created.number}/ship`, { carrier: 'DHL', trackingNumber: '00340434161094042557' });
  const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
  return { quote, order, note, invoice };
}

describe('documents in the customer language', () => {
  it('prints quote, order confirmation, delivery note and invoice in English for an English-speaking customer', async () => {
    const gear = await product('1249.99', 'Gear module 2');
    const cable = await product('3.85', 'Control cable');
    const manual = await product('29.90', 'Operating manual', 'reduced');
    const customer = await newCustomer({
      name: `Harbour Engineering Ltd ${stamp}`,
      language: 'en',
      billingAddress: { name: `Harbour Engineering Ltd ${stamp}`, street: 'Hafenstraße 3', postalCode: '20457', city: 'Hamburg', country: 'DE' },
    });
    expect(customer.language).toBe('en');
    const { quote, order, note, invoice } = await sale(customer.id, { gear, cable, manual });
    // The documents carry the customer's language in their snapshot.
    for (const doc of [quote, order, note, invoice]) expect(doc.customer.language).toBe('en');
    // 2 × 1,249.99 − 5 % = 2,374.98; 12.5 × 3.85 = 48.13; 3 × 29.90 = 89.70 (7 %).
    // 19 %: 2,423.11, VAT 460.39; 7 %: 89.70, VAT 6.28; net 2,512.81, VAT 466.67, gross 2,979.48.
    expect(invoice.totals).toMatchObject({ net: '2512.81', vat: '466.67', gross: '2979.48' });
    const today = (instant: string) => enDate(berlinDate(new Date(instant)));

    const priced = (lines: string[]) => {
      expect(row(lines, gear.sku)).toBe(`1 ${gear.sku} Gear module 2 2 pcs 1,249.99 5% 19% 2,374.98`);
      expect(row(lines, cable.sku)).toBe(`2 ${cable.sku} Control cable 12.5 pcs 3.85 – 19% 48.13`);
      expect(row(lines, manual.sku)).toBe(`3 ${manual.sku} Operating manual 3 pcs 29.90 – 7% 89.70`);
      expect(row(lines, 'Item no.')).toBe('Pos. Item no. Description Qty Unit Unit price Discount % VAT % Net amount');
      expect(row(lines, 'All amounts in')).toBe('All amounts in EUR');
      expect(row(lines, 'Total net')).toBe('Total net 2,512.81 EUR');
      expect(row(lines, 'VAT 19% on')).toBe('VAT 19% on 2,423.11 EUR 460.39 EUR');
      expect(row(lines, 'VAT 7% on')).toBe('VAT 7% on 89.70 EUR 6.28 EUR');
      expect(row(lines, 'Total VAT')).toBe('Total VAT 466.67 EUR');
      expect(row(lines, 'Total amount (gross)')).toBe('Total amount (gross) 2,979.48 EUR');
      expect(row(lines, 'Dear Sir or Madam')).toBe('Dear Sir or Madam,');
      expect(row(lines, 'Kind regards')).toBe('Kind regards');
    };
    /** No German label, title or sentence; the customer's German street and the seller's master data aside. */
    const noGerman = (lines: string[]) =>
      expect(
        lines.filter((l) =>
          /Seite|Rechnung|Angebot|Auftrag|Lieferschein|Datum|Sehr geehrte|Summe|brutto|netto|Zahlbar|Stk\b|Menge|Fällig|Leistungsdatum|USt\b/.test(l),
        ),
      ).toEqual([]);

    const quoteLines = await pdfLines(quote.number);
    expect(row(quoteLines, `Quotation ${quote.number}`)).toBe(`Quotation ${quote.number}`);
    expect(row(quoteLines, 'Quotation no.')).toContain(quote.number);
    expect(row(quoteLines, 'Date ')).toContain(today(quote.createdAt));
    expect(row(quoteLines, 'Valid until')).toContain(enDate(quote.validUntil));
    says(quoteLines, 'Thank you for your enquiry. We are pleased to offer you the following goods and services:');
    says(quoteLines, `This quotation is valid until ${enDate(quote.validUntil)}.`);
    says(quoteLines, 'Terms of payment: Payable within 14 days without deduction from the invoice date.');
    says(quoteLines, 'We look forward to your order. Please do not hesitate to contact us if you have any questions.');
    priced(quoteLines);
    noGerman(quoteLines);

    const orderLines = await pdfLines(order.number);
    expect(row(orderLines, `Order confirmation ${order.number}`)).toBe(`Order confirmation ${order.number}`);
    expect(row(orderLines, 'Your quotation')).toContain(quote.number);
    says(orderLines, `Thank you for your order based on our quotation ${quote.number}. We confirm the following goods and services:`);
    says(orderLines, 'Please check this order confirmation and let us know of any discrepancies immediately.');
    priced(orderLines);
    noGerman(orderLines);

    const noteLines = await pdfLines(note.number);
    expect(row(noteLines, `Delivery note ${note.number}`)).toBe(`Delivery note ${note.number}`);
    expect(row(noteLines, 'Delivery note no.')).toContain(note.number);
    expect(row(noteLines, 'Shipping date')).toContain(today(note.shippedAt));
    expect(row(noteLines, 'Order no.')).toContain(order.number);
    expect(row(noteLines, 'Pos. Order pos.')).toBe('Pos. Order pos. Item no. Description Qty Unit');
    expect(row(noteLines, cable.sku)).toBe(`2 2 ${cable.sku} Control cable 12.5 pcs`);
    says(noteLines, `For your order ${order.number} we deliver the following positions:`);
    const method = note.shippingMethod
      ? ` (${{ parcel: 'Parcel', freight: 'Freight forwarder', pickup: 'Collection', courier: 'Courier' }[note.shippingMethod as string]})`
      : '';
    says(noteLines, `Shipped${method} with DHL on ${today(note.shippedAt)}, tracking number 00340434161094042557.`);
    says(noteLines, 'Please check the goods for completeness and transport damage on receipt.');
    expect(noteLines.some((l) => l.includes('2,979.48'))).toBe(false);
    noGerman(noteLines);

    const invoiceLines = await pdfLines(invoice.number);
    expect(row(invoiceLines, `Invoice ${invoice.number}`)).toBe(`Invoice ${invoice.number}`);
    expect(row(invoiceLines, 'Invoice no.')).toContain(invoice.number);
    expect(row(invoiceLines, 'Invoice date')).toContain(today(invoice.createdAt));
    expect(row(invoiceLines, 'Date of supply ')).toContain(enDate(invoice.supplyDate));
    expect(row(invoiceLines, 'Due date')).toContain(enDate(invoice.dueDate));
    says(
      invoiceLines,
      `Thank you for your order ${order.number}. We invoice you for the following goods and services (date of supply ${enDate(invoice.supplyDate)}):`,
    );
    says(invoiceLines, `Payable within 14 days without deduction, by ${enDate(invoice.dueDate)}.`);
    says(invoiceLines, `Please transfer the total amount of 2,979.48 EUR, quoting the invoice number ${invoice.number}, to our account with`);
    priced(invoiceLines);
    expect(row(invoiceLines, 'Page 1 of')).toMatch(/Page 1 of 1$/);
    noGerman(invoiceLines);

    // The invoice cancelled: the cancellation invoice (Stornorechnung) is English too, never a "credit note".
    const cancelled = await ok('accounting', 'POST', `/api/v1/invoices/${invoice.number}/cancel`, { reason: 'Wrong billing address' });
    const st = await ok('accounting', 'GET', `/api/v1/cancellation-invoices/${cancelled.corrections[0]}`);
    expect(st.customer.language).toBe('en');
    const stLines = await pdfLines(st.number);
    expect(row(stLines, `Cancellation invoice ${st.number}`)).toBe(`Cancellation invoice ${st.number}`);
    expect(row(stLines, 'Cancellation no.')).toContain(st.number);
    expect(row(stLines, 'For invoice')).toContain(invoice.number);
    says(stLines, `Cancellation invoice for invoice ${invoice.number} of ${today(invoice.createdAt)}`);
    says(stLines, 'Reason: Wrong billing address');
    says(stLines, `Invoice ${invoice.number} is hereby cancelled in full; please do not pay it.`);
    expect(row(stLines, 'Total amount (gross)')).toBe('Total amount (gross) -2,979.48 EUR');
    expect(row(stLines, gear.sku)).toBe(`1 ${gear.sku} Gear module 2 -2 pcs 1,249.99 5% 19% -2,374.98`);
    expect(stLines.filter((l) => /credit note|Gutschrift/i.test(l))).toEqual([]);
    noGerman(stLines);
  });

  it('keeps a German customer’s documents German', async () => {
    const gear = await product('1249.99', 'Zahnrad Modul 2');
    const cable = await product('3.85', 'Steuerkabel');
    const manual = await product('29.90', 'Handbuch', 'reduced');
    const customer = await newCustomer({ language: 'de' });
    const { quote, invoice } = await sale(customer.id, { gear, cable, manual });
    expect(invoice.customer.language).toBe('de');
    const quoteLines = await pdfLines(quote.number);
    expect(row(quoteLines, `Angebot ${quote.number}`)).toBe(`Angebot ${quote.number}`);
    expect(row(quoteLines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) 2.979,48 EUR');
    const invoiceLines = await pdfLines(invoice.number);
    expect(row(invoiceLines, `Rechnung ${invoice.number}`)).toBe(`Rechnung ${invoice.number}`);
    expect(row(invoiceLines, 'Seite 1 von')).toMatch(/Seite 1 von 1$/);
    expect(row(invoiceLines, 'Summe netto')).toBe('Summe netto 2.512,81 EUR');
    const [y, m, d] = invoice.dueDate.split('-');
    expect(row(invoiceLines, 'Fällig am')).toContain(`${d!}.${m!}.${y!}`);
    expect(row(invoiceLines, gear.sku).replace(/(\d)%/g, '$1 %')).toBe(`1 ${gear.sku} Zahnrad Modul 2 2 Stk 1.249,99 5 % 19 % 2.374,98`);
  });
});

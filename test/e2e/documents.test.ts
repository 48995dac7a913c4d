import { api, downloadPdf, newCustomer, newProduct, ok, pdfText } from '../helpers/sale.ts';
import { withSettings } from '../helpers/settings.ts';
import { sellerFromEnv } from '../../shared/seller.ts';

/**
 * What the PDFs print, read back with pdftotext through the REST API: every
 * position's amount is that position's, positions add up to the totals block,
 * tax notes and VAT IDs where the law wants them, German throughout, names in
 * any script. Expected amounts are computed by hand in the comments.
 */
const stamp = Date.now().toString(36);
let counter = 0;
const sku = (prefix: string) => `${prefix}-${stamp}-${++counter}`;

/** A document's PDF text (downloadPdf waits while it is being rendered). */
async function pdfOf(number: string): Promise<string> {
  return pdfText(await downloadPdf(number));
}

/**
 * The PDF's text lines with runs of spaces collapsed, so a row reads "label amount EUR".
 * pdftotext sometimes drops the space of "7 %" in a narrow column; it is put back so rows compare as printed.
 */
async function pdfLines(number: string): Promise<string[]> {
  return (await pdfOf(number))
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').replace(/(\d)%/g, '$1 %').trim())
    .filter(Boolean);
}

/** The one line holding this label (fails on none or several, so a row cannot hide or repeat). */
function row(lines: string[], label: string): string {
  const found = lines.filter((l) => l.includes(label));
  expect({ label, found: found.length }).toEqual({ label, found: 1 });
  return found[0]!;
}

/** The position rows of one article: the lines that print its article number. */
const positions = (lines: string[], articleNumber: string) => lines.filter((l) => l.includes(articleNumber));

async function product(
  price: string,
  opts: { taxCategory?: 'standard' | 'reduced'; kind?: 'goods' | 'service'; name?: string; sku?: string; currency?: string } = {},
) {
  return ok('sales_manager', 'POST', '/api/v1/products', {
    sku: opts.sku ?? sku('DOC'),
    name: opts.name ?? 'Artikel',
    unit: 'Stk',
    prices: { [opts.currency ?? 'EUR']: price },
    taxCategory: opts.taxCategory ?? 'standard',
    kind: opts.kind ?? 'goods',
  });
}

async function shipped(orderNumber: string, lines?: { orderPosition: number; quantity: string }[]) {
  const note = await ok('warehouse', 'POST', `/api/v1/orders/${orderNumber}/delivery-notes`, lines ? { lines } : {});
  return ok('warehouse', 'POST', `/api/v1/delivery-notes/${note.number}/ship`, { carrier: 'DHL' });
}

async function acceptedQuote(body: Record<string, unknown>) {
  const quote = await ok('sales', 'POST', '/api/v1/quotes', body);
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/send`);
  await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/accept`);
  const order = await ok('sales', 'POST', `/api/v1/quotes/${quote.number}/convert`);
  return { quote, order };
}

describe('position amounts on partly shipped and discounted documents', () => {
  it('an invoice for two partial notes prints 2 × 1,249.00 = 2,498.00 on each line, and the lines add up to the net total', async () => {
    const gear = await product('1249.00', { name: 'Getriebe' });
    const customer = await newCustomer();
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: gear.id, quantity: '4' }] });
    const first = await shipped(order.number, [{ orderPosition: 1, quantity: '2' }]);
    const second = await shipped(order.number, [{ orderPosition: 1, quantity: '2' }]);
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [first.number, second.number] });

    // Each note ships 2 × 1,249.00 = 2,498.00; net 4,996.00; VAT 19 % = 949.24; gross 5,945.24.
    expect(invoice.lines.map((l: any) => [l.quantity, l.unitPrice, l.lineNet, l.net, l.netBase])).toEqual([
      ['2', '1249.00', '2498.00', '2498.00', '2498.00'],
      ['2', '1249.00', '2498.00', '2498.00', '2498.00'],
    ]);
    expect(invoice.totals).toMatchObject({ net: '4996.00', vat: '949.24', gross: '5945.24' });

    const lines = await pdfLines(invoice.number);
    const rows = positions(lines, gear.sku);
    expect(rows).toHaveLength(2);
    rows.forEach((r, i) => expect(r).toBe(`${i + 1} ${gear.sku} Getriebe 2 Stk 1.249,00 – 19 % 2.498,00`));
    expect(row(lines, 'Summe netto')).toBe('Summe netto 4.996,00 EUR');
    expect(row(lines, 'USt 19 % auf')).toBe('USt 19 % auf 4.996,00 EUR 949,24 EUR');
    expect(row(lines, 'Summe USt')).toBe('Summe USt 949,24 EUR');
    expect(row(lines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) 5.945,24 EUR');
  });

  it('quote, order and both partial invoices with document discount and coupon: positions − reductions = net on every document', async () => {
    const gear = await product('1249.00', { name: 'Getriebe' });
    const book = await product('20.00', { name: 'Handbuch', taxCategory: 'reduced' });
    const customer = await newCustomer();
    const coupon = `ZEHN-${stamp}`;
    await ok('sales_manager', 'POST', '/api/v1/coupons', { code: coupon, type: 'amount', value: '10.00', currency: 'EUR', usageLimit: 5 });
    const { quote, order } = await acceptedQuote({
      customerId: customer.id,
      currency: 'EUR',
      documentDiscountPercent: '5',
      couponCode: coupon,
      lines: [
        { productId: gear.id, quantity: '4' },
        { productId: book.id, quantity: '3' },
      ],
    });
    // 4 × 1,249.00 = 4,996.00 (19 %); 3 × 20.00 = 60.00 (7 %); positions 5,056.00.
    // 5 % discount 252.80 = 249.80 + 3.00; coupon 10.00 over 4,746.20 / 57.00 = 9.88 + 0.12 (largest remainder).
    // Nets 4,736.32 and 56.88 = 4,793.20; VAT 899.90 + 3.98 = 903.88; gross 5,697.08.
    expect(quote.totals).toMatchObject({ net: '4793.20', vat: '903.88', gross: '5697.08' });
    for (const number of [quote.number, order.number]) {
      const lines = await pdfLines(number);
      expect(positions(lines, gear.sku)).toEqual([`1 ${gear.sku} Getriebe 4 Stk 1.249,00 – 19 % 4.996,00`]);
      expect(positions(lines, book.sku)).toEqual([`2 ${book.sku} Handbuch 3 Stk 20,00 – 7 % 60,00`]);
      expect(row(lines, 'Zwischensumme netto')).toBe('Zwischensumme netto 5.056,00 EUR');
      expect(row(lines, 'abzüglich Rabatt')).toBe('abzüglich Rabatt −252,80 EUR');
      expect(row(lines, 'abzüglich Gutschein')).toBe('abzüglich Gutschein −10,00 EUR');
      expect(row(lines, 'Summe netto')).toBe('Summe netto 4.793,20 EUR');
      expect(row(lines, 'USt 19 % auf')).toBe('USt 19 % auf 4.736,32 EUR 899,90 EUR');
      expect(row(lines, 'USt 7 % auf')).toBe('USt 7 % auf 56,88 EUR 3,98 EUR');
      expect(row(lines, 'Summe USt')).toBe('Summe USt 903,88 EUR');
      expect(row(lines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) 5.697,08 EUR');
    }

    // First note: 2 gears, 1 book. Gear 2,498.00 − 124.90 − 4.94 = 2,368.16; book 20.00 − 1.00 − 0.04 = 18.96.
    // Positions 2,518.00 − 125.90 − 4.98 = 2,387.12; VAT 449.95 (19 %) + 1.33 (7 %) = 451.28; gross 2,838.40.
    const first = await shipped(order.number, [
      { orderPosition: 1, quantity: '2' },
      { orderPosition: 2, quantity: '1' },
    ]);
    const invoice1 = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [first.number] });
    expect(invoice1.lines.map((l: any) => [l.lineNet, l.documentDiscount, l.couponDiscount, l.net])).toEqual([
      ['2498.00', '124.90', '4.94', '2368.16'],
      ['20.00', '1.00', '0.04', '18.96'],
    ]);
    expect(invoice1.totals).toMatchObject({ net: '2387.12', vat: '451.28', gross: '2838.40' });
    let lines = await pdfLines(invoice1.number);
    expect(positions(lines, gear.sku)).toEqual([`1 ${gear.sku} Getriebe 2 Stk 1.249,00 – 19 % 2.498,00`]);
    expect(positions(lines, book.sku)).toEqual([`2 ${book.sku} Handbuch 1 Stk 20,00 – 7 % 20,00`]);
    expect(row(lines, 'Zwischensumme netto')).toBe('Zwischensumme netto 2.518,00 EUR');
    expect(row(lines, 'abzüglich Rabatt')).toBe('abzüglich Rabatt −125,90 EUR');
    expect(row(lines, 'abzüglich Gutschein')).toBe('abzüglich Gutschein −4,98 EUR');
    expect(row(lines, 'Summe netto')).toBe('Summe netto 2.387,12 EUR');
    expect(row(lines, 'USt 19 % auf')).toBe('USt 19 % auf 2.368,16 EUR 449,95 EUR');
    expect(row(lines, 'USt 7 % auf')).toBe('USt 7 % auf 18,96 EUR 1,33 EUR');
    expect(row(lines, 'Summe USt')).toBe('Summe USt 451,28 EUR');
    expect(row(lines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) 2.838,40 EUR');

    // Second note completes both: gear the same again; book 40.00 − 2.00 − 0.08 = 37.92.
    // Positions 2,538.00 − 126.90 − 5.02 = 2,406.08; VAT 449.95 + 2.65 = 452.60; gross 2,858.68. Both invoices: 4,793.20 net.
    const second = await shipped(order.number);
    const invoice2 = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [second.number] });
    expect(invoice2.totals).toMatchObject({ net: '2406.08', vat: '452.60', gross: '2858.68' });
    lines = await pdfLines(invoice2.number);
    expect(positions(lines, gear.sku)).toEqual([`1 ${gear.sku} Getriebe 2 Stk 1.249,00 – 19 % 2.498,00`]);
    expect(positions(lines, book.sku)).toEqual([`2 ${book.sku} Handbuch 2 Stk 20,00 – 7 % 40,00`]);
    expect(row(lines, 'Zwischensumme netto')).toBe('Zwischensumme netto 2.538,00 EUR');
    expect(row(lines, 'abzüglich Rabatt')).toBe('abzüglich Rabatt −126,90 EUR');
    expect(row(lines, 'abzüglich Gutschein')).toBe('abzüglich Gutschein −5,02 EUR');
    expect(row(lines, 'Summe netto')).toBe('Summe netto 2.406,08 EUR');
    expect(row(lines, 'USt 19 % auf')).toBe('USt 19 % auf 2.368,16 EUR 449,95 EUR');
    expect(row(lines, 'USt 7 % auf')).toBe('USt 7 % auf 37,92 EUR 2,65 EUR');
    expect(row(lines, 'Summe USt')).toBe('Summe USt 452,60 EUR');
    expect(row(lines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) 2.858,68 EUR');

    // The delivery notes print quantities only.
    const noteLines = await pdfLines(first.number);
    expect(positions(noteLines, gear.sku)).toEqual([`1 1 ${gear.sku} Getriebe 2 Stk`]);
    expect(positions(noteLines, book.sku)).toEqual([`2 2 ${book.sku} Handbuch 1 Stk`]);
  });
});

describe('tax notes on invoices', () => {
  const SELLER_VAT_ID = sellerFromEnv().vatId;
  it.each([
    [
      'intra-EU supply of goods to an Austrian business',
      { country: 'AT', vatId: 'ATU13585627' },
      'goods',
      'Steuerfreie innergemeinschaftliche Lieferung gemäß § 4 Nr. 1b i. V. m. § 6a UStG',
      true,
    ],
    [
      'reverse charge for a service to an Austrian business',
      { country: 'AT', vatId: 'ATU13585627' },
      'service',
      'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) gemäß § 13b UStG / Art. 196 MwStSystRL',
      true,
    ],
    ['export of goods to Switzerland', { country: 'CH' }, 'goods', 'Steuerfreie Ausfuhrlieferung gemäß § 4 Nr. 1a i. V. m. § 6 UStG', false],
  ] as const)('%s: the invoice JSON and PDF carry the note', async (_name, party, kind, note, bothVatIds) => {
    const item = await product('100.00', { kind, name: 'Leistung' });
    const customer = await newCustomer({
      type: 'business',
      ...('vatId' in party ? { vatId: party.vatId } : {}),
      billingAddress: { name: `Kunde ${party.country} ${stamp}`, street: 'Ring 1', postalCode: '1010', city: 'Wien', country: party.country },
    });
    const order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: item.id, quantity: '2' }] });
    expect(order.taxNotes).toEqual([note]);
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [(await shipped(order.number)).number] });
    // 2 × 100.00 at 0 %: net = gross = 200.00.
    expect(invoice.totals).toMatchObject({ net: '200.00', vat: '0.00', gross: '200.00' });
    expect(invoice.taxNotes).toEqual([note]);
    expect((await ok('accounting', 'GET', `/api/v1/invoices/${invoice.number}`)).taxNotes).toEqual([note]);

    const text = (await pdfLines(invoice.number)).join(' ');
    expect(text).toContain(note);
    expect(text).toContain('USt 0 % auf 200,00 EUR 0,00 EUR');
    if (bothVatIds) {
      expect(text).toContain(`USt-IdNr. des Leistenden: ${SELLER_VAT_ID} · USt-IdNr. des Leistungsempfängers: ${'vatId' in party ? party.vatId : ''}`);
    } else {
      expect(text).not.toContain('USt-IdNr. des Leistungsempfängers');
    }
  });

  it('§ 19 small business: the invoice says why there is no VAT', async () => {
    const item = await product('100.00');
    const customer = await newCustomer();
    const restore = await withSettings((s) => ({ ...s, tax: { ...s.tax, smallBusiness: true } }));
    let order;
    try {
      order = await ok('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: item.id, quantity: '1' }] });
    } finally {
      await restore();
    }
    const note = 'Steuerbefreiung für Kleinunternehmer gemäß § 19 Abs. 1 UStG: Es wird keine Umsatzsteuer berechnet.';
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [(await shipped(order.number)).number] });
    expect(invoice.taxNotes).toEqual([note]);
    expect((await pdfLines(invoice.number)).join(' ')).toContain(note);
  });
});

describe('German documents', () => {
  it('print the ECB rate in German, net and VAT sums, and 12-character article numbers on one line on every document', async () => {
    const articleNumber = `WM-${stamp.toUpperCase()}X`.slice(0, 12);
    expect(articleNumber).toHaveLength(12);
    const item = await product('100.00', { sku: articleNumber, name: 'Ventil', currency: 'USD' });
    const customer = await newCustomer({ currency: 'USD' });
    const { quote, order } = await acceptedQuote({ customerId: customer.id, currency: 'USD', lines: [{ productId: item.id, quantity: '3' }] });
    const note = await shipped(order.number);
    const invoice = await ok('accounting', 'POST', '/api/v1/invoices', { deliveryNoteNumbers: [note.number] });
    expect(invoice.exchangeRate).toMatchObject({ rate: '1.0850', source: 'ECB reference rate of 2026-11-20' });

    // 3 × 100.00 = 300.00 USD; VAT 19 % = 57.00; gross 357.00 USD = 329.03 EUR (357 / 1.085).
    for (const number of [quote.number, order.number, invoice.number]) {
      const lines = await pdfLines(number);
      const text = lines.join('\n');
      expect(positions(lines, articleNumber)).toEqual([`1 ${articleNumber} Ventil 3 Stk 100,00 – 19 % 300,00`]);
      expect(row(lines, 'Summe netto')).toBe('Summe netto 300,00 USD');
      expect(row(lines, 'USt 19 % auf')).toBe('USt 19 % auf 300,00 USD 57,00 USD');
      expect(row(lines, 'Summe USt')).toBe('Summe USt 57,00 USD');
      expect(row(lines, 'Gesamtbetrag (brutto)')).toBe('Gesamtbetrag (brutto) 357,00 USD');
      expect(row(lines, 'Gesamtbetrag in EUR')).toBe('Gesamtbetrag in EUR 329,03 EUR');
      expect(row(lines, 'Umrechnungskurs')).toBe('Umrechnungskurs: 1 EUR = 1,085 USD (EZB-Referenzkurs vom 20.11.2026)');
      expect(text).not.toMatch(/ECB|reference rate| of 20/);
    }
    const noteLines = await pdfLines(note.number);
    expect(positions(noteLines, articleNumber)).toEqual([`1 1 ${articleNumber} Ventil 3 Stk`]);
  });
});

describe('names in any script', () => {
  it('prints Chinese and emoji, and a name with a right-to-left override in logical order without the control', async () => {
    const item = await newProduct('10.00');
    const chinese = await newCustomer({ name: `中文贸易有限公司 😀 ${stamp}` });
    const spoofed = await newCustomer({ name: `Firma \u202Eabc GmbH ${stamp}` });
    for (const customer of [chinese, spoofed]) {
      const res = await api('sales', 'POST', '/api/v1/orders', { customerId: customer.id, currency: 'EUR', lines: [{ productId: item.id, quantity: '1' }] });
      expect(res.status).toBe(201);
      (customer as any).order = res.body.number;
    }
    const chineseText = await pdfOf((chinese as any).order);
    expect(chineseText).toContain(`中文贸易有限公司 😀 ${stamp}`);
    const spoofedText = await pdfOf((spoofed as any).order);
    expect(spoofedText).toContain(`Firma abc GmbH ${stamp}`);
    expect(spoofedText).not.toContain('\u202E');
    expect(spoofedText).not.toContain('cba');
  });
});

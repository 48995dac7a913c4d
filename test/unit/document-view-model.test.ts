import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from '@jest/globals';
import {
  addressLines,
  buildViewModel,
  formatAmount,
  formatDate,
  formatIban,
  formatPercent,
  formatQuantity,
  formatUnit,
  formatUnitPrice,
  exchangeRateSource,
  withoutBidiControls,
} from '../../services/document/src/view-models.ts';
import type { CorrectionView, DeliveryNoteView, InvoiceView, OrderView, PickListView, QuoteView } from '../../services/document/src/view-models.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import { renderHtml } from '../../services/document/src/templates.ts';
import { taxNotes } from '../../shared/tax-notes.ts';
import { DEFAULT_LINES, buildCustomer, buildDeliveryNote, buildInvoice, buildOrder, buildQuote } from '../fixtures/documents.ts';

// Fixed seller so the tests do not depend on the SELLER_* variables of the machine running them.
const seller = sellerFromEnv({});

describe('German formatting', () => {
  it('formats amounts with the currency minor units, thousands dots and decimal comma', () => {
    expect(formatAmount('1821.45', 'EUR')).toBe('1.821,45');
    expect(formatAmount('0.5', 'EUR')).toBe('0,50');
    expect(formatAmount('1234567.891', 'EUR')).toBe('1.234.567,89');
    expect(formatAmount('-12.5', 'EUR')).toBe('-12,50');
    expect(formatAmount('1234', 'JPY')).toBe('1.234');
    expect(formatAmount('1.2345', 'KWD')).toBe('1,235');
  });

  it('keeps sub-cent unit prices instead of rounding them away', () => {
    expect(formatUnitPrice('289', 'EUR')).toBe('289,00');
    expect(formatUnitPrice('0.125', 'EUR')).toBe('0,125');
  });

  it('prints quantities without trailing zeros', () => {
    expect(formatQuantity('2.5')).toBe('2,5');
    expect(formatQuantity('2.500')).toBe('2,5');
    expect(formatQuantity('3')).toBe('3');
    expect(formatQuantity('3.000')).toBe('3');
    expect(formatQuantity('1250.75')).toBe('1.250,75');
  });

  it('prints percentages with a space before the sign', () => {
    expect(formatPercent('19')).toBe('19 %');
    expect(formatPercent('7.00')).toBe('7 %');
    expect(formatPercent('2.5')).toBe('2,5 %');
  });

  it('formats dates as dd.mm.yyyy by the Berlin calendar', () => {
    expect(formatDate('2025-11-03')).toBe('03.11.2025');
    expect(formatDate('2025-11-03T09:15:00.000Z')).toBe('03.11.2025');
    // 23:30 UTC on New Year's Eve is 00:30 on 1 January in Berlin (winter, UTC+1).
    expect(formatDate('2025-12-31T23:30:00Z')).toBe('01.01.2026');
    expect(formatDate('2026-01-01T00:30:00+01:00')).toBe('01.01.2026');
    // Summer time (UTC+2): 22:30 UTC is already the next day.
    expect(formatDate('2026-06-30T22:30:00Z')).toBe('01.07.2026');
    expect(formatDate('2026-06-30T21:59:59Z')).toBe('30.06.2026');
    // Date-only strings never shift.
    expect(formatDate('2026-01-01')).toBe('01.01.2026');
    expect(() => formatDate('not a date')).toThrow();
  });

  it('names the exchange rate source in German', () => {
    expect(exchangeRateSource('ECB reference rate of 2026-11-20', '2026-11-23T08:00:00Z')).toBe('EZB-Referenzkurs vom 20.11.2026');
    expect(exchangeRateSource('manual: Kurs laut Bank', '2026-11-23T23:30:00Z')).toBe('manuell festgelegter Kurs vom 24.11.2026: Kurs laut Bank');
    expect(exchangeRateSource('EZB', '2025-11-11T09:00:00Z')).toBe('EZB, 11.11.2025');
  });

  it("prints legal tax notes in German even when stored in the customer's language", () => {
    const lines = buildInvoice().lines.map((l) => ({ ...l, taxTreatment: 'reverse_charge' }));
    const english = taxNotes(['reverse_charge'], 'en');
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice({}, { lines, taxNotes: [...english, 'Sondervermerk'] }) }, seller) as InvoiceView;
    expect(vm.taxNotes).toEqual([...taxNotes(['reverse_charge'], 'de'), 'Sondervermerk']);
    expect(vm.vatIds).toBe(`USt-IdNr. des Leistenden: ${seller.vatId} · USt-IdNr. des Leistungsempfängers: DE987654328`);
    expect(buildViewModel({ kind: 'invoice', document: buildInvoice() }, seller)).toMatchObject({ taxNotes: [], vatIds: null });
  });

  it('removes bidi controls so no name prints reversed', () => {
    expect(withoutBidiControls('Firma \u202Eevil\u202C GmbH')).toBe('Firma evil GmbH');
    expect(withoutBidiControls('\u2067שלום\u2069 \u200Fa\u200E')).toBe('שלום a');
    expect(withoutBidiControls('中文 😀 Müller')).toBe('中文 😀 Müller');
    const customer = buildCustomer({ name: 'Evil \u202Eabc', billingAddress: { ...buildCustomer().billingAddress, name: 'Evil \u202Eabc\u202C GmbH' } });
    const lines = [{ ...DEFAULT_LINES[0]!, description: 'Stuhl \u2066x\u2069' }];
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice({ customer, lines }) }, seller) as InvoiceView;
    expect(vm.recipient[0]).toBe('Evil abc GmbH');
    expect(vm.kind === 'invoice' && vm.positions[0]!.description).toBe('Stuhl x');
    expect(JSON.stringify(vm)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('maps unit codes, groups IBANs and adds the country to foreign addresses', () => {
    expect(formatUnit('C62')).toBe('Stk');
    expect(formatUnit('HUR')).toBe('Std');
    expect(formatUnit('Palette')).toBe('Palette');
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    const address = { name: 'Alpen AG', street: 'Ring 1', postalCode: '1010', city: 'Wien', country: 'AT' };
    expect(addressLines(address)).toEqual(['Alpen AG', 'Ring 1', '1010 Wien', 'ÖSTERREICH']);
    expect(addressLines({ ...address, country: 'DE' })).toEqual(['Alpen AG', 'Ring 1', '1010 Wien']);
  });
});

describe('buildViewModel', () => {
  it('formats the invoice positions', () => {
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice() }, seller) as InvoiceView;
    expect(vm.title).toBe('Rechnung');
    expect(vm.number).toBe('RE-2025-00042');
    expect(vm.positions).toHaveLength(5);
    expect(vm.positions[1]).toEqual({
      position: '2',
      sku: 'KT-3100',
      skuLong: false,
      description: 'Schreibtisch höhenverstellbar, 160 × 80 cm',
      quantity: '1',
      unit: 'Stk',
      unitPrice: '749,00',
      discount: '10 %',
      vatRate: '19 %',
      net: '674,10',
    });
    expect(vm.positions[2]).toMatchObject({ quantity: '2,5', unit: 'Std', discount: '–', net: '170,00' });
    expect(vm.positions[4]).toMatchObject({ quantity: '2,5', unitPrice: '18,40', vatRate: '7 %', net: '46,00' });
  });

  it('keeps article numbers of up to 14 characters on one line; only longer ones may wrap', () => {
    const skus = ['WM-MX4J8MSGX1', 'ABCDEFGHIJKLMN', 'ABCDEFGHIJKLMNO', 'VERY-LONG-ARTICLE-NUMBER-0123456789'];
    const lines = skus.map((sku) => ({ ...DEFAULT_LINES[0]!, sku }));
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice({ lines }) }, seller) as InvoiceView;
    expect(vm.positions.map((p) => p.skuLong)).toEqual([false, false, true, true]);
    const html = renderHtml({ kind: 'invoice', document: buildInvoice({ lines }) }, seller);
    expect(html).toContain('<td class="sku"><div>WM-MX4J8MSGX1</div></td>');
    expect(html).toContain('<td class="sku long"><div>VERY-LONG-ARTICLE-NUMBER-0123456789</div></td>');
  });

  it('has the net sum, one VAT row per rate (highest first), the VAT sum and the gross total', () => {
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice() }, seller) as InvoiceView;
    expect(vm.totals).toMatchObject({ netLabel: 'Summe netto', net: '1.542,80', vatLabel: 'Summe USt', vat: '278,65' });
    expect(vm.totals.taxRows).toEqual([
      { label: 'USt 19 % auf 1.422,10', net: '1.422,10', vat: '270,20' },
      { label: 'USt 7 % auf 120,70', net: '120,70', vat: '8,45' },
    ]);
    expect(vm.totals.grossLabel).toBe('Gesamtbetrag (brutto)');
    expect(vm.totals.gross).toBe('1.821,45');
    expect(vm.totals.currency).toBe('EUR');
    expect(vm.exchange).toBeNull();
  });

  it('shows invoice dates, references and payment terms with the due date', () => {
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice() }, seller) as InvoiceView;
    expect(vm.date).toBe('11.11.2025');
    expect(vm.supplyDate).toBe('10.11.2025');
    expect(vm.dueDate).toBe('25.11.2025');
    expect(vm.paymentTerms).toBe('Zahlbar innerhalb von 14 Tagen ohne Abzug bis zum 25.11.2025.');
    expect(vm.meta).toEqual(
      expect.arrayContaining([
        { label: 'Rechnungs-Nr.', value: 'RE-2025-00042' },
        { label: 'Kunden-Nr.', value: 'K-10042' },
        { label: 'Auftrags-Nr.', value: 'AB-2025-00023' },
        { label: 'Lieferschein', value: 'LS-2025-00031' },
        { label: 'Leistungsdatum', value: '10.11.2025' },
        { label: 'Fällig am', value: '25.11.2025' },
      ]),
    );
  });

  it('addresses priced documents to the billing address and adds a differing shipping address', () => {
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice() }, seller) as InvoiceView;
    expect(vm.recipient).toEqual(['Müller & Söhne Bürobedarf GmbH', 'Hauptstraße 5', '80331 München']);
    expect(vm.otherAddress?.label).toBe('Lieferanschrift');
    expect(vm.otherAddress?.lines[2]).toBe('85748 Garching');

    const customer = buildCustomer();
    const same = buildInvoice({ customer: { ...customer, shippingAddress: customer.billingAddress } });
    expect((buildViewModel({ kind: 'invoice', document: same }, seller) as InvoiceView).otherAddress).toBeNull();
  });

  it('shows the seller with VAT ID, tax number and bank details', () => {
    const vm = buildViewModel({ kind: 'quote', document: buildQuote() }, seller);
    expect(vm.seller.name).toBe('Kontor Demo GmbH');
    expect(vm.seller.senderLine).toBe('Kontor Demo GmbH · Musterstraße 12 · 10115 Berlin');
    const footer = vm.seller.footer.flat();
    expect(footer).toContain('USt-IdNr.: DE123456788');
    expect(footer).toContain('IBAN: DE89 3704 0044 0532 0130 00');
    expect(footer.some((l) => l.startsWith('Steuernr.: '))).toBe(true);
  });

  it('builds the quote with its validity date', () => {
    const vm = buildViewModel({ kind: 'quote', document: buildQuote() }, seller) as QuoteView;
    expect(vm.title).toBe('Angebot');
    expect(vm.date).toBe('03.11.2025');
    expect(vm.validUntil).toBe('03.12.2025');
    expect(vm.meta).toContainEqual({ label: 'Gültig bis', value: '03.12.2025' });
    expect(vm.paymentTerms).toMatch(/^Zahlbar innerhalb von 14 Tagen ohne Abzug/);
  });

  it('builds the order confirmation with the quote reference', () => {
    const vm = buildViewModel({ kind: 'order', document: buildOrder() }, seller) as OrderView;
    expect(vm.title).toBe('Auftragsbestätigung');
    expect(vm.meta).toContainEqual({ label: 'Ihr Angebot', value: 'AN-2025-00017' });
    const direct = buildViewModel({ kind: 'order', document: buildOrder({}, { quoteNumber: null }) }, seller);
    expect(direct.meta.some((m) => m.label === 'Ihr Angebot')).toBe(false);
  });

  it('builds the delivery note without prices, addressed to the shipping address', () => {
    const vm = buildViewModel({ kind: 'delivery_note', document: buildDeliveryNote() }, seller) as DeliveryNoteView;
    expect(vm.title).toBe('Lieferschein');
    expect(vm.recipient[0]).toBe('Müller & Söhne Bürobedarf GmbH, Lager Nord');
    expect(vm.otherAddress?.label).toBe('Rechnungsanschrift');
    expect(vm.positions[2]).toEqual({
      position: '3',
      orderPosition: '3',
      sku: 'SV-0100',
      skuLong: false,
      description: 'Montage und Einweisung vor Ort',
      quantity: '2,5',
      unit: 'Std',
    });
    expect(Object.keys(vm.positions[0]!)).not.toContain('unitPrice');
    expect(vm.shippedAt).toBe('10.11.2025');
    expect(vm.meta).toContainEqual({ label: 'Sendungs-Nr.', value: '00340434161094042557' });
    expect(vm.meta).toContainEqual({ label: 'Versandart', value: 'Paket' });
    expect(vm.meta).toContainEqual({ label: 'Versanddienstleister', value: 'DHL Paket' });
  });

  it('builds the pick list with warehouse and bin per position, and a dash where they are not known', () => {
    const note = buildDeliveryNote();
    const lines = note.lines.map((l, i) => ({ ...l, warehouse: i === 2 ? null : 'HAUPT', bin: i === 0 ? 'R03-F2-E1' : null }));
    const vm = buildViewModel(
      { kind: 'pick_list', document: { number: note.number, orderNumber: note.orderNumber, customer: note.customer, lines, createdAt: note.createdAt } },
      seller,
    ) as PickListView;
    expect(vm.title).toBe('Kommissionierliste');
    expect(vm.number).toBe(note.number);
    expect(vm.recipient[0]).toBe('Müller & Söhne Bürobedarf GmbH, Lager Nord');
    expect(vm.meta).toContainEqual({ label: 'Auftrags-Nr.', value: note.orderNumber });
    expect(vm.positions.slice(0, 3).map((p) => [p.sku, p.quantity, p.warehouse, p.bin])).toEqual([
      [note.lines[0]!.sku, vm.positions[0]!.quantity, 'HAUPT', 'R03-F2-E1'],
      [note.lines[1]!.sku, vm.positions[1]!.quantity, 'HAUPT', '—'],
      ['SV-0100', '2,5', '—', '—'],
    ]);
    const html = renderHtml(
      { kind: 'pick_list', document: { number: note.number, orderNumber: note.orderNumber, customer: note.customer, lines, createdAt: note.createdAt } },
      seller,
    );
    expect(html).toContain('Lagerplatz');
    expect(html).toContain('R03-F2-E1');
    expect(html).not.toMatch(/Einzelpreis|Gesamtbetrag/);
  });

  it('uses the document currency and notes the rate for foreign currencies', () => {
    const vm = buildViewModel({ kind: 'invoice', document: buildInvoice({ currency: 'USD', rate: '1.0850' }) }, seller) as InvoiceView;
    expect(vm.currency).toBe('USD');
    expect(vm.totals.gross).toBe('1.821,45');
    expect(vm.exchange).toEqual({ rate: '1 EUR = 1,085 USD (EZB, 11.11.2025)', grossBase: '1.678,76 EUR' });
  });

  it('reads the seller from SELLER_* variables', () => {
    const custom = sellerFromEnv({ SELLER_NAME: 'Beispiel KG', SELLER_IBAN: 'de02 1203 0000 0000 2020 51' });
    expect(custom.name).toBe('Beispiel KG');
    expect(custom.iban).toBe('DE02120300000000202051');
    expect(custom.city).toBe('Berlin');
  });
});

describe('renderHtml', () => {
  it('renders a self-contained German HTML page for every kind', () => {
    const requests = [
      { kind: 'quote', document: buildQuote() },
      { kind: 'order', document: buildOrder() },
      { kind: 'delivery_note', document: buildDeliveryNote() },
      { kind: 'invoice', document: buildInvoice() },
    ] as const;
    for (const req of requests) {
      const html = renderHtml(req, seller);
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<html lang="de">');
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('.positions'); // styles.css inlined
      expect(html).not.toMatch(/<link|<script|(src|href)=|@import|url\(/i);
      expect(html).toContain('Müller &amp; Söhne Bürobedarf GmbH');
    }
  });

  it('prints prices only on priced documents', () => {
    expect(renderHtml({ kind: 'invoice', document: buildInvoice() }, seller)).toContain('Gesamtbetrag (brutto)');
    expect(renderHtml({ kind: 'delivery_note', document: buildDeliveryNote() }, seller)).not.toMatch(/Einzelpreis|Gesamtbetrag|289,00/);
  });

  it("names installed fonts for Chinese, Japanese, Korean and colour emoji in the documents' font stack", () => {
    const css = readFileSync(new URL('../../templates/styles.css', import.meta.url), 'utf8');
    const body = /body\s*{[^}]*?font-family:\s*([^;]+);/.exec(css)?.[1] ?? '';
    for (const family of ['Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans CJK KR', 'Kontor Emoji']) expect(body).toContain(`"${family}"`);
    expect(css).toMatch(/font-family: "Kontor Emoji";\s*src: local\("Noto Color Emoji"\);/);
    // deploy/up.sh installs fonts-noto-cjk and fonts-noto-color-emoji; a machine without them prints empty boxes.
    const installed = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
    for (const family of ['Liberation Sans', 'DejaVu Sans', 'Noto Sans CJK SC', 'Noto Color Emoji']) expect(installed).toContain(family);
  });

  it('carries the colour-emoji face only in documents whose text has an emoji (Chromium loads it for every document)', () => {
    const face = /@font-face\s*\{[^}]*"Kontor Emoji"/;
    expect(renderHtml({ kind: 'invoice', document: buildInvoice() }, seller)).not.toMatch(face);
    const withEmoji = renderHtml(
      {
        kind: 'invoice',
        document: buildInvoice({ customer: buildCustomer({ billingAddress: { ...buildCustomer().billingAddress, name: 'Café Sonne 😀' } }) }),
      },
      seller,
    );
    expect(withEmoji).toMatch(face);
    // The rest of the stylesheet is the same either way.
    expect(renderHtml({ kind: 'invoice', document: buildInvoice() }, seller)).toContain('"Kontor Emoji", "DejaVu Sans"');
  });

  it('escapes customer-supplied text', () => {
    const lines = [{ ...DEFAULT_LINES[0]!, description: '<img src=x onerror=alert(1)> Stuhl' }];
    const html = renderHtml({ kind: 'invoice', document: buildInvoice({ lines }) }, seller);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Stuhl');
    expect(html).not.toContain('<img');
  });
});

describe('corrections: cancellation invoice and credit note', () => {
  const invoice = buildInvoice();
  const negate = (v: string) => (v.startsWith('-') ? v.slice(1) : `-${v}`);
  const correction = (kind: 'cancellation' | 'credit_note', number: string) =>
    buildInvoice(
      {},
      {
        number,
        kind,
        refersTo: invoice.number,
        reason: 'Falsche Anschrift',
        createdAt: '2025-11-20T09:00:00.000Z',
        lines: invoice.lines.map((l) => ({ ...l, quantity: negate(l.quantity), net: negate(l.net), invoicePosition: l.position })),
        totals: {
          ...invoice.totals,
          lineNets: invoice.totals.lineNets.map(negate),
          taxGroups: invoice.totals.taxGroups.map((g) => ({ vatRate: g.vatRate, net: negate(g.net), vat: negate(g.vat), gross: negate(g.gross) })),
          net: negate(invoice.totals.net),
          vat: negate(invoice.totals.vat),
          gross: negate(invoice.totals.gross),
        },
      },
    );

  it.each([
    ['cancellation', 'ST-2025-00001', 'Stornorechnung', 'Storno-Nr.'],
    ['credit_note', 'RK-2025-00001', 'Rechnungskorrektur', 'Korrektur-Nr.'],
  ] as const)(
    '%s: titled %s, refers to the invoice with its date, prints the reason and negative amounts, never "Gutschrift"',
    (kind, number, title, label) => {
      const document = correction(kind, number);
      const vm = buildViewModel({ kind, document, invoice }, seller) as CorrectionView;
      expect([vm.title, vm.refersTo, vm.reason]).toEqual([title, 'zu Rechnung RE-2025-00042 vom 11.11.2025', 'Falsche Anschrift']);
      expect(vm.meta.slice(0, 6)).toEqual([
        { label, value: number },
        { label: 'Datum', value: '20.11.2025' },
        { label: 'Kunden-Nr.', value: invoice.customer.number },
        { label: 'Auftrags-Nr.', value: invoice.orderNumber },
        { label: 'Zu Rechnung', value: invoice.number },
        { label: 'Rechnungsdatum', value: '11.11.2025' },
      ]);
      expect(vm.totals.gross.startsWith('-')).toBe(true);
      expect(vm.positions.every((p) => p.quantity.startsWith('-'))).toBe(true);
      const html = renderHtml({ kind, document, invoice }, seller);
      expect(html).toContain(`${title} zu Rechnung RE-2025-00042 vom 11.11.2025`);
      expect(html).toContain(seller.vatId);
      expect(html).not.toMatch(/Gutschrift/i);
    },
  );
});

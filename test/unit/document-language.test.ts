import { describe, it, expect } from '@jest/globals';
import { buildViewModel } from '../../services/document/src/view-models.ts';
import type {
  ViewModel,
  CorrectionView,
  DeliveryNoteView,
  InvoiceView,
  OrderView,
  PickListView,
  QuoteView,
  ReminderView,
} from '../../services/document/src/view-models.ts';
import { renderHtml } from '../../services/document/src/templates.ts';
import { DICTIONARIES, formatNumber } from '../../services/document/src/i18n.ts';
import type { RenderRequest } from '../../shared/contracts/document/index.ts';
import type { Invoice } from '../../shared/contracts/invoicing/index.ts';
import type { Reminder } from '../../shared/contracts/invoicing/dunning.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import { taxNotes } from '../../shared/tax-notes.ts';
import {
  buildCorrection,
  buildCustomer,
  buildDeliveryNote,
  buildInvoice,
  buildOrder,
  buildPickList,
  buildQuote,
  buildReminder,
} from '../fixtures/documents.ts';

/*
 * Documents print in the customer's language: every document type in German
 * (no language, or 'de') and in English ('en'). The fixture's amounts, computed by hand:
 * 19 %: 578.00 + 674.10 + 170.00 = 1,422.10, VAT 270.20; 7 %: 74.70 + 46.00 = 120.70, VAT 8.45;
 * net 1,542.80, VAT 278.65, gross 1,821.45.
 */

const seller = sellerFromEnv({});

/** The view model with its no-break spaces (inside English dates) read as plain spaces, so expectations read naturally. */
const view = (req: RenderRequest, s = seller): ViewModel => JSON.parse(JSON.stringify(buildViewModel(req, s)).replaceAll('\u00a0', ' ')) as ViewModel;
const london = { name: 'Baker & Sons Ltd', street: '10 Downing Street', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' };
const english = buildCustomer({
  language: 'en',
  name: 'Baker & Sons Ltd',
  billingAddress: london,
  shippingAddress: { ...london, name: 'Baker & Sons Ltd, Warehouse', street: '1 Dock Road' },
  vatId: 'GB123456789',
});
const german = buildCustomer({ language: 'de' });
const onlyEn = { customer: english };
const onlyDe = { customer: german };

/** The visible text of a rendered page, one trimmed line per text run. */
function textOf(html: string): string[] {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&amp;/g, '&')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** German words that must never appear on an English document (seller master data aside). */
const GERMAN_WORDS =
  /\b(Rechnung|Angebot|Auftrag|Lieferschein|Datum|Sehr geehrte|Grüßen|Summe|brutto|netto|Zahlbar|Menge|Einheit|Bezeichnung|Einzelpreis|Kunden|Fällig|Leistungsdatum|Mahnung|Zahlungserinnerung|Stornorechnung|Rechnungskorrektur|Lager|Entnommen|Kommission|Versand|Steuernr|Geschäftsführung|USt|Stk|Std|Seite)\b/;

/** The fixture's article descriptions are German master data, printed as entered. */
const FIXTURE_GERMAN = /Bürostuhl|Schreibtisch|Montage|Fachbuch|Kaffee/;

const invoice = (lang: 'de' | 'en', overrides: Partial<Invoice> = {}) => buildInvoice(lang === 'en' ? onlyEn : onlyDe, overrides);

const correction = (kind: 'cancellation' | 'credit_note', lang: 'de' | 'en') => buildCorrection(kind, lang === 'en' ? english : german);
const reminder = (lang: 'de' | 'en', level: number, title: string): Reminder => buildReminder(lang === 'en' ? english : german, level, title);
const pickList = (lang: 'de' | 'en'): RenderRequest => ({ kind: 'pick_list', document: buildPickList(lang === 'en' ? onlyEn : onlyDe) });

describe('label dictionary', () => {
  it('has every key in both languages, none empty', () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(DICTIONARIES.en.labels)).toEqual(keys(DICTIONARIES.de.labels));
    expect(keys(DICTIONARIES.en.say)).toEqual(keys(DICTIONARIES.de.say));
    for (const d of Object.values(DICTIONARIES)) {
      for (const [key, value] of Object.entries(d.labels)) expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('keeps English dates on one line: day, month and year joined by no-break spaces', () => {
    const vm = buildViewModel({ kind: 'quote', document: buildQuote(onlyEn) }, seller);
    expect(vm.date).toBe('3\u00a0Nov\u00a02025');
    expect(buildViewModel({ kind: 'quote', document: buildQuote(onlyDe) }, seller).date).toBe('03.11.2025');
  });

  it('formats numbers German 1.234,56 and English 1,234.56', () => {
    expect(formatNumber('1234567.891', 2, 'de')).toBe('1.234.567,89');
    expect(formatNumber('1234567.891', 2, 'en')).toBe('1,234,567.89');
    expect(formatNumber('-0.5', 2, 'en')).toBe('-0.50');
    expect(formatNumber('1250', 0, 'en')).toBe('1,250');
  });

  it('prints German documents for customers without a language (snapshots taken before it was recorded)', () => {
    const { language: _none, ...old } = german;
    const vm = view({ kind: 'invoice', document: buildInvoice({ customer: old }) }, seller);
    expect([vm.lang, vm.title, vm.date]).toEqual(['de', 'Rechnung', '11.11.2025']);
  });
});

describe('quote', () => {
  it.each([
    ['de', onlyDe, 'Angebot', 'Angebots-Nr.', '03.11.2025', 'Gültig bis', '03.12.2025', 'Summe netto', '1.542,80', 'USt 19 % auf 1.422,10'],
    ['en', onlyEn, 'Quotation', 'Quotation no.', '3 Nov 2025', 'Valid until', '3 Dec 2025', 'Total net', '1,542.80', 'VAT 19% on 1,422.10'],
  ] as const)('%s', (lang, opts, title, numberLabel, date, validLabel, valid, netLabel, net, taxRow) => {
    const vm = view({ kind: 'quote', document: buildQuote(opts) }, seller) as QuoteView;
    expect([vm.lang, vm.title, vm.validUntil, vm.totals.netLabel, vm.totals.net, vm.totals.taxRows[0]!.label]).toEqual([
      lang,
      title,
      valid,
      netLabel,
      net,
      taxRow,
    ]);
    expect(vm.meta.slice(0, 4).map((m) => m.label)).toEqual(
      lang === 'de' ? [numberLabel, 'Datum', 'Kunden-Nr.', validLabel] : [numberLabel, 'Date', 'Customer no.', validLabel],
    );
    expect(vm.meta[1]!.value).toBe(date);
    expect(vm.positions[0]).toMatchObject(
      lang === 'de'
        ? { quantity: '2', unit: 'Stk', unitPrice: '289,00', vatRate: '19 %', net: '578,00' }
        : { quantity: '2', unit: 'pcs', unitPrice: '289.00', vatRate: '19%', net: '578.00' },
    );
    const text = textOf(renderHtml({ kind: 'quote', document: buildQuote(opts) }, seller));
    if (lang === 'de') {
      expect(text).toEqual(
        expect.arrayContaining([
          'Sehr geehrte Damen und Herren,',
          'vielen Dank für Ihre Anfrage. Gerne bieten wir Ihnen die folgenden Lieferungen und Leistungen an:',
          'Alle Beträge in EUR',
          'Pos.',
          'Art.-Nr.',
          'Bezeichnung',
          'Menge',
          'Einheit',
          'Einzelpreis',
          'Rabatt %',
          'USt %',
          'Gesamt netto',
          'Gesamtbetrag (brutto)',
          '1.821,45 EUR',
          'Dieses Angebot ist gültig bis',
          'Zahlungsbedingungen: Zahlbar innerhalb von 14 Tagen ohne Abzug nach Rechnungsstellung.',
          'Mit freundlichen Grüßen',
          'Tel. +49 30 1234567-0',
          'Geschäftsführung: Erika Mustermann',
          'USt-IdNr.: DE123456788',
          'Steuernr.: 30/123/45678',
        ]),
      );
    } else {
      expect(text).toEqual(
        expect.arrayContaining([
          'Dear Sir or Madam,',
          'Thank you for your enquiry. We are pleased to offer you the following goods and services:',
          'All amounts in EUR',
          'Pos.',
          'Item no.',
          'Description',
          'Qty',
          'Unit',
          'Unit price',
          'Discount %',
          'VAT %',
          'Net amount',
          'Total amount (gross)',
          '1,821.45 EUR',
          'This quotation is valid until',
          '3 Dec 2025',
          'Terms of payment: Payable within 14 days without deduction from the invoice date.',
          'We look forward to your order. Please do not hesitate to contact us if you have any questions.',
          'Kind regards',
          'Phone +49 30 1234567-0',
          'Managing director: Erika Mustermann',
          'VAT ID: DE123456788',
          'Tax no.: 30/123/45678',
        ]),
      );
      expect(text.filter((l) => GERMAN_WORDS.test(l) && !FIXTURE_GERMAN.test(l))).toEqual([]);
      expect(text).toContain('UNITED KINGDOM');
    }
  });
});

describe('order confirmation', () => {
  it.each([
    ['de', onlyDe, 'Auftragsbestätigung', 'Auftrags-Nr.', 'Ihr Angebot', 'vielen Dank für Ihren Auftrag auf Grundlage unseres Angebots AN-2025-00017.'],
    ['en', onlyEn, 'Order confirmation', 'Order no.', 'Your quotation', 'Thank you for your order based on our quotation AN-2025-00017.'],
  ] as const)('%s', (lang, opts, title, numberLabel, quoteLabel, intro) => {
    const vm = view({ kind: 'order', document: buildOrder(opts) }, seller) as OrderView;
    expect(vm.title).toBe(title);
    expect(vm.meta.map((m) => m.label)).toEqual(
      lang === 'de' ? [numberLabel, 'Datum', 'Kunden-Nr.', quoteLabel, 'Ihre USt-IdNr.'] : [numberLabel, 'Date', 'Customer no.', quoteLabel, 'Your VAT ID'],
    );
    expect(vm.intro.startsWith(intro)).toBe(true);
    expect(vm.otherAddress?.label).toBe(lang === 'de' ? 'Lieferanschrift' : 'Shipping address');
    const text = textOf(renderHtml({ kind: 'order', document: buildOrder(opts) }, seller));
    expect(text).toContain(
      lang === 'de'
        ? 'Bitte prüfen Sie diese Auftragsbestätigung. Abweichungen teilen Sie uns bitte umgehend mit.'
        : 'Please check this order confirmation and let us know of any discrepancies immediately.',
    );
    expect(text).toContain(lang === 'de' ? 'Summe USt' : 'Total VAT');
  });
});

describe('delivery note and pick list', () => {
  it.each([
    [
      'de',
      'Lieferschein',
      'Lieferschein-Nr.',
      'Versanddatum',
      '10.11.2025',
      'Paket',
      'Versand (Paket) mit DHL Paket am 10.11.2025, Sendungsnummer 00340434161094042557.',
    ],
    [
      'en',
      'Delivery note',
      'Delivery note no.',
      'Shipping date',
      '10 Nov 2025',
      'Parcel',
      'Shipped (Parcel) with DHL Paket on 10 Nov 2025, tracking number 00340434161094042557.',
    ],
  ] as const)('delivery note %s', (lang, title, numberLabel, shippedLabel, shippedAt, method, shipping) => {
    const document = buildDeliveryNote(lang === 'en' ? onlyEn : onlyDe);
    const vm = view({ kind: 'delivery_note', document }, seller) as DeliveryNoteView;
    expect([vm.title, vm.shippedAt, vm.shippingMethod, vm.shipping]).toEqual([title, shippedAt, method, shipping]);
    expect(vm.meta.map((m) => m.label)).toContain(numberLabel);
    expect(vm.meta.map((m) => m.label)).toContain(shippedLabel);
    expect(vm.otherAddress?.label).toBe(lang === 'de' ? 'Rechnungsanschrift' : 'Billing address');
    expect(vm.positions[2]).toMatchObject(lang === 'de' ? { quantity: '2,5', unit: 'Std' } : { quantity: '2.5', unit: 'h' });
    const text = textOf(renderHtml({ kind: 'delivery_note', document }, seller));
    expect(text).toEqual(
      expect.arrayContaining(
        lang === 'de'
          ? [
              'zu Ihrem Auftrag AB-2025-00023 liefern wir Ihnen die folgenden Positionen:',
              'Auftr.-Pos.',
              'Ware vollständig und unbeschädigt erhalten (Name, Unterschrift)',
            ]
          : ['For your order AB-2025-00023 we deliver the following positions:', 'Order pos.', 'Goods received complete and undamaged (name, signature)'],
      ),
    );
  });

  it.each([
    [
      'de',
      'Kommissionierliste',
      'Auftrag AB-2025-00023 · Kunde Müller & Söhne Bürobedarf GmbH (K-10042)',
      ['Lager', 'Lagerplatz', 'Entnommen', 'Kommissioniert am'],
    ],
    ['en', 'Pick list', 'Order AB-2025-00023 · Customer Baker & Sons Ltd (K-10042)', ['Warehouse', 'Bin', 'Picked', 'Picked on']],
  ] as const)('pick list %s', (lang, title, pickFor, labels) => {
    const req = pickList(lang);
    const vm = view(req, seller) as PickListView;
    expect([vm.title, vm.pickFor]).toEqual([title, pickFor]);
    expect(textOf(renderHtml(req, seller))).toEqual(expect.arrayContaining([...labels]));
  });
});

describe('invoices of every kind', () => {
  it.each([
    [
      'de',
      'invoice',
      'Rechnung',
      'vielen Dank für Ihren Auftrag AB-2025-00023. Wir berechnen Ihnen die folgenden Lieferungen und Leistungen (Leistungsdatum 10.11.2025):',
    ],
    ['en', 'invoice', 'Invoice', 'Thank you for your order AB-2025-00023. We invoice you for the following goods and services (date of supply 10 Nov 2025):'],
    [
      'de',
      'down_payment',
      'Anzahlungsrechnung',
      'gemäß dem vereinbarten Zahlungsplan zu Ihrem Auftrag AB-2025-00023 berechnen wir Ihnen die folgende Anzahlung.',
    ],
    [
      'en',
      'down_payment',
      'Down-payment invoice',
      'In accordance with the agreed payment plan for your order AB-2025-00023 we invoice you for the following down payment.',
    ],
    [
      'de',
      'progress',
      'Abschlagsrechnung',
      'gemäß dem vereinbarten Zahlungsplan zu Ihrem Auftrag AB-2025-00023 berechnen wir Ihnen die folgende Abschlagszahlung.',
    ],
    [
      'en',
      'progress',
      'Progress invoice',
      'In accordance with the agreed payment plan for your order AB-2025-00023 we invoice you for the following progress payment.',
    ],
    [
      'de',
      'time_material',
      'Rechnung',
      'für Ihren Auftrag AB-2025-00023 berechnen wir Ihnen die folgenden Leistungen nach Zeit und Aufwand (Leistungsdatum 10.11.2025',
    ],
    [
      'en',
      'time_material',
      'Invoice',
      'For your order AB-2025-00023 we invoice you for the following services on a time and material basis (date of supply 10 Nov 2025',
    ],
    ['de', 'final', 'Schlussrechnung', 'nach Ausführung Ihres Auftrags AB-2025-00023 berechnen wir Ihnen die Gesamtleistung (Leistungsdatum 10.11.2025)'],
    ['en', 'final', 'Final invoice', 'Your order AB-2025-00023 having been completed, we invoice you for the total supply (date of supply 10 Nov 2025)'],
  ] as const)('%s %s: %s', (lang, kind, title, intro) => {
    const deductions =
      kind === 'final'
        ? [{ invoiceNumber: 'AR-2025-00001', kind: 'down_payment', issueDate: '2025-10-01', vatRate: '19', net: '100.00', vat: '19.00', gross: '119.00' }]
        : [];
    const document = invoice(lang, { kind, deductions });
    const vm = view({ kind: 'invoice', document }, seller) as InvoiceView;
    expect(vm.title).toBe(title);
    expect(vm.intro.startsWith(intro)).toBe(true);
    const labels = vm.meta.map((m) => m.label);
    const supply = kind === 'down_payment' || kind === 'progress' ? [] : [lang === 'de' ? 'Leistungsdatum' : 'Date of supply'];
    expect(labels).toEqual(
      lang === 'de'
        ? ['Rechnungs-Nr.', 'Rechnungsdatum', 'Kunden-Nr.', 'Auftrags-Nr.', 'Lieferschein', ...supply, 'Fällig am', 'Ihre USt-IdNr.']
        : ['Invoice no.', 'Invoice date', 'Customer no.', 'Order no.', 'Delivery note', ...supply, 'Due date', 'Your VAT ID'],
    );
    expect(vm.paymentTerms).toBe(
      lang === 'de' ? 'Zahlbar innerhalb von 14 Tagen ohne Abzug bis zum 25.11.2025.' : 'Payable within 14 days without deduction, by 25 Nov 2025.',
    );
    expect(vm.transferRequest).toBe(
      lang === 'de'
        ? 'Bitte überweisen Sie den Gesamtbetrag von 1.821,45 EUR unter Angabe der Rechnungsnummer RE-2025-00042 auf unser Konto bei der Commerzbank, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX.'
        : 'Please transfer the total amount of 1,821.45 EUR, quoting the invoice number RE-2025-00042, to our account with Commerzbank, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX.',
    );
    if (kind === 'final') {
      const s = vm.settlement!;
      // Whole 19 %: 1,422.10 left + 100.00 deducted = 1,522.10; VAT 270.20 + 19.00 = 289.20.
      expect(s.whole[0]).toEqual(
        lang === 'de'
          ? { label: 'Gesamtleistung 19 % USt', net: '1.522,10', vat: '289,20', gross: '1.811,30' }
          : { label: 'Total supply 19% VAT', net: '1,522.10', vat: '289.20', gross: '1,811.30' },
      );
      expect(s.deductions[0]!.label).toBe(
        lang === 'de' ? 'Anzahlungsrechnung AR-2025-00001 vom 01.10.2025, 19 %' : 'Down-payment invoice AR-2025-00001 of 1 Oct 2025, 19%',
      );
      expect(s.remainingTotal.label).toBe(lang === 'de' ? 'Zu zahlender Restbetrag' : 'Remaining amount due');
      const text = textOf(renderHtml({ kind: 'invoice', document }, seller));
      expect(text).toContain(lang === 'de' ? 'abzüglich bereits berechnet:' : 'less amounts already invoiced:');
    }
  });

  it.each([
    ['de', 'Zahlbar bis 25.11.2025 ohne Abzug, bei Zahlung bis 18.11.2025 abzüglich 2 % Skonto (36,43 EUR): 1.785,02 EUR'],
    ['en', 'Payable by 25 Nov 2025 without deduction; if paid by 18 Nov 2025, less 2% early payment discount (36.43 EUR): 1,785.02 EUR'],
  ] as const)('Skonto terms %s', (lang, terms) => {
    const document = invoice(lang, {
      earlyPaymentDiscount: { percent: '2', days: 7, until: '2025-11-18', amount: '36.43', payableAmount: '1785.02' } as never,
    });
    expect((view({ kind: 'invoice', document }, seller) as InvoiceView).paymentTerms).toBe(terms);
  });

  it('prints the legal tax notes in the German wording for German customers and the English one for English customers', () => {
    const [de] = taxNotes(['reverse_charge'], 'de');
    const [en] = taxNotes(['reverse_charge'], 'en');
    const lines = (l: Invoice['lines']) => l.map((x) => ({ ...x, taxTreatment: 'reverse_charge' }));
    // The note is stored in one language; the document prints it in its own.
    const deDoc = invoice('de');
    const enDoc = invoice('en');
    const deVm = view({ kind: 'invoice', document: { ...deDoc, lines: lines(deDoc.lines), taxNotes: [en!] } }, seller) as InvoiceView;
    const enVm = view({ kind: 'invoice', document: { ...enDoc, lines: lines(enDoc.lines), taxNotes: [de!] } }, seller) as InvoiceView;
    expect(deVm.taxNotes).toEqual([de]);
    expect(deVm.vatIds).toBe('USt-IdNr. des Leistenden: DE123456788 · USt-IdNr. des Leistungsempfängers: DE987654328');
    expect(enVm.taxNotes).toEqual([en]);
    expect(enVm.vatIds).toBe("Supplier's VAT ID: DE123456788 · Customer's VAT ID: GB123456789");
  });

  it('prints the exchange rate and its source in the document language', () => {
    const source = { source: 'ECB reference rate of 2025-11-10', capturedAt: '2025-11-11T08:00:00.000Z' };
    const vmOf = (lang: 'de' | 'en') => {
      const doc = buildInvoice({ currency: 'USD', rate: '1.0850', customer: lang === 'en' ? english : german });
      return view({ kind: 'invoice', document: { ...doc, exchangeRate: { ...doc.exchangeRate, ...source } } }, seller) as InvoiceView;
    };
    expect(vmOf('de').exchange!.rate).toBe('1 EUR = 1,085 USD (EZB-Referenzkurs vom 10.11.2025)');
    expect(vmOf('en').exchange!.rate).toBe('1 EUR = 1.085 USD (ECB reference rate of 10 Nov 2025)');
  });

  it('renders an English invoice without German words besides the master data', () => {
    const html = renderHtml({ kind: 'invoice', document: invoice('en') }, seller);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('content: "Page " counter(page) " of " counter(pages);');
    expect(renderHtml({ kind: 'invoice', document: invoice('de') }, seller)).toContain('content: "Seite " counter(page) " von " counter(pages);');
    const text = textOf(html);
    const german = text.filter((l) => GERMAN_WORDS.test(l) && !FIXTURE_GERMAN.test(l));
    expect(german).toEqual([]);
    expect(text).toEqual(expect.arrayContaining(['Invoice', 'Total net', '1,542.80 EUR', 'VAT 19% on 1,422.10 EUR', '270.20 EUR', 'Total VAT', '278.65 EUR']));
  });
});

describe('corrections', () => {
  it.each([
    [
      'cancellation',
      'de',
      'Stornorechnung',
      'Storno-Nr.',
      'zu Rechnung RE-2025-00042 vom 11.11.2025',
      'Die Rechnung RE-2025-00042 wird hiermit in voller Höhe storniert',
    ],
    [
      'cancellation',
      'en',
      'Cancellation invoice',
      'Cancellation no.',
      'for invoice RE-2025-00042 of 11 Nov 2025',
      'Invoice RE-2025-00042 is hereby cancelled in full',
    ],
    ['credit_note', 'de', 'Rechnungskorrektur', 'Korrektur-Nr.', 'zu Rechnung RE-2025-00042 vom 11.11.2025', 'Den Betrag von 1.821,45 EUR verrechnen wir'],
    [
      'credit_note',
      'en',
      'Invoice correction',
      'Correction no.',
      'for invoice RE-2025-00042 of 11 Nov 2025',
      'We will set off the amount of 1,821.45 EUR against invoice',
    ],
  ] as const)('%s %s', (kind, lang, title, numberLabel, refersTo, settlement) => {
    const req = correction(kind, lang);
    const vm = view(req, seller) as CorrectionView;
    expect([vm.title, vm.meta[0]!.label, vm.refersTo]).toEqual([title, numberLabel, refersTo]);
    expect(vm.settlement.startsWith(settlement)).toBe(true);
    expect(vm.totals.gross).toBe(lang === 'de' ? '-1.821,45' : '-1,821.45');
    const html = renderHtml(req, seller);
    expect(html).not.toMatch(/Gutschrift|credit memo|credit note/i);
    const text = textOf(html);
    expect(text).toContain(`${title} ${refersTo}`);
    expect(text).toContain(lang === 'de' ? 'Grund: Falsche Anschrift' : 'Reason: Wrong address');
    expect(text).toContain(
      kind === 'cancellation'
        ? lang === 'de'
          ? 'wir stornieren die unten genannte Rechnung zu Ihrem Auftrag AB-2025-00023 (Leistungsdatum 10.11.2025) in voller Höhe:'
          : 'We hereby cancel in full the invoice below for your order AB-2025-00023 (date of supply 10 Nov 2025):'
        : lang === 'de'
          ? 'wir berichtigen die unten genannte Rechnung zu Ihrem Auftrag AB-2025-00023 (Leistungsdatum 10.11.2025) um die folgenden Positionen:'
          : 'We correct the invoice below for your order AB-2025-00023 (date of supply 10 Nov 2025) by the following positions:',
    );
  });
});

describe('reminders', () => {
  it.each([
    [
      'de',
      1,
      'Zahlungserinnerung',
      'Zahlungserinnerung',
      'sicher ist es Ihrer Aufmerksamkeit entgangen: Unsere Rechnung RE-2025-00042 war am 25.11.2025 fällig',
    ],
    ['en', 1, 'Zahlungserinnerung', 'Payment reminder', 'Perhaps it has escaped your attention: our invoice RE-2025-00042 was due on 25 Nov 2025'],
    ['de', 2, '1. Mahnung', '1. Mahnung', 'trotz unserer Erinnerung ist unsere Rechnung RE-2025-00042, fällig am 25.11.2025'],
    ['en', 2, '1. Mahnung', '1st reminder', 'Despite our reminder, our invoice RE-2025-00042, due on 25 Nov 2025'],
    ['en', 3, '2. Mahnung', '2nd reminder', 'Despite our reminder'],
  ] as const)('%s level %d (%s)', (lang, level, configured, title, intro) => {
    const req: RenderRequest = { kind: 'reminder', document: reminder(lang, level, configured) };
    const vm = view(req, seller) as ReminderView;
    expect(vm.title).toBe(title);
    expect(vm.intro.startsWith(intro)).toBe(true);
    expect(vm.rows).toEqual(
      lang === 'de'
        ? [
            { label: 'Offener Betrag der Rechnung RE-2025-00042 (fällig am 25.11.2025)', value: '1.821,45' },
            { label: 'Verzugszinsen 9,12 % p. a. für 21 Tage (§ 288 BGB)', value: '9,56' },
            { label: 'Mahngebühr', value: '5,00' },
          ]
        : [
            { label: 'Open amount of invoice RE-2025-00042 (due on 25 Nov 2025)', value: '1,821.45' },
            { label: 'Default interest 9.12% p.a. for 21 days (§ 288 BGB)', value: '9.56' },
            { label: 'Reminder fee', value: '5.00' },
          ],
    );
    expect(vm.meta.map((m) => m.label)).toEqual(
      lang === 'de'
        ? ['Mahnungs-Nr.', 'Datum', 'Kunden-Nr.', 'Rechnungs-Nr.', 'Auftrags-Nr.']
        : ['Reminder no.', 'Date', 'Customer no.', 'Invoice no.', 'Order no.'],
    );
    const text = textOf(renderHtml(req, seller));
    expect(text).toEqual(
      expect.arrayContaining(
        lang === 'de'
          ? [
              'Zu zahlen',
              '1.836,01 EUR',
              'Bitte überweisen Sie 1.836,01 EUR bis zum 23.12.2025 unter Angabe der Rechnungsnummer RE-2025-00042 auf unser Konto bei der Commerzbank, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX.',
            ]
          : [
              'Amount due',
              '1,836.01 EUR',
              'Please transfer 1,836.01 EUR by 23 Dec 2025, quoting the invoice number RE-2025-00042, to our account with Commerzbank, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX.',
              'If you have already made the payment, please disregard this letter.',
            ],
      ),
    );
  });
});

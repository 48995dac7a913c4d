import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PdfRenderer } from '../../services/document/src/pdf/renderer.ts';
import { renderDocument } from '../../services/document/src/templates.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import { taxNotes, type TaxNoteCode } from '../../shared/tax-notes.ts';
import type { RenderRequest } from '../../shared/contracts/document/index.ts';
import type { CustomerSnapshot } from '../../shared/contracts/common.ts';
import {
  buildCorrection,
  buildCustomer,
  buildDeliveryNote,
  buildInvoice,
  buildOrder,
  buildPickList,
  buildQuote,
  buildReminder,
  type LineSpec,
} from '../fixtures/documents.ts';

/*
 * Every document type, German and English, rendered to PDF by the real
 * renderer and read back with pdftotext: the title, the numbers and the
 * amounts (computed by hand below) must be in the text a customer reads. The
 * first page of each goes to test-output/documents/<case>-<lang>.png
 * (pdftoppm; git-ignored) for a person to look at.
 *
 * The fixture's amounts, by hand: 19 %: 2 × 289.00 = 578.00, 749.00 − 10 % = 674.10, 2.5 × 68.00 = 170.00,
 * net 1,422.10, VAT 270.20 (270.199); 7 %: 3 × 24.90 = 74.70, 2.5 × 18.40 = 46.00, net 120.70, VAT 8.45 (8.449);
 * net 1,542.80, VAT 278.65, gross 1,821.45.
 */

type Lang = 'de' | 'en';
const OUT = fileURLToPath(new URL('../../test-output/documents/', import.meta.url));
const seller = sellerFromEnv({});

const london = { name: 'Baker & Sons Ltd', street: '10 Downing Street', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' };
const customers: Record<Lang, CustomerSnapshot> = {
  de: buildCustomer({ language: 'de' }),
  en: buildCustomer({
    language: 'en',
    name: 'Baker & Sons Ltd',
    billingAddress: london,
    shippingAddress: { ...london, street: '1 Dock Road' },
    vatId: 'GB123456789',
  }),
};

/** German and English forms of what a text must contain (amounts: 1.821,45 and 1,821.45). */
type Both = { de: string[]; en: string[] };
const amount = (de: string): Both => ({ de: [de], en: [de.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'))] });
const both = (...parts: Both[]): Both => ({ de: parts.flatMap((p) => p.de), en: parts.flatMap((p) => p.en) });
const words = (de: string, en: string): Both => ({ de: [de], en: [en] });
const same = (...texts: string[]): Both => ({ de: texts, en: texts });

/** § 14 (4) UStG on every invoice: both parties' names and addresses, the seller's tax number and VAT ID, the bank in the footer. */
const MANDATORY = both(
  same(
    seller.name,
    seller.street,
    seller.taxNumber,
    seller.vatId,
    seller.registerCourt,
    seller.registerNumber,
    seller.managingDirector,
    'DE89 3704 0044 0532 0130 00',
  ),
);
const BUYER: Record<Lang, string[]> = {
  de: ['Müller & Söhne Bürobedarf GmbH', 'Hauptstraße 5', '80331 München'],
  en: ['Baker & Sons Ltd', '10 Downing Street', 'SW1A 2AA London'],
};
/** The fixture's VAT per rate and totals. */
const FIXTURE_TOTALS = both(
  words('USt 19 % auf 1.422,10', 'VAT 19% on 1,422.10'),
  words('USt 7 % auf 120,70', 'VAT 7% on 120.70'),
  amount('270,20'),
  amount('8,45'),
  amount('1.542,80'),
  amount('278,65'),
  amount('1.821,45'),
);

const zeroRated = (code: TaxNoteCode, treatment: string, lang: Lang, customer: CustomerSnapshot) => {
  const lines: LineSpec[] = [
    { sku: 'KT-1001', description: 'Bürostuhl „Kontor Pro“', quantity: '4', unit: 'Stk', unitPrice: '289.00', discountPercent: '0', vatRate: '0' },
  ];
  const invoice = buildInvoice({ lines, customer });
  return { ...invoice, lines: invoice.lines.map((l) => ({ ...l, taxTreatment: treatment })), taxNotes: taxNotes([code], lang) };
};
/** A foreign business customer billed and shipped at one address. */
const foreign = (lang: Lang, name: string, street: string, postalCode: string, city: string, country: string, vatId: string | null) =>
  buildCustomer({
    language: lang,
    name,
    billingAddress: { name, street, postalCode, city, country },
    shippingAddress: { name, street, postalCode, city, country },
    vatId,
  });
const austrian = (lang: Lang) => foreign(lang, 'Wiener Büro GmbH', 'Ringstraße 1', '1010', 'Wien', 'AT', 'ATU12345675');
const swiss = (lang: Lang) => foreign(lang, 'Zürcher Handel AG', 'Bahnhofstrasse 1', '8001', 'Zürich', 'CH', null);

const PROGRESS_LINE: LineSpec = {
  sku: 'PLAN-1',
  description: 'Abschlag 1: Lieferung der Möbel',
  quantity: '1',
  unit: 'Stk',
  unitPrice: '500.00',
  discountPercent: '0',
  vatRate: '19',
};
/** The progress invoice deducted on the final invoice: net 500.00, VAT 95.00, gross 595.00. */
const PROGRESS_DEDUCTION = {
  invoiceNumber: 'RE-2025-00040',
  kind: 'progress',
  issueDate: '2025-10-15',
  vatRate: '19',
  net: '500.00',
  vat: '95.00',
  gross: '595.00',
};
/** Counter sale up to 250 EUR: 7 %: 2 × 18.40 = 36.80, VAT 2.58 (2.576); 19 %: 12.90, VAT 2.45 (2.451); gross 39.38 + 15.35 = 54.73. */
const SMALL_SALE: LineSpec[] = [
  { sku: 'LM-7002', description: 'Kaffee Bio, ganze Bohne', quantity: '2', unit: 'kg', unitPrice: '18.40', discountPercent: '0', vatRate: '7' },
  { sku: 'PA-2001-XL-BLAU', description: 'Notizbuch A5, liniert', quantity: '1', unit: 'Stk', unitPrice: '12.90', discountPercent: '0', vatRate: '19' },
];

interface Case {
  name: string;
  request: (lang: Lang, customer: CustomerSnapshot) => RenderRequest;
  expected: Both;
  /** Text that must not be there (a simplified invoice leaves out the buyer). */
  absent?: Both;
}

const CASES: Case[] = [
  {
    name: 'quote',
    request: (_, customer) => ({ kind: 'quote', document: buildQuote({ customer }) }),
    expected: both(words('Angebot', 'Quotation'), same('AN-2025-00017', 'KT-1001', 'KT-3100'), words('Gültig bis', 'Valid until'), FIXTURE_TOTALS),
  },
  {
    name: 'order-confirmation',
    request: (_, customer) => ({ kind: 'order', document: buildOrder({ customer }) }),
    expected: both(words('Auftragsbestätigung', 'Order confirmation'), same('AB-2025-00023', 'AN-2025-00017'), FIXTURE_TOTALS),
  },
  {
    name: 'delivery-note',
    request: (_, customer) => ({ kind: 'delivery_note', document: buildDeliveryNote({ customer }) }),
    expected: both(words('Lieferschein', 'Delivery note'), same('LS-2025-00031', 'AB-2025-00023', 'DHL Paket', '00340434161094042557', 'KT-3100')),
    absent: both(amount('1.821,45')),
  },
  {
    name: 'pick-list',
    request: (_, customer) => ({ kind: 'pick_list', document: buildPickList({ customer }) }),
    expected: both(words('Kommissionierliste', 'Pick list'), same('LS-2025-00031', 'A-01-03', 'HQ'), words('Lagerplatz', 'Bin')),
  },
  {
    name: 'invoice',
    request: (_, customer) => ({ kind: 'invoice', document: buildInvoice({ customer }) }),
    expected: both(
      words('Rechnung', 'Invoice'),
      same('RE-2025-00042', 'LS-2025-00031'),
      words('Leistungsdatum', 'Date of supply'),
      words('10.11.2025', '10 Nov 2025'),
      words('11.11.2025', '11 Nov 2025'),
      MANDATORY,
      FIXTURE_TOTALS,
    ),
  },
  {
    name: 'progress-invoice',
    request: (_, customer) => ({
      kind: 'invoice',
      document: buildInvoice({ customer, lines: [PROGRESS_LINE] }, { kind: 'progress', number: 'RE-2025-00040', deliveryNoteNumbers: [] }),
    }),
    expected: both(words('Abschlagsrechnung', 'Progress invoice'), same('RE-2025-00040'), MANDATORY, amount('500,00'), amount('95,00'), amount('595,00')),
  },
  {
    // Whole order per rate = remaining + deducted: 19 %: 922.10 + 500.00 = 1,422.10 net, 175.20 + 95.00 = 270.20 VAT, 1,692.30 gross.
    name: 'final-invoice',
    request: (_, customer) => {
      const whole = buildInvoice({ customer });
      return {
        kind: 'invoice',
        document: {
          ...whole,
          kind: 'final',
          number: 'RE-2025-00043',
          deductions: [PROGRESS_DEDUCTION],
          totals: {
            ...whole.totals,
            taxGroups: [
              { vatRate: '19', net: '922.10', vat: '175.20', gross: '1097.30' },
              { vatRate: '7', net: '120.70', vat: '8.45', gross: '129.15' },
            ],
            net: '1042.80',
            vat: '183.65',
            gross: '1226.45',
          },
        },
      };
    },
    expected: both(
      words('Schlussrechnung', 'Final invoice'),
      same('RE-2025-00043', 'RE-2025-00040'),
      words('Abschlagsrechnung', 'Progress invoice'),
      MANDATORY,
      amount('1.692,30'),
      amount('-500,00'),
      amount('-95,00'),
      amount('922,10'),
      amount('175,20'),
      amount('1.226,45'),
    ),
  },
  {
    name: 'cancellation-invoice',
    request: (_, customer) => buildCorrection('cancellation', customer),
    expected: both(words('Stornorechnung', 'Cancellation invoice'), same('ST-2025-00001', 'RE-2025-00042'), MANDATORY, amount('-1.821,45')),
    absent: same('Gutschrift', 'Credit note'),
  },
  {
    name: 'invoice-correction',
    request: (_, customer) => buildCorrection('credit_note', customer),
    expected: both(words('Rechnungskorrektur', 'Invoice correction'), same('RK-2025-00001', 'RE-2025-00042'), MANDATORY, amount('-278,65')),
    absent: same('Gutschrift', 'Credit note'),
  },
  ...[
    [1, 'Zahlungserinnerung', 'Payment reminder'],
    [2, '1. Mahnung', '1st reminder'],
    [3, '2. Mahnung', '2nd reminder'],
  ].map(([level, de, en]): Case => ({
    name: `reminder-level-${level}`,
    request: (_, customer) => ({ kind: 'reminder', document: buildReminder(customer, level as number, de as string) }),
    expected: both(
      words(de as string, en as string),
      same('MA-2025-00003', 'RE-2025-00042'),
      amount('1.821,45'),
      amount('9,56'),
      amount('5,00'),
      amount('1.836,01'),
    ),
  })),
  {
    name: 'receipt-simplified',
    request: (_, customer) => ({ kind: 'receipt', document: buildInvoice({ customer, lines: SMALL_SALE }) }),
    expected: both(
      words('Kleinbetragsrechnung', 'Simplified invoice'),
      words('Kassenbon', 'Receipt'),
      words('§ 33 UStDV', '§ 33 UStDV'),
      same('RE-2025-00042', seller.name, seller.street, 'PA-2001-XL-BLAU'),
      amount('36,80'),
      amount('2,58'),
      amount('39,38'),
      amount('2,45'),
      amount('15,35'),
      amount('54,73'),
    ),
    absent: { de: BUYER.de, en: BUYER.en },
  },
  {
    name: 'receipt-full',
    request: (_, customer) => ({ kind: 'receipt', document: buildInvoice({ customer }) }),
    expected: both(
      words('Rechnung', 'Invoice'),
      words('Kassenbon', 'Receipt'),
      { de: BUYER.de, en: BUYER.en },
      MANDATORY,
      amount('1.821,45'),
      amount('1.692,30'),
    ),
    absent: same('§ 33'),
  },
  {
    // 4 × 289.00 = 1,156.00 at 0 %.
    name: 'invoice-reverse-charge',
    request: (lang) => ({ kind: 'invoice', document: zeroRated('reverse_charge', 'reverse_charge', lang, austrian(lang)) }),
    expected: both(words('Steuerschuldnerschaft des Leistungsempfängers', 'Reverse charge'), same('ATU12345675', 'DE123456788'), MANDATORY, amount('1.156,00')),
  },
  {
    name: 'invoice-intra-eu',
    request: (lang) => ({ kind: 'invoice', document: zeroRated('intra_eu_supply', 'intra_eu_supply', lang, austrian(lang)) }),
    expected: both(words('innergemeinschaftliche Lieferung', 'intra-Community supply'), same('ATU12345675', 'DE123456788'), MANDATORY, amount('1.156,00')),
  },
  {
    name: 'invoice-export',
    request: (lang) => ({ kind: 'invoice', document: zeroRated('export', 'export', lang, swiss(lang)) }),
    expected: both(words('Ausfuhrlieferung', 'export delivery'), same('Zürcher Handel AG'), words('SCHWEIZ', 'SWITZERLAND'), MANDATORY, amount('1.156,00')),
  },
  {
    name: 'invoice-small-business',
    request: (lang, customer) => ({ kind: 'invoice', document: zeroRated('small_business', 'small_business', lang, customer) }),
    expected: both(words('§ 19 Abs. 1 UStG', '§ 19 (1) UStG'), MANDATORY, amount('1.156,00')),
  },
];

/** pdftotext's reading of a PDF, whitespace (and no-break spaces) folded to single spaces. */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}

describe('document PDFs: every type in German and English', () => {
  let renderer: PdfRenderer;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    renderer = await PdfRenderer.launch({ poolSize: 2 });
  });
  afterAll(() => renderer?.close());

  it.each(CASES.flatMap((c) => (['de', 'en'] as const).map((lang) => [c.name, lang, c] as const)))('%s (%s)', async (name, lang, c) => {
    const { html, paper } = renderDocument(c.request(lang, customers[lang]), seller);
    const pdf = await renderer.render(html, paper);
    const file = `${OUT}${name}-${lang}`;
    writeFileSync(`${file}.pdf`, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', `${file}.pdf`, file]);
    const text = pdfText(pdf);
    // A receipt comes off the roll in one piece: its paper is cut to its length.
    if (paper.width === '80mm') expect(execFileSync('pdfinfo', [`${file}.pdf`]).toString('utf8')).toMatch(/Pages:\s+1\n/);
    writeFileSync(`${file}.txt`, execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', `${file}.pdf`, '-']));
    for (const expected of c.expected[lang]) expect(text).toContain(expected);
    for (const absent of c.absent?.[lang] ?? []) expect(text).not.toContain(absent);
    // English documents carry no German words besides master data (descriptions, names, the seller's register).
    if (lang === 'en') expect(text).not.toMatch(/\b(Sehr geehrte|Summe|Zahlbar|Menge|Bezeichnung|Einzelpreis|Seite)\b/);
  });
});

import { PDFDocument } from '@cantoo/pdf-lib';
import { corpusModel, INVOICE_CASES, MODEL_CASES } from '../fixtures/einvoices.ts';
import { checkBeforeIssue, produce } from '../../services/document/src/einvoice/produce.ts';
import { checkXml, EInvoiceRejected } from '../../services/document/src/einvoice/gate/index.ts';
import { checkHybridPdf } from '../../services/document/src/einvoice/gate/pdf.ts';
import { EINVOICE_FORMATS, type EInvoice } from '../../services/document/src/einvoice/model.ts';
import { isLeitwegId } from '../../services/document/src/einvoice/gate/codes.ts';

/*
 * The e-invoice corpus: every case in every format through generator and
 * validation gate (the project's own rules; the official artefacts are run
 * outside the repository). Then negative cases: good documents broken on
 * purpose, one rule family at a time, must be refused naming the rule.
 */

let pdf: Uint8Array;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.addPage();
  pdf = await doc.save();
});

const cases: { name: string; model: () => EInvoice }[] = [
  ...INVOICE_CASES.map((c) => ({ name: c.name, model: () => corpusModel(c) })),
  ...MODEL_CASES.map((c) => ({ name: c.name, model: () => c.model })),
];

test('the corpus has at least 30 cases covering every VAT category and kind', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  const models = cases.map((c) => c.model());
  const categories = new Set(models.flatMap((m) => m.vat.map((v) => v.category)));
  expect([...categories].sort()).toEqual(['AE', 'E', 'G', 'K', 'S', 'Z']);
  expect(new Set(models.map((m) => m.typeCode))).toEqual(new Set(['380', '381', '386', '326']));
  expect(new Set(models.map((m) => m.currency))).toEqual(new Set(['EUR', 'USD', 'JPY', 'CHF']));
  expect(models.some((m) => Number(m.totals.prepaid) > 0)).toBe(true);
  expect(models.some((m) => m.allowanceCharges.some((a) => a.charge)) && models.some((m) => m.allowanceCharges.some((a) => !a.charge))).toBe(true);
});

describe.each(cases)('$name', ({ model }) => {
  test.each(EINVOICE_FORMATS)('%s passes the gate', async (format) => {
    const inv = model();
    const out = await produce(inv, format, pdf);
    expect(out.xml).toContain(inv.number);
    if (format === 'zugferd') expect(out.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The correction names its invoice in every syntax.
    if (inv.typeCode === '381') expect(out.xml).toContain(inv.precedingInvoices[0]!.number);
  });
});

test('a final invoice states the order, deducts the down payment as prepaid and is due what the books say', () => {
  const final = corpusModel(INVOICE_CASES.find((c) => c.name.startsWith('final'))!);
  expect(final.totals).toMatchObject({ taxInclusive: '767.75', prepaid: '270.10', payable: '497.65' });
  expect(final.precedingInvoices).toEqual([{ number: 'RE-2025-00030', issueDate: '2025-10-01' }]);
});

test('a credit note is written positive under 381 and refers to its invoice', () => {
  const cn = corpusModel(INVOICE_CASES.find((c) => c.name.startsWith('cancellation'))!);
  expect(cn.typeCode).toBe('381');
  expect(Number(cn.totals.payable)).toBeGreaterThan(0);
  expect(cn.dueDate).toBeUndefined();
  expect(cn.precedingInvoices).toEqual([{ number: 'RE-2025-00042', issueDate: '2025-11-11' }]);
});

test('time & material and recurring invoices state their period (BG-14) in every syntax', async () => {
  const tm = INVOICE_CASES.find((c) => c.name.startsWith('time and material (hours)'))!;
  const model = corpusModel(tm);
  expect(model.period).toEqual({ start: '2025-11-01', end: '2025-11-07' });
  const ublXml = (await produce(model, 'xrechnung-ubl')).xml;
  expect(ublXml).toMatch(/<cac:InvoicePeriod>\s*<cbc:StartDate>2025-11-01<\/cbc:StartDate>\s*<cbc:EndDate>2025-11-07<\/cbc:EndDate>/);
  const ciiXml = (await produce(model, 'xrechnung-cii')).xml;
  expect(ciiXml).toMatch(/<ram:BillingSpecifiedPeriod>\s*<ram:StartDateTime>\s*<udt:DateTimeString format="102">20251101</);
  // A delivery invoice bills no period: no BG-14.
  expect(corpusModel(INVOICE_CASES[0]!).period).toBeUndefined();
  expect((await produce(corpusModel(INVOICE_CASES[0]!), 'xrechnung-ubl')).xml).not.toContain('InvoicePeriod');
});

test('an intra-EU supply states where the goods go (BT-80): the shipping country, else the billing country', async () => {
  const shipped = corpusModel(INVOICE_CASES.find((c) => c.name.startsWith('intra-EU supply (K) with no country'))!);
  expect(shipped.delivery.address).toMatchObject({ name: 'Lager Lyon', country: 'FR' });
  const xml = (await produce(shipped, 'xrechnung-ubl')).xml;
  expect(xml).toMatch(/<cac:DeliveryLocation>[\s\S]*<cbc:IdentificationCode>FR<\/cbc:IdentificationCode>[\s\S]*<\/cac:DeliveryLocation>/);
  expect(rules(xml)).toEqual([]);
});

describe('the gate before issue (no PDF yet)', () => {
  test.each(EINVOICE_FORMATS)('%s: a good document passes, ZUGFeRD on its CII alone', async (format) => {
    await expect(checkBeforeIssue(cases[0]!.model(), format)).resolves.toBeUndefined();
  });

  test('ZUGFeRD (EN 16931) needs no buyer electronic address', async () => {
    const inv = cases[0]!.model();
    const { electronicAddress: _none, ...buyer } = inv.buyer;
    await expect(checkBeforeIssue({ ...inv, buyer }, 'zugferd')).resolves.toBeUndefined();
  });

  test.each(['xrechnung-ubl', 'xrechnung-cii'] as const)('%s: a buyer without an electronic address is refused naming BT-49', async (format) => {
    const inv = cases[0]!.model();
    const { electronicAddress: _none, ...buyer } = inv.buyer;
    const refused = await checkBeforeIssue({ ...inv, buyer }, format).then(
      () => null,
      (err: unknown) => err as EInvoiceRejected,
    );
    expect(refused).toBeInstanceOf(EInvoiceRejected);
    expect(refused!.violations.map((v) => v.rule)).toContain('PEPPOL-EN16931-R010 (BT-49)');
  });
});

test('Leitweg-IDs are checked by their check digits', () => {
  expect(isLeitwegId('04011000-1234512345-06')).toBe(true);
  expect(isLeitwegId('991-33333TEST-33')).toBe(true);
  expect(isLeitwegId('04011000-1234512345-07')).toBe(false);
  expect(isLeitwegId('not-a-leitweg-id')).toBe(false);
});

// ---------------------------------------------------------------- negative cases

const ubl = async (name: string) => (await produce(cases.find((c) => c.name.startsWith(name))!.model(), 'xrechnung-ubl')).xml;
const cii = async (name: string) => (await produce(cases.find((c) => c.name.startsWith(name))!.model(), 'xrechnung-cii')).xml;
const rules = (xml: string, profile: 'xrechnung' | 'en16931' = 'xrechnung') => checkXml(xml, profile).violations.map((v) => v.rule);

describe('the gate refuses', () => {
  test.each([
    ['wrong amount due (UBL)', 'domestic 19 %', 'ubl', (x: string) => x.replace(/(<cbc:PayableAmount[^>]*>)[^<]+/, '$1687.83'), 'BR-CO-16 (BT-115)'],
    ['wrong grand total (CII)', 'domestic 19 %', 'cii', (x: string) => x.replace(/(<ram:GrandTotalAmount>)[^<]+/, '$1687.83'), 'BR-CO-15 (BT-112)'],
    [
      'line nets not adding up (UBL)',
      'domestic 19 % and 7 %',
      'ubl',
      (x: string) => x.replace(/(<cbc:LineExtensionAmount currencyID="EUR">)578.00/, '$1578.01'),
      'BR-CO-10 (BT-106)',
    ],
    [
      'a line net that is not quantity × price (CII)',
      'domestic 19 %',
      'cii',
      (x: string) => x.replace(/<ram:ChargeAmount>289.00</, '<ram:ChargeAmount>289.01<'),
      'PEPPOL-EN16931-R120 (BT-131)',
    ],
    [
      'VAT a cent off (CII)',
      'domestic 19 %',
      'cii',
      (x: string) =>
        x
          .replace(/<ram:CalculatedAmount>109.82</, '<ram:CalculatedAmount>109.83<')
          .replace(/(<ram:TaxTotalAmount[^>]*>)109.82/, '$1109.83')
          .replace(/(<ram:GrandTotalAmount>)687.82/, '$1687.83')
          .replace(/(<ram:DuePayableAmount>)687.82/, '$1687.83'),
      'KONTOR-VAT-ROUND (BT-117)',
    ],
    [
      'VAT a whole unit off (UBL)',
      'domestic 19 %',
      'ubl',
      (x: string) =>
        x
          .replace(/<cbc:TaxAmount currencyID="EUR">109.82</g, '<cbc:TaxAmount currencyID="EUR">111.82<')
          .replace(/(<cbc:TaxInclusiveAmount[^>]*>)687.82/, '$1689.82')
          .replace(/(<cbc:PayableAmount[^>]*>)687.82/, '$1689.82'),
      'BR-CO-17 (BT-117)',
    ],
    [
      'a taxable amount that is not the lines of its rate (UBL)',
      'several rates',
      'ubl',
      (x: string) => x.replace(/<cbc:TaxableAmount currencyID="EUR">240.00</, '<cbc:TaxableAmount currencyID="EUR">239.00<'),
      'BR-Z-08 (BT-116)',
    ],
    ['no buyer reference (UBL)', 'domestic 19 %', 'ubl', (x: string) => x.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, ''), 'BR-DE-15 (BT-10)'],
    ['no buyer name (CII)', 'domestic 19 %', 'cii', (x: string) => x.replace(/(<ram:BuyerTradeParty>\s*)<ram:Name>[^<]*<\/ram:Name>/, '$1'), 'BR-07 (BT-44)'],
    [
      'no buyer electronic address (UBL)',
      'domestic 19 %',
      'ubl',
      (x: string) => x.replace(/(<cac:AccountingCustomerParty>\s*<cac:Party>\s*)<cbc:EndpointID[^>]*>[^<]*<\/cbc:EndpointID>/, '$1'),
      'PEPPOL-EN16931-R010 (BT-49)',
    ],
    ['no seller contact (UBL)', 'domestic 19 %', 'ubl', (x: string) => x.replace(/<cac:Contact>[\s\S]*?<\/cac:Contact>/, ''), 'BR-DE-2 (BG-6)'],
    [
      'a currency that is no ISO 4217 code (UBL)',
      'domestic 19 %',
      'ubl',
      (x: string) => x.replace(/<cbc:DocumentCurrencyCode>EUR</, '<cbc:DocumentCurrencyCode>EUX<'),
      'BR-CL-04 (BT-5)',
    ],
    [
      'a country that is no ISO 3166 code (CII)',
      'domestic 19 %',
      'cii',
      (x: string) => x.replace(/<ram:CountryID>DE</, '<ram:CountryID>XX<'),
      'BR-CL-14 (BT-40)',
    ],
    ['a unit that is not in Rec 20 (UBL)', 'domestic 19 %', 'ubl', (x: string) => x.replace(/unitCode="H87"/, 'unitCode="STK"'), 'BR-CL-23 (BT-130)'],
    [
      'a VAT category not in UNTDID 5305 (CII)',
      'domestic 19 %',
      'cii',
      (x: string) => x.replace(/<ram:CategoryCode>S</, '<ram:CategoryCode>X<'),
      'BR-CL-18 (BT-151)',
    ],
    [
      'a payment means not in UNTDID 4461 (UBL)',
      'domestic 19 %',
      'ubl',
      (x: string) => x.replace(/<cbc:PaymentMeansCode>58</, '<cbc:PaymentMeansCode>999<'),
      'BR-CL-16 (BT-81)',
    ],
    [
      'a type code not in UNTDID 1001 (UBL)',
      'domestic 19 %',
      'ubl',
      (x: string) => x.replace(/<cbc:InvoiceTypeCode>380</, '<cbc:InvoiceTypeCode>999<'),
      'BR-CL-01 (BT-3)',
    ],
    ['an invalid IBAN (CII)', 'domestic 19 %', 'cii', (x: string) => x.replace(/DE89370400440532013000/, 'DE89370400440532013001'), 'BR-DE-19 (BT-84)'],
    [
      'a credit note without its invoice (UBL)',
      'cancellation',
      'ubl',
      (x: string) => x.replace(/<cac:BillingReference>[\s\S]*?<\/cac:BillingReference>/, ''),
      'KONTOR-COR-01 (BT-25)',
    ],
    [
      'a credit note without its invoice (CII)',
      'cancellation',
      'cii',
      (x: string) => x.replace(/<ram:InvoiceReferencedDocument>[\s\S]*?<\/ram:InvoiceReferencedDocument>/, ''),
      'KONTOR-COR-01 (BT-25)',
    ],
    [
      'reverse charge without the buyer VAT ID (UBL)',
      'reverse charge',
      'ubl',
      (x: string) => x.replace(/(<cac:AccountingCustomerParty>[\s\S]*?)<cac:PartyTaxScheme>[\s\S]*?<\/cac:PartyTaxScheme>/, '$1'),
      'BR-AE-02 (BT-48)',
    ],
    [
      'reverse charge at 19 % (CII)',
      'reverse charge',
      'cii',
      (x: string) => x.replace(/(<ram:CategoryCode>AE<\/ram:CategoryCode>\s*<ram:RateApplicablePercent>)0</, '$119<'),
      'BR-AE-05 (BT-152)',
    ],
    [
      'intra-EU supply without exemption reason (UBL)',
      'intra-EU',
      'ubl',
      (x: string) =>
        x.replace(/<cbc:TaxExemptionReasonCode>[^<]*<\/cbc:TaxExemptionReasonCode>/, '').replace(/<cbc:TaxExemptionReason>[^<]*<\/cbc:TaxExemptionReason>/, ''),
      'BR-IC-10 (BT-120)',
    ],
    ['§ 19 without reason (CII)', '§ 19', 'cii', (x: string) => x.replace(/<ram:ExemptionReason>[^<]*<\/ram:ExemptionReason>/, ''), 'BR-E-10 (BT-120)'],
    [
      'export without the seller VAT ID (UBL)',
      'export (G) to CH',
      'ubl',
      (x: string) => x.replace(/(<cac:AccountingSupplierParty>[\s\S]*?)<cac:PartyTaxScheme>\s*<cbc:CompanyID>DE[\s\S]*?<\/cac:PartyTaxScheme>/, '$1'),
      'BR-G-02 (BT-31)',
    ],
    [
      'a foreign currency without the VAT in EUR (UBL)',
      'export (G) in USD',
      'ubl',
      (x: string) => x.replace(/<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">[^<]*<\/cbc:TaxAmount>\s*<\/cac:TaxTotal>/, ''),
      'BR-53 (BT-111)',
    ],
    ['three decimals on an amount (UBL)', 'domestic 19 %', 'ubl', (x: string) => x.replace(/(<cbc:PayableAmount[^>]*>)687.82/, '$1687.820'), 'BR-DEC'],
    [
      'a currencyID on a CII allowance (CII-DT-031)',
      'domestic 19 % and 7 %',
      'cii',
      (x: string) => x.replace(/(<ram:SpecifiedTradeAllowanceCharge>[\s\S]*?<ram:ActualAmount)>/, '$1 currencyID="EUR">'),
      'CII-DT-031',
    ],
    ['not well-formed XML', 'domestic 19 %', 'ubl', (x: string) => x.replace('</cbc:ID>', '</cbc:Id>'), 'KONTOR-XML'],
    [
      'an invoicing period that ends before it starts (UBL)',
      'time and material (hours)',
      'ubl',
      (x: string) => x.replace(/(<cac:InvoicePeriod>[\s\S]*?<cbc:EndDate>)2025-11-07/, '$12025-10-31'),
      'BR-29 (BT-74)',
    ],
    [
      'an invoicing period that ends before it starts (CII)',
      'recurring (maintenance contract)',
      'cii',
      (x: string) => x.replace(/(<ram:EndDateTime>\s*<udt:DateTimeString format="102">)20251231/, '$120251130'),
      'BR-29 (BT-74)',
    ],
    [
      'an invoicing period with neither start nor end (UBL)',
      'time and material (hours)',
      'ubl',
      (x: string) => x.replace(/<cbc:StartDate>[^<]*<\/cbc:StartDate>/, '').replace(/<cbc:EndDate>[^<]*<\/cbc:EndDate>/, ''),
      'BR-CO-19 (BG-14)',
    ],
    [
      'an invoicing period ending on a day that does not exist (CII)',
      'recurring (maintenance contract)',
      'cii',
      (x: string) => x.replace(/(<ram:EndDateTime>\s*<udt:DateTimeString format="102">)20251231/, '$120251131'),
      'KONTOR-DATE (BT-74)',
    ],
    [
      'intra-EU supply without the deliver-to country (UBL)',
      'intra-EU supply (K) to FR',
      'ubl',
      (x: string) => x.replace(/(<cac:DeliveryLocation>[\s\S]*?)<cac:Country>[\s\S]*?<\/cac:Country>/, '$1'),
      'BR-IC-12 (BT-80)',
    ],
    [
      'intra-EU supply without the deliver-to address (CII)',
      'intra-EU supply (K) to FR',
      'cii',
      (x: string) => x.replace(/<ram:ShipToTradeParty>[\s\S]*?<\/ram:ShipToTradeParty>/, ''),
      'BR-IC-12 (BT-80)',
    ],
    [
      'intra-EU supply without delivery date or invoicing period (UBL)',
      'intra-EU supply (K) to FR',
      'ubl',
      (x: string) => x.replace(/<cbc:ActualDeliveryDate>[^<]*<\/cbc:ActualDeliveryDate>/, ''),
      'BR-IC-11 (BT-72)',
    ],
    [
      'intra-EU supply without delivery date or invoicing period (CII)',
      'intra-EU supply (K) to FR',
      'cii',
      (x: string) => x.replace(/<ram:ActualDeliverySupplyChainEvent>[\s\S]*?<\/ram:ActualDeliverySupplyChainEvent>/, ''),
      'BR-IC-11 (BT-72)',
    ],
    [
      'a deliver-to country that is no ISO 3166 code (UBL)',
      'intra-EU supply (K) to FR',
      'ubl',
      (x: string) => x.replace(/(<cac:DeliveryLocation>[\s\S]*?<cbc:IdentificationCode>)FR/, '$1FX'),
      'BR-CL-14 (BT-80)',
    ],
  ] as const)('%s', async (_what, name, syntax, breakIt, rule) => {
    const good = syntax === 'ubl' ? await ubl(name) : await cii(name);
    expect(rules(good)).toEqual([]);
    const bad = breakIt(good);
    expect(bad).not.toBe(good);
    expect(rules(bad)).toContain(rule);
  });

  test.each(['ubl', 'cii'] as const)(
    'nothing when an intra-EU supply billed by period has no delivery date: BG-14 is enough for BR-IC-11 (%s)',
    async (syntax) => {
      const good = syntax === 'ubl' ? await ubl('recurring supply of goods to FR (K)') : await cii('recurring supply of goods to FR (K)');
      const bad = good
        .replace(/<cbc:ActualDeliveryDate>[^<]*<\/cbc:ActualDeliveryDate>/, '')
        .replace(/<ram:ActualDeliverySupplyChainEvent>[\s\S]*?<\/ram:ActualDeliverySupplyChainEvent>/, '');
      expect(bad).not.toBe(good);
      expect(rules(bad)).toEqual([]);
    },
  );

  test('an invoicing period the model states backwards is refused before anything is issued (BR-29)', async () => {
    const inv = corpusModel(INVOICE_CASES.find((c) => c.name.startsWith('time and material (hours)'))!);
    for (const format of EINVOICE_FORMATS)
      await expect(checkBeforeIssue({ ...inv, period: { start: '2025-11-07', end: '2025-11-01' } }, format)).rejects.toThrow(/BR-29 \(BT-74\)/);
  });

  test('a Factur-X profile identifier in an XRechnung, and the reverse', async () => {
    const inv = cases[0]!.model();
    const zugferd = await produce(inv, 'zugferd', pdf);
    expect(rules(zugferd.xml, 'en16931')).toEqual([]);
    expect(rules(zugferd.xml, 'xrechnung')).toContain('BR-DE-21 (BT-24)');
    expect(rules(await ubl('domestic 19 %'), 'en16931')).toContain('BR-01 (BT-24)');
  });

  test('what the library drops or changes (KONTOR-RT) and a library document that breaks a rule', async () => {
    const inv = cases[0]!.model();
    await expect(
      produce({ ...inv, typeCode: '381', precedingInvoices: [{ number: 'RE-2025-00001', issueDate: '2025-10-01' }], dueDate: '2025-12-01' }, 'xrechnung-ubl'),
    ).rejects.toThrow(/KONTOR-RT \(BT-9\)/);
    await expect(produce({ ...inv, buyerReference: '' }, 'xrechnung-cii')).rejects.toThrow(/BR-DE-15 \(BT-10\)/);
    await expect(produce({ ...inv, totals: { ...inv.totals, payable: '1.00' } }, 'xrechnung-ubl')).rejects.toThrow(/BR-CO-16 \(BT-115\)/);
  });

  test('hybrid PDFs that are not PDF/A-3 or embed no single XML', async () => {
    const plain = await checkHybridPdf(pdf);
    expect(plain.violations.map((v) => v.rule)).toEqual(expect.arrayContaining(['KONTOR-PDFA-01', 'KONTOR-PDFA-03']));
    const two = await PDFDocument.load((await produce(cases[0]!.model(), 'zugferd', pdf)).bytes);
    await two.attach(Buffer.from('<x/>'), 'extra.xml', { mimeType: 'text/xml' });
    expect((await checkHybridPdf(await two.save())).violations.map((v) => v.rule)).toContain('KONTOR-PDFA-03');
    const font = await PDFDocument.create();
    font.addPage().drawText('Rechnung');
    const withFont = await PDFDocument.load(await font.save());
    expect((await checkHybridPdf(await withFont.save())).violations.map((v) => v.rule)).toContain('KONTOR-PDFA-02');
  });
});

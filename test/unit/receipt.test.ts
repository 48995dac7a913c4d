import { describe, it, expect } from '@jest/globals';
import { simplifiedInvoiceAllowed } from '../../services/document/src/receipt.ts';
import { buildViewModel } from '../../services/document/src/view-models.ts';
import type { ReceiptView } from '../../services/document/src/receipt.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import { buildInvoice } from '../fixtures/documents.ts';

/** The § 33 UStDV rule: a plain invoice up to 250.00 EUR gross, not a distance sale, intra-EU supply or reverse charge. */
describe('simplified invoice (Kleinbetragsrechnung)', () => {
  const line = (taxTreatment?: string) => ({ ...buildInvoice().lines[0]!, ...(taxTreatment ? { taxTreatment } : {}) });

  it.each([
    ['250.00 EUR, domestic', 'invoice', '250.00', undefined, true],
    ['250.01 EUR', 'invoice', '250.01', undefined, false],
    ['0.01 EUR', 'invoice', '0.01', undefined, true],
    ['export (allowed by § 33)', 'invoice', '100.00', 'export', true],
    ['small business (§ 19)', 'invoice', '100.00', 'small_business', true],
    ['reverse charge (§ 13b excluded)', 'invoice', '100.00', 'reverse_charge', false],
    ['intra-EU supply (§ 6a excluded)', 'invoice', '100.00', 'intra_eu_supply', false],
    ['distance sale (§ 3c excluded)', 'invoice', '100.00', 'oss', false],
    ['a final invoice lists its deductions in full', 'final', '100.00', undefined, false],
    ['a correction', 'cancellation', '100.00', undefined, false],
  ] as const)('%s', (_, kind, grossBase, treatment, allowed) => {
    expect(simplifiedInvoiceAllowed({ kind, grossBase, lines: [line(treatment)] })).toBe(allowed);
  });

  it('judges by the EUR amount of a foreign-currency invoice', () => {
    // 300.00 USD at 1 EUR = 1.25 USD is 240.00 EUR: simplified; the same at 1.10 is 272.73 EUR: full form.
    expect(simplifiedInvoiceAllowed({ kind: 'invoice', grossBase: '240.00', lines: [line()] })).toBe(true);
    expect(simplifiedInvoiceAllowed({ kind: 'invoice', grossBase: '272.73', lines: [line()] })).toBe(false);
  });

  it('leaves out the buyer, the supply date and the buyer VAT ID on the simplified form only', () => {
    const seller = sellerFromEnv({});
    const small = buildInvoice({
      lines: [{ sku: 'X-1', description: 'Kaffee', quantity: '1', unit: 'kg', unitPrice: '18.40', discountPercent: '0', vatRate: '7' }],
    });
    const simplified = buildViewModel({ kind: 'receipt', document: small }, seller) as ReceiptView;
    expect(simplified.simplified).toBe(true);
    expect(simplified.title).toBe('Kleinbetragsrechnung');
    expect(simplified.buyer).toBeNull();
    expect(simplified.meta.map((m) => m.label)).toEqual(['Rechnungs-Nr.', 'Rechnungsdatum', 'Auftrags-Nr.']);
    expect(simplified.rates).toEqual([{ code: 'A', rate: '7 %', net: '18,40', vat: '1,29', gross: '19,69' }]);

    const full = buildViewModel({ kind: 'receipt', document: buildInvoice() }, seller) as ReceiptView;
    expect(full.simplified).toBe(false);
    expect(full.title).toBe('Rechnung');
    expect(full.buyer).toEqual(['Müller & Söhne Bürobedarf GmbH', 'Hauptstraße 5', '80331 München']);
    expect(full.meta.map((m) => m.label)).toEqual(['Rechnungs-Nr.', 'Rechnungsdatum', 'Leistungsdatum', 'Kunden-Nr.', 'Ihre USt-IdNr.', 'Auftrags-Nr.']);
    expect(full.gross).toBe('1.821,45');
  });

  it('says a paid counter sale was paid (in cash, on the day of the payment) instead of printing the payment terms', () => {
    const seller = sellerFromEnv({});
    const open = buildViewModel({ kind: 'receipt', document: buildInvoice() }, seller) as ReceiptView;
    expect(open.paymentTerms).toMatch(/^Zahlbar innerhalb von \d+ Tagen/);
    const payment = { id: 'pay_1', amount: '1821.45', receivedAt: '2026-03-14', reference: 'Barzahlung' };
    const cash = buildViewModel({ kind: 'receipt', document: buildInvoice({}, { status: 'paid', payments: [payment] }) }, seller) as ReceiptView;
    expect(cash.paymentTerms).toBe('Bar bezahlt am 14.03.2026.');
    const transfer = buildInvoice(
      {},
      { status: 'paid', payments: [{ ...payment, reference: 'Überweisung' }], customer: { ...buildInvoice().customer, language: 'en' } },
    );
    expect((buildViewModel({ kind: 'receipt', document: transfer }, seller) as ReceiptView).paymentTerms).toMatch(/^Paid on 14\sMar\s2026\.$/);
  });
});

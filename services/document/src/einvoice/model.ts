import { Decimal, ROUND_COMMERCIAL } from '../../../../shared/money.ts';
import { CURRENCY_MINOR_UNITS } from '../../../../shared/currencies.ts';

/**
 * An invoice in the terms of EN 16931 (business terms BT-n, groups BG-n), the
 * one shape every e-invoice format is written from (ubl-json.ts, generate.ts)
 * and that the gate reads back out of the written XML (gate/read-*.ts) to
 * check. Amounts are decimal strings in the invoice currency, positive on a
 * credit note (type code 381: the type says the money flows back).
 */

/** The formats a customer may receive; `none` sends the PDF only. */
export { EINVOICE_FORMATS, type EInvoiceFormat } from '../../../../shared/einvoice.ts';

/** UNTDID 5305 VAT categories the system issues. */
export type VatCategory = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O' | 'L' | 'M';

/** UNTDID 1001 document types: 380 invoice, 386 prepayment (down payment), 326 partial (progress), 381 credit note, 384 corrected invoice. */
export type TypeCode = '380' | '386' | '326' | '381' | '384';

export interface ElectronicAddress {
  /** EAS scheme: EM (e-mail), 0204 (Leitweg-ID), 9930 (German VAT ID), 0088 (GLN), … */
  scheme: string;
  value: string;
}

export interface PostalAddress {
  street: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface EParty {
  name: string;
  address: PostalAddress;
  /** BT-31 / BT-48. */
  vatId?: string;
  /** BT-32: the seller's tax number (scheme FC). */
  taxNumber?: string;
  /** BT-34 / BT-49. */
  electronicAddress?: ElectronicAddress;
  /** BG-6 / BG-9: contact point, phone, e-mail (XRechnung needs the seller's). */
  contact?: { name: string; phone: string; email: string };
  /** BT-30: legal registration (Handelsregister). */
  legalRegistration?: string;
}

export interface AllowanceCharge {
  /** true: charge (Zuschlag), false: allowance (Abschlag). */
  charge: boolean;
  amount: string;
  reason: string;
  /** UNTDID 5189 (allowances) or 7161 (charges). */
  reasonCode?: string;
  /** Document level only: the VAT category and rate the amount falls under (BT-95/96, BT-102/103). */
  category?: VatCategory;
  rate?: string;
}

export interface ELine {
  /** BT-126. */
  id: string;
  /** BT-153. */
  name: string;
  /** BT-155: the seller's item number. */
  sellerItemId?: string;
  /** BT-129 and BT-130 (UN/ECE Rec 20). */
  quantity: string;
  unitCode: string;
  /**
   * BT-146: net price per unit. Discounts are line allowances (BG-27), never a
   * price discount (BT-147/148): the library writes the gross price as BT-146 in CII.
   */
  netPrice: string;
  /** BT-149: the quantity the price is for (the library takes prices with at most 2 decimals: 0.333 is 333.00 per 1000). */
  baseQuantity?: string;
  /** BG-27 / BG-28: line allowances and charges. */
  allowanceCharges: AllowanceCharge[];
  /** BT-131. */
  net: string;
  category: VatCategory;
  /** BT-152: percent, "0" for zero-rated and exempt categories. */
  rate: string;
  /** BT-127: a note, e.g. which earlier invoice a deduction refers to. */
  note?: string;
}

export interface VatBreakdown {
  category: VatCategory;
  rate: string;
  /** BT-116 and BT-117. */
  taxable: string;
  tax: string;
  /** BT-120 text and BT-121 VATEX code, required for E, AE, K, G (and O). */
  exemptionReason?: string;
  exemptionCode?: string;
}

export interface ETotals {
  /** BT-106 … BT-115. */
  lineNet: string;
  allowances: string;
  charges: string;
  taxExclusive: string;
  tax: string;
  taxInclusive: string;
  prepaid: string;
  rounding: string;
  payable: string;
}

export interface EInvoice {
  number: string;
  typeCode: TypeCode;
  issueDate: string;
  /** BT-9; not on credit notes (their payment terms say what happens). */
  dueDate?: string;
  currency: string;
  /** BT-6 with BT-111: the VAT in the accounting currency (EUR) when the invoice is in another. */
  vatCurrency?: { currency: string; tax: string };
  /** BT-10: buyer reference, the Leitweg-ID for public buyers. */
  buyerReference: string;
  /** BT-13. */
  orderReference?: string;
  /** BT-12: contract reference (a recurring invoice's order). */
  contractReference?: string;
  /** BT-22. */
  notes: string[];
  /** BT-20. */
  paymentTerms: string;
  /** BG-3: the invoices this one corrects or settles (BT-25, BT-26). */
  precedingInvoices: { number: string; issueDate: string }[];
  seller: EParty;
  buyer: EParty;
  /** BG-13: BT-72 actual delivery date, BG-15 delivery address. */
  delivery: { date: string; address?: PostalAddress & { name?: string } };
  /** BG-14: invoicing period (BT-73, BT-74). */
  period?: { start: string; end: string };
  /** BG-16: payment means code (UNTDID 4461, 58 = SEPA credit transfer), BT-84 IBAN, BT-86 BIC, BT-83 remittance. */
  payment: { meansCode: string; iban: string; bic?: string; accountName?: string; remittance: string };
  lines: ELine[];
  /** BG-20 / BG-21. */
  allowanceCharges: AllowanceCharge[];
  vat: VatBreakdown[];
  totals: ETotals;
}

/** The minor digits of a currency (2 when unknown, so a wrong code is still caught by the code-list rule, not here). */
export function minorDigits(currency: string): number {
  return CURRENCY_MINOR_UNITS[currency] ?? 2;
}

export function round(amount: Decimal.Value, currency: string): Decimal {
  return new Decimal(amount).toDecimalPlaces(minorDigits(currency), ROUND_COMMERCIAL);
}

export function amount(value: Decimal.Value, currency: string): string {
  return round(value, currency).toFixed(minorDigits(currency));
}

/** A rate or quantity without trailing zeros ("19", "7", "2.5"). */
export function plain(value: Decimal.Value): string {
  return new Decimal(value).toString();
}

const EXEMPT_CATEGORIES: ReadonlySet<VatCategory> = new Set(['E', 'AE', 'K', 'G', 'O']);

/** VATEX codes and texts of the categories whose exemption reason the system knows. */
export const DEFAULT_EXEMPTIONS: Readonly<Partial<Record<VatCategory, { code?: string; text: string }>>> = {
  AE: { code: 'VATEX-EU-AE', text: 'Reverse charge' },
  K: { code: 'VATEX-EU-IC', text: 'Intra-Community supply' },
  G: { code: 'VATEX-EU-G', text: 'Export outside the EU' },
  E: { text: 'Steuerbefreiung für Kleinunternehmer gemäß § 19 Abs. 1 UStG' },
};

/**
 * The VAT breakdown and totals of lines and document allowances/charges,
 * computed the way the invoicing service does: per category and rate, VAT on
 * the summed taxable amount, rounded half-up once. `exemptions` overrides the
 * default reason per category (the legal note printed on the invoice).
 */
export function computeVat(
  currency: string,
  lines: ELine[],
  allowanceCharges: AllowanceCharge[],
  exemptions: Partial<Record<VatCategory, { code?: string; text: string }>> = {},
): { vat: VatBreakdown[]; lineNet: Decimal; allowances: Decimal; charges: Decimal } {
  const groups = new Map<string, { category: VatCategory; rate: string; taxable: Decimal }>();
  const add = (category: VatCategory, rate: string, value: Decimal) => {
    const key = `${category}|${plain(rate)}`;
    const g = groups.get(key) ?? { category, rate: plain(rate), taxable: new Decimal(0) };
    g.taxable = g.taxable.plus(value);
    groups.set(key, g);
  };
  let lineNet = new Decimal(0);
  for (const l of lines) {
    lineNet = lineNet.plus(l.net);
    add(l.category, l.rate, new Decimal(l.net));
  }
  let allowances = new Decimal(0);
  let charges = new Decimal(0);
  for (const ac of allowanceCharges) {
    const value = new Decimal(ac.amount);
    if (ac.charge) charges = charges.plus(value);
    else allowances = allowances.plus(value);
    add(ac.category ?? 'S', ac.rate ?? '0', ac.charge ? value : value.neg());
  }
  const vat = [...groups.values()].map((g): VatBreakdown => {
    const reason = EXEMPT_CATEGORIES.has(g.category) ? (exemptions[g.category] ?? DEFAULT_EXEMPTIONS[g.category]) : undefined;
    return {
      category: g.category,
      rate: g.rate,
      taxable: amount(g.taxable, currency),
      tax: amount(g.taxable.times(g.rate).div(100), currency),
      ...(reason ? { exemptionReason: reason.text, ...(reason.code ? { exemptionCode: reason.code } : {}) } : {}),
    };
  });
  return { vat, lineNet, allowances, charges };
}

/** Totals BT-106 … BT-115 from the breakdown; prepaid (BT-113) and rounding (BT-114) as given. */
export function totalsOf(
  currency: string,
  parts: { vat: VatBreakdown[]; lineNet: Decimal; allowances: Decimal; charges: Decimal },
  prepaid: Decimal.Value = 0,
  rounding: Decimal.Value = 0,
): ETotals {
  const taxExclusive = parts.lineNet.minus(parts.allowances).plus(parts.charges);
  const tax = parts.vat.reduce((s, v) => s.plus(v.tax), new Decimal(0));
  const taxInclusive = taxExclusive.plus(tax);
  return {
    lineNet: amount(parts.lineNet, currency),
    allowances: amount(parts.allowances, currency),
    charges: amount(parts.charges, currency),
    taxExclusive: amount(taxExclusive, currency),
    tax: amount(tax, currency),
    taxInclusive: amount(taxInclusive, currency),
    prepaid: amount(prepaid, currency),
    rounding: amount(rounding, currency),
    payable: amount(taxInclusive.minus(prepaid).plus(rounding), currency),
  };
}

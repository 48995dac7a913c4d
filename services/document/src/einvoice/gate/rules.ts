import { Decimal } from '../../../../../shared/money.ts';
import { ROUND_COMMERCIAL } from '../../../../../shared/money.ts';
import {
  ALLOWANCE_REASONS,
  CHARGE_REASONS,
  CREDIT_NOTE_TYPES,
  DOCUMENT_TYPES,
  EAS_SCHEMES,
  isCountry,
  isCurrency,
  isIban,
  PAYMENT_MEANS,
  UNITS,
  VAT_CATEGORIES,
  VATEX_CODES,
  XRECHNUNG_TYPES,
} from './codes.ts';
import { minorDigits } from '../model.ts';
import type { ReadAllowanceCharge, ReadInvoice, ReadParty } from './read.ts';

/** One broken rule: its id (official EN 16931 / XRechnung id where there is one, else KONTOR-…), with the business terms it concerns. */
export interface Violation {
  rule: string;
  message: string;
}

/** EN 16931 alone (ZUGFeRD / Factur-X EN 16931 profile), or with the XRechnung CIUS (BR-DE-…). */
export type Profile = 'en16931' | 'xrechnung';

export const SPEC_ID: Readonly<Record<Profile, string>> = {
  en16931: 'urn:cen.eu:en16931:2017',
  xrechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
};

const ZERO_CATEGORIES = new Set(['Z', 'E', 'AE', 'K', 'G', 'O']);
const EXEMPT_NEEDS_REASON = new Set(['E', 'AE', 'K', 'G', 'O']);
/** The rule family prefix of each category (BR-S-…, BR-IC-… for K). */
const FAMILY: Readonly<Record<string, string>> = { S: 'S', Z: 'Z', E: 'E', AE: 'AE', K: 'IC', G: 'G', O: 'O', L: 'AF', M: 'AG' };

const AMOUNT = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The validation gate's rules over what was read out of the XML. Checks, in
 * this order: mandatory business terms (EN 16931, and the XRechnung CIUS for
 * that profile), code lists, sums to the cent, the VAT breakdown per category
 * and rate, category/rate/exemption consistency, references on corrections.
 */
export function checkRules(inv: ReadInvoice, profile: Profile): Violation[] {
  const out: Violation[] = [];
  const fail = (rule: string, message: string) => out.push({ rule, message });
  const need = (value: unknown, rule: string, term: string, what: string) => {
    if (value === undefined || value === null || value === '') fail(`${rule} (${term})`, `${what} (${term}) is missing`);
  };

  // ---- mandatory business terms (EN 16931 BR-01 … BR-16, BR-21 … BR-26)
  need(inv.customizationId, 'BR-01', 'BT-24', 'the specification identifier');
  need(inv.number, 'BR-02', 'BT-1', 'the invoice number');
  need(inv.issueDate, 'BR-03', 'BT-2', 'the issue date');
  need(inv.typeCode, 'BR-04', 'BT-3', 'the invoice type code');
  need(inv.currency, 'BR-05', 'BT-5', 'the invoice currency');
  need(inv.seller.name, 'BR-06', 'BT-27', "the seller's name");
  need(inv.buyer.name, 'BR-07', 'BT-44', "the buyer's name");
  need(inv.seller.street ?? inv.seller.city ?? inv.seller.country, 'BR-08', 'BG-5', "the seller's postal address");
  need(inv.seller.country, 'BR-09', 'BT-40', "the seller's country");
  need(inv.buyer.street ?? inv.buyer.city ?? inv.buyer.country, 'BR-10', 'BG-8', "the buyer's postal address");
  need(inv.buyer.country, 'BR-11', 'BT-55', "the buyer's country");
  need(inv.totals.lineNet, 'BR-12', 'BT-106', 'the sum of line net amounts');
  need(inv.totals.taxExclusive, 'BR-13', 'BT-109', 'the total without VAT');
  need(inv.totals.taxInclusive, 'BR-14', 'BT-112', 'the total with VAT');
  need(inv.totals.payable, 'BR-15', 'BT-115', 'the amount due for payment');
  if (inv.lines.length === 0) fail('BR-16 (BG-25)', 'the invoice has no line (BG-25)');
  inv.lines.forEach((l, i) => {
    const at = `line ${l.id ?? i + 1}`;
    need(l.id, 'BR-21', 'BT-126', `${at}: the line identifier`);
    need(l.quantity, 'BR-22', 'BT-129', `${at}: the invoiced quantity`);
    need(l.unitCode, 'BR-23', 'BT-130', `${at}: the unit of measure`);
    need(l.net, 'BR-24', 'BT-131', `${at}: the line net amount`);
    need(l.name, 'BR-25', 'BT-153', `${at}: the item name`);
    need(l.netPrice, 'BR-26', 'BT-146', `${at}: the item net price`);
    need(l.category, 'BR-CO-04', 'BT-151', `${at}: the VAT category`);
    const family = FAMILY[l.category ?? ''];
    if (l.rate !== undefined && AMOUNT.test(l.rate) && family) {
      if (l.category === 'S' && !new Decimal(l.rate).gt(0)) fail('BR-S-05 (BT-152)', `${at}: standard rated (S) at ${l.rate} %`);
      if (l.category !== 'S' && l.category !== 'O' && ZERO_CATEGORIES.has(l.category!) && !new Decimal(l.rate).isZero())
        fail(`BR-${family}-05 (BT-152)`, `${at}: category ${l.category} must be at 0 %, not ${l.rate} %`);
    }
    if (l.netPrice && AMOUNT.test(l.netPrice) && new Decimal(l.netPrice).isNegative())
      fail('BR-27 (BT-146)', `${at}: the item net price ${l.netPrice} is negative`);
  });
  if (inv.vat.length === 0) fail('BR-CO-18 (BG-23)', 'the invoice has no VAT breakdown (BG-23)');
  inv.vat.forEach((v, i) => {
    const at = `VAT breakdown ${i + 1}`;
    need(v.taxable, 'BR-45', 'BT-116', `${at}: the taxable amount`);
    need(v.tax, 'BR-46', 'BT-117', `${at}: the VAT amount`);
    need(v.category, 'BR-47', 'BT-118', `${at}: the VAT category`);
    if (v.category !== 'O') need(v.rate, 'BR-48', 'BT-119', `${at}: the VAT rate`);
  });
  [...inv.allowanceCharges].forEach((ac, i) => {
    const [rAmount, rCat, rReason] = ac.charge ? ['BR-36', 'BR-37', 'BR-38'] : ['BR-31', 'BR-32', 'BR-33'];
    const at = `document ${ac.charge ? 'charge' : 'allowance'} ${i + 1}`;
    need(ac.amount, rAmount, ac.charge ? 'BT-99' : 'BT-92', `${at}: the amount`);
    need(ac.category, rCat, ac.charge ? 'BT-102' : 'BT-95', `${at}: the VAT category`);
    need(ac.reason ?? ac.reasonCode, rReason, ac.charge ? 'BT-104' : 'BT-97', `${at}: the reason`);
  });
  need(inv.deliveryDate ?? inv.period?.start, 'KONTOR-DLV', 'BT-72', 'the supply date (Leistungsdatum, § 14 (4) 6 UStG)');
  period(inv, fail);
  if (inv.deliverTo && !inv.deliverTo.country) fail('BR-57 (BT-80)', 'the deliver-to address (BG-15) has no country code (BT-80)');

  // Seller tax identifiers (BR-CO-26; per category below).
  if (!inv.seller.vatId && !inv.seller.taxNumber) fail('BR-CO-26 (BT-31)', "the seller's VAT identifier (BT-31) or tax number (BT-32) is missing");
  for (const [who, party, term] of [
    ['seller', inv.seller, 'BT-31'],
    ['buyer', inv.buyer, 'BT-48'],
  ] as const) {
    if (party.vatId && !/^(EL|[A-Z]{2})[0-9A-Za-z+*.]{2,12}$/.test(party.vatId))
      fail(`BR-CO-09 (${term})`, `the ${who}'s VAT identifier ${party.vatId} has no ISO 3166 country prefix`);
  }

  // ---- formats of amounts and dates
  const amounts: [string, string | undefined][] = [
    ...Object.entries(inv.totals).map(([k, v]) => [`total ${k}`, v] as [string, string | undefined]),
    ...inv.lines.flatMap((l, i) => [
      [`line ${l.id ?? i + 1} net`, l.net] as [string, string | undefined],
      ...l.allowanceCharges.map((ac) => [`line ${l.id ?? i + 1} allowance/charge`, ac.amount] as [string, string | undefined]),
    ]),
    ...inv.vat.flatMap((v, i) => [
      [`VAT breakdown ${i + 1} taxable`, v.taxable] as [string, string | undefined],
      [`VAT breakdown ${i + 1} tax`, v.tax] as [string, string | undefined],
    ]),
    ...inv.allowanceCharges.map((ac, i) => [`document allowance/charge ${i + 1}`, ac.amount] as [string, string | undefined]),
  ];
  for (const [what, value] of amounts) {
    if (value === undefined) continue;
    if (!AMOUNT.test(value)) fail('KONTOR-AMT', `${what}: "${value}" is not a decimal amount`);
    else if ((value.split('.')[1]?.length ?? 0) > 2) fail('BR-DEC', `${what}: ${value} has more than 2 decimals`);
  }
  for (const [term, value] of [
    ['BT-2', inv.issueDate],
    ['BT-9', inv.dueDate],
    ['BT-72', inv.deliveryDate],
    ['BT-73', inv.period?.start],
    ['BT-74', inv.period?.end],
    ...inv.preceding.map((p) => ['BT-26', p.issueDate] as const),
  ] as const) {
    if (value !== undefined && !validDate(value)) fail(`KONTOR-DATE (${term})`, `${term} "${value}" is not a calendar date`);
  }
  for (const l of inv.lines)
    if (l.quantity !== undefined && !AMOUNT.test(l.quantity)) fail('KONTOR-QTY (BT-129)', `line ${l.id}: quantity "${l.quantity}" is not a number`);

  // ---- code lists
  if (inv.typeCode && !DOCUMENT_TYPES.has(inv.typeCode))
    fail('BR-CL-01 (BT-3)', `invoice type code ${inv.typeCode} is not in UNTDID 1001 as EN 16931 allows it`);
  if (inv.currency && !isCurrency(inv.currency)) fail('BR-CL-04 (BT-5)', `currency ${inv.currency} is not an ISO 4217 code`);
  if (inv.vatCurrency && !isCurrency(inv.vatCurrency)) fail('BR-CL-05 (BT-6)', `VAT accounting currency ${inv.vatCurrency} is not an ISO 4217 code`);
  for (const a of inv.amountCurrencies) {
    if (!isCurrency(a.currency)) fail('BR-CL-03', `${a.element} has currencyID ${a.currency}, not an ISO 4217 code`);
    else if (a.currency !== inv.currency && a.currency !== inv.vatCurrency)
      fail('BR-CL-03', `${a.element} is in ${a.currency}, neither the invoice currency (BT-5) nor the VAT accounting currency (BT-6)`);
  }
  if (inv.syntax === 'CII') {
    // CII-DT-031: in CII only the total VAT amount carries a currency.
    for (const a of inv.amountCurrencies)
      if (a.element !== 'TaxTotalAmount') fail('CII-DT-031', `${a.element} carries currencyID, which CII allows only on TaxTotalAmount (BT-110/BT-111)`);
  }
  for (const [term, country] of [
    ['BT-40', inv.seller.country],
    ['BT-55', inv.buyer.country],
  ] as const) {
    if (country && !isCountry(country)) fail(`BR-CL-14 (${term})`, `country ${country} is not an ISO 3166-1 alpha-2 code`);
  }
  if (inv.deliverTo?.country && !isCountry(inv.deliverTo.country))
    fail('BR-CL-14 (BT-80)', `deliver-to country ${inv.deliverTo.country} is not an ISO 3166-1 alpha-2 code`);
  for (const p of inv.payment)
    if (p.meansCode && !PAYMENT_MEANS.has(p.meansCode)) fail('BR-CL-16 (BT-81)', `payment means code ${p.meansCode} is not in UNTDID 4461`);
  for (const l of inv.lines) {
    if (l.unitCode && !UNITS.has(l.unitCode)) fail('BR-CL-23 (BT-130)', `line ${l.id}: unit ${l.unitCode} is not a UN/ECE Rec 20 code`);
    if (l.category && !VAT_CATEGORIES.has(l.category)) fail('BR-CL-18 (BT-151)', `line ${l.id}: VAT category ${l.category} is not in UNTDID 5305`);
  }
  for (const v of inv.vat) {
    if (v.category && !VAT_CATEGORIES.has(v.category)) fail('BR-CL-17 (BT-118)', `VAT category ${v.category} is not in UNTDID 5305`);
    if (v.exemptionCode && !VATEX_CODES.has(v.exemptionCode)) fail('BR-CL-22 (BT-121)', `exemption reason code ${v.exemptionCode} is not a VATEX code`);
  }
  for (const ac of allAllowanceCharges(inv)) {
    if (ac.reasonCode && !(ac.charge ? CHARGE_REASONS : ALLOWANCE_REASONS).has(ac.reasonCode)) {
      fail(
        ac.charge ? 'BR-CL-20 (BT-105)' : 'BR-CL-19 (BT-98)',
        `${ac.charge ? 'charge' : 'allowance'} reason code ${ac.reasonCode} is not in UNTDID ${ac.charge ? '7161' : '5189'}`,
      );
    }
  }
  for (const [term, party] of [
    ['BT-34', inv.seller],
    ['BT-49', inv.buyer],
  ] as const) {
    const scheme = party.electronicAddress?.scheme;
    if (party.electronicAddress && !scheme) fail(`BR-62 (${term})`, `the electronic address (${term}) has no scheme identifier`);
    else if (scheme && !EAS_SCHEMES.has(scheme)) fail(`BR-CL-25 (${term})`, `electronic address scheme ${scheme} is not an EAS code`);
  }

  sums(inv, fail);
  vatBreakdown(inv, fail);
  corrections(inv, fail);
  if (profile === 'xrechnung') xrechnung(inv, fail);
  else if (inv.customizationId && inv.customizationId !== SPEC_ID.en16931)
    fail('BR-01 (BT-24)', `specification identifier ${inv.customizationId} is not ${SPEC_ID.en16931}`);
  return out;
}

type Fail = (rule: string, message: string) => void;

const dec = (v: string | undefined): Decimal => (v !== undefined && AMOUNT.test(v) ? new Decimal(v) : new Decimal(0));
const usable = (v: string | undefined) => v !== undefined && AMOUNT.test(v);
const allAllowanceCharges = (inv: ReadInvoice): ReadAllowanceCharge[] => [...inv.allowanceCharges, ...inv.lines.flatMap((l) => l.allowanceCharges)];

/** Sums to the cent: line nets → BT-106 → BT-109 → BT-112 → BT-115, with allowances, charges, prepaid and rounding. */
function sums(inv: ReadInvoice, fail: Fail): void {
  const t = inv.totals;
  const digits = 2;
  for (const l of inv.lines) {
    if (!usable(l.quantity) || !usable(l.netPrice) || !usable(l.net)) continue;
    const base = usable(l.baseQuantity) && !dec(l.baseQuantity).isZero() ? dec(l.baseQuantity) : new Decimal(1);
    const gross = dec(l.quantity).times(l.netPrice!).div(base).toDecimalPlaces(digits, ROUND_COMMERCIAL);
    const expected = l.allowanceCharges.reduce((s, ac) => (ac.charge ? s.plus(dec(ac.amount)) : s.minus(dec(ac.amount))), gross);
    if (!expected.eq(l.net!)) {
      fail(
        'PEPPOL-EN16931-R120 (BT-131)',
        `line ${l.id}: net ${l.net} is not quantity ${l.quantity} × price ${l.netPrice} − allowances + charges = ${expected.toFixed(digits)}`,
      );
    }
  }
  const lineSum = inv.lines.reduce((s, l) => s.plus(dec(l.net)), new Decimal(0));
  if (usable(t.lineNet) && !lineSum.eq(t.lineNet!))
    fail('BR-CO-10 (BT-106)', `the sum of line net amounts is ${lineSum.toFixed(digits)}, BT-106 says ${t.lineNet}`);
  const allowances = inv.allowanceCharges.filter((a) => a.charge === false).reduce((s, a) => s.plus(dec(a.amount)), new Decimal(0));
  const charges = inv.allowanceCharges.filter((a) => a.charge === true).reduce((s, a) => s.plus(dec(a.amount)), new Decimal(0));
  if (!dec(t.allowances).eq(allowances))
    fail('BR-CO-11 (BT-107)', `the document allowances add up to ${allowances.toFixed(digits)}, BT-107 says ${t.allowances ?? 'nothing'}`);
  if (!dec(t.charges).eq(charges))
    fail('BR-CO-12 (BT-108)', `the document charges add up to ${charges.toFixed(digits)}, BT-108 says ${t.charges ?? 'nothing'}`);
  const taxExclusive = dec(t.lineNet).minus(dec(t.allowances)).plus(dec(t.charges));
  if (usable(t.taxExclusive) && !taxExclusive.eq(t.taxExclusive!))
    fail('BR-CO-13 (BT-109)', `BT-106 − BT-107 + BT-108 = ${taxExclusive.toFixed(digits)}, BT-109 says ${t.taxExclusive}`);
  const vatSum = inv.vat.reduce((s, v) => s.plus(dec(v.tax)), new Decimal(0));
  if (!dec(t.tax).eq(vatSum)) fail('BR-CO-14 (BT-110)', `the VAT per category adds up to ${vatSum.toFixed(digits)}, BT-110 says ${t.tax ?? 'nothing'}`);
  const taxInclusive = dec(t.taxExclusive).plus(dec(t.tax));
  if (usable(t.taxInclusive) && !taxInclusive.eq(t.taxInclusive!))
    fail('BR-CO-15 (BT-112)', `BT-109 + BT-110 = ${taxInclusive.toFixed(digits)}, BT-112 says ${t.taxInclusive}`);
  const payable = dec(t.taxInclusive).minus(dec(t.prepaid)).plus(dec(t.rounding));
  if (usable(t.payable) && !payable.eq(t.payable!))
    fail('BR-CO-16 (BT-115)', `BT-112 − BT-113 + BT-114 = ${payable.toFixed(digits)}, BT-115 says ${t.payable}`);
  if (inv.vatCurrency && inv.vatCurrency !== inv.currency && !inv.vatCurrencyTax)
    fail('BR-53 (BT-111)', `the VAT accounting currency ${inv.vatCurrency} (BT-6) is given without the VAT total in it (BT-111)`);
  if (usable(t.payable) && dec(t.payable).gt(0) && !inv.dueDate && !inv.paymentTerms)
    fail('BR-CO-25 (BT-9)', 'an amount is due (BT-115 > 0) but neither a due date (BT-9) nor payment terms (BT-20) are given');
}

/** The VAT breakdown per category and rate, and each category's rules on rate, exemption reason and VAT IDs. */
function vatBreakdown(inv: ReadInvoice, fail: Fail): void {
  const key = (category: string | undefined, rate: string | undefined) =>
    `${category ?? '?'}|${rate !== undefined && AMOUNT.test(rate) ? new Decimal(rate).toString() : (rate ?? '')}`;
  const expected = new Map<string, Decimal>();
  const add = (k: string, v: Decimal) => expected.set(k, (expected.get(k) ?? new Decimal(0)).plus(v));
  for (const l of inv.lines) add(key(l.category, l.rate), dec(l.net));
  for (const ac of inv.allowanceCharges) add(key(ac.category, ac.rate), ac.charge ? dec(ac.amount) : dec(ac.amount).neg());
  const seen = new Set<string>();
  for (const v of inv.vat) {
    const k = key(v.category, v.rate);
    const family = FAMILY[v.category ?? ''] ?? v.category ?? '?';
    if (seen.has(k)) fail(`BR-CO-18 (BG-23)`, `category ${v.category} at ${v.rate} % has more than one VAT breakdown`);
    seen.add(k);
    const taxable = expected.get(k);
    if (taxable === undefined) fail(`BR-${family}-08 (BT-116)`, `VAT breakdown ${v.category} ${v.rate} % has no line, allowance or charge`);
    else if (usable(v.taxable) && !taxable.eq(v.taxable!)) {
      fail(
        `BR-${family}-08 (BT-116)`,
        `the lines, allowances and charges of ${v.category} ${v.rate} % add up to ${taxable.toFixed(2)}, the breakdown says ${v.taxable}`,
      );
    }
    const rate = usable(v.rate) ? dec(v.rate) : undefined;
    if (v.category === 'S') {
      if (rate && !rate.gt(0)) fail('BR-S-05 (BT-119)', `standard rated VAT (S) needs a rate above 0, not ${v.rate}`);
      if (rate && usable(v.taxable) && usable(v.tax)) {
        // BR-CO-17 allows a difference of 1 (currencies without cents); Kontor rounds once, half-up, to the currency's minor unit.
        const exact = dec(v.taxable).times(rate).div(100);
        if (exact.minus(v.tax!).abs().gt(1))
          fail('BR-CO-17 (BT-117)', `VAT of ${v.taxable} at ${v.rate} % is ${exact.toFixed(2)}, the breakdown says ${v.tax}`);
        else if (!exact.toDecimalPlaces(minorDigits(inv.currency ?? 'EUR'), ROUND_COMMERCIAL).eq(v.tax!)) {
          fail(
            'KONTOR-VAT-ROUND (BT-117)',
            `VAT of ${v.taxable} at ${v.rate} % rounds to ${exact.toDecimalPlaces(minorDigits(inv.currency ?? 'EUR'), ROUND_COMMERCIAL).toString()}, the breakdown says ${v.tax}`,
          );
        }
      }
      if (v.exemptionReason || v.exemptionCode) fail('BR-S-10 (BT-120)', 'standard rated VAT (S) must not carry an exemption reason');
    }
    if (v.category && ZERO_CATEGORIES.has(v.category)) {
      if (v.category !== 'O' && rate && !rate.isZero()) fail(`BR-${family}-05 (BT-119)`, `VAT category ${v.category} must be at 0 %, not ${v.rate} %`);
      if (usable(v.tax) && !dec(v.tax).isZero()) fail(`BR-${family}-09 (BT-117)`, `VAT category ${v.category} must have a VAT amount of 0, not ${v.tax}`);
    }
    if (v.category === 'Z' && (v.exemptionReason || v.exemptionCode)) fail('BR-Z-10 (BT-120)', 'zero rated VAT (Z) must not carry an exemption reason');
    if (v.category && EXEMPT_NEEDS_REASON.has(v.category) && !v.exemptionReason && !v.exemptionCode) {
      fail(`BR-${family}-10 (BT-120)`, `VAT category ${v.category} needs an exemption reason (BT-120) or code (BT-121)`);
    }
    const expectCode: Partial<Record<string, string>> = { AE: 'VATEX-EU-AE', K: 'VATEX-EU-IC', G: 'VATEX-EU-G' };
    const code = expectCode[v.category ?? ''];
    if (code && v.exemptionCode && v.exemptionCode !== code)
      fail(`BR-${family}-10 (BT-121)`, `VAT category ${v.category} has exemption code ${v.exemptionCode}, expected ${code}`);
  }
  for (const k of expected.keys()) if (!seen.has(k)) fail('BR-CO-18 (BG-23)', `lines or allowances at VAT ${k.replace('|', ' ')} % have no VAT breakdown`);

  const categories = new Set(inv.vat.map((v) => v.category));
  const sellerTax = (p: ReadParty) => p.vatId;
  if (categories.has('S') && !sellerTax(inv.seller)) fail('BR-S-02 (BT-31)', "standard rated VAT needs the seller's VAT identifier");
  if (categories.has('AE')) {
    if (!inv.seller.vatId) fail('BR-AE-02 (BT-31)', "reverse charge (AE) needs the seller's VAT identifier");
    if (!inv.buyer.vatId) fail('BR-AE-02 (BT-48)', "reverse charge (AE) needs the buyer's VAT identifier");
  }
  if (categories.has('K')) {
    if (!inv.seller.vatId) fail('BR-IC-02 (BT-31)', "an intra-Community supply (K) needs the seller's VAT identifier");
    if (!inv.buyer.vatId) fail('BR-IC-04 (BT-48)', "an intra-Community supply (K) needs the buyer's VAT identifier");
    if (!inv.deliveryDate && !inv.period)
      fail('BR-IC-11 (BT-72)', 'an intra-Community supply (K) needs the actual delivery date (BT-72) or the invoicing period (BG-14)');
    if (!inv.deliverTo?.country) fail('BR-IC-12 (BT-80)', 'an intra-Community supply (K) needs the deliver-to country code (BT-80)');
  }
  if (categories.has('G') && !inv.seller.vatId) fail('BR-G-02 (BT-31)', "an export (G) needs the seller's VAT identifier");
  if (categories.has('E') && !inv.seller.vatId && !inv.seller.taxNumber)
    fail('BR-E-02 (BT-31)', "an exempt supply (E) needs the seller's VAT identifier or tax number");
  if (categories.has('Z') && !inv.seller.vatId) fail('BR-Z-02 (BT-31)', "zero rated VAT (Z) needs the seller's VAT identifier");
}

/**
 * BG-14, the invoicing period: when the group is there it states a start or an
 * end date (BR-CO-19), and with both the end is not before the start (BR-29).
 * The dates themselves are calendar dates (KONTOR-DATE, above).
 */
function period(inv: ReadInvoice, fail: Fail): void {
  const p = inv.period;
  if (!p) return;
  if (!p.start && !p.end) fail('BR-CO-19 (BG-14)', 'the invoicing period (BG-14) has neither a start (BT-73) nor an end date (BT-74)');
  if (p.start && p.end && validDate(p.start) && validDate(p.end) && p.end < p.start)
    fail('BR-29 (BT-74)', `the invoicing period ends (BT-74, ${p.end}) before it starts (BT-73, ${p.start})`);
}

/** A correction names the invoice it corrects (BG-3); every reference has a number (BR-55). */
function corrections(inv: ReadInvoice, fail: Fail): void {
  for (const p of inv.preceding) if (!p.number) fail('BR-55 (BT-25)', 'a preceding invoice reference (BG-3) has no invoice number (BT-25)');
  if (inv.typeCode && (CREDIT_NOTE_TYPES.has(inv.typeCode) || inv.typeCode === '384') && inv.preceding.length === 0) {
    fail('KONTOR-COR-01 (BT-25)', `a correction (type ${inv.typeCode}) must name the invoice it corrects (BG-3, BT-25)`);
  }
  for (const p of inv.preceding) if (p.number && !p.issueDate) fail('KONTOR-COR-02 (BT-26)', `the preceding invoice ${p.number} has no issue date (BT-26)`);
}

/** The XRechnung 3.0 CIUS (BR-DE-…) and the electronic addresses it requires. */
function xrechnung(inv: ReadInvoice, fail: Fail): void {
  if (inv.customizationId && inv.customizationId !== SPEC_ID.xrechnung)
    fail('BR-DE-21 (BT-24)', `specification identifier ${inv.customizationId} is not XRechnung 3.0's`);
  if (inv.payment.length === 0) fail('BR-DE-1 (BG-16)', 'payment instructions (BG-16) are missing');
  const c = inv.seller.contact;
  if (!c) fail('BR-DE-2 (BG-6)', "the seller's contact (BG-6) is missing");
  else {
    if (!c.name) fail('BR-DE-5 (BT-41)', "the seller's contact point (BT-41) is missing");
    if (!c.phone) fail('BR-DE-6 (BT-42)', "the seller's contact telephone (BT-42) is missing");
    if (!c.email) fail('BR-DE-7 (BT-43)', "the seller's contact e-mail (BT-43) is missing");
  }
  if (!inv.seller.city) fail('BR-DE-3 (BT-37)', "the seller's city (BT-37) is missing");
  if (!inv.seller.postalCode) fail('BR-DE-4 (BT-38)', "the seller's post code (BT-38) is missing");
  if (!inv.buyer.city) fail('BR-DE-8 (BT-52)', "the buyer's city (BT-52) is missing");
  if (!inv.buyer.postalCode) fail('BR-DE-9 (BT-53)', "the buyer's post code (BT-53) is missing");
  if (!inv.buyerReference) fail('BR-DE-15 (BT-10)', 'the buyer reference (BT-10, Leitweg-ID for public buyers) is missing');
  if (!inv.seller.vatId && !inv.seller.taxNumber) fail('BR-DE-16 (BT-31)', "the seller's VAT identifier (BT-31) or tax number (BT-32) is missing");
  if (inv.typeCode && !XRECHNUNG_TYPES.has(inv.typeCode)) fail('BR-DE-17 (BT-3)', `type code ${inv.typeCode} is not one XRechnung accepts`);
  for (const p of inv.payment) {
    if (p.meansCode === '58' || p.meansCode === '30') {
      if (!p.iban) fail('BR-DE-23-a (BT-84)', `credit transfer (${p.meansCode}) without the payment account (BT-84)`);
      else if (p.meansCode === '58' && !isIban(p.iban)) fail('BR-DE-19 (BT-84)', `${p.iban} is not a valid IBAN`);
    }
  }
  if (!inv.seller.electronicAddress?.value) fail('PEPPOL-EN16931-R020 (BT-34)', "the seller's electronic address (BT-34) is missing");
  if (!inv.buyer.electronicAddress?.value) fail('PEPPOL-EN16931-R010 (BT-49)', "the buyer's electronic address (BT-49) is missing");
}

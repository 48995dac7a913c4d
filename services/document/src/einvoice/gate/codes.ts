import { CURRENCY_MINOR_UNITS } from '../../../../../shared/currencies.ts';
import { COUNTRY_CODES } from '../../../../../shared/countries.ts';

/**
 * The code lists the gate checks against: small own tables of the codes an
 * invoice of this system can carry (EN 16931 code lists, version 2024-11),
 * not copies of the official lists. A code outside them is refused, naming the
 * rule (BR-CL-…); add a code here when the system starts to issue it.
 */

/** ISO 4217 (BR-CL-03, BR-CL-04, BR-CL-05): the currencies with known minor units. */
export const isCurrency = (code: string): boolean => code in CURRENCY_MINOR_UNITS;

/** ISO 3166-1 alpha-2 (BR-CL-14, BR-CL-15), plus XI (Northern Ireland) and 1A (Kosovo) as EN 16931 allows. */
export const isCountry = (code: string): boolean => COUNTRY_CODES.has(code) || code === 'XI' || code === '1A';

/** UNTDID 1001 invoice and credit note types EN 16931 allows (BR-CL-01), restricted to commercial invoices and credit notes. */
export const DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  '326',
  '380',
  '381',
  '383',
  '384',
  '386',
  '389',
  '751',
  '261',
  '262',
  '296',
  '308',
  '396',
  '420',
  '458',
  '532',
  '875',
  '876',
  '877',
]);
/** The credit note types: a UBL document of these is a CreditNote. */
export const CREDIT_NOTE_TYPES: ReadonlySet<string> = new Set(['381', '396', '261', '262', '296', '308', '420', '458', '532']);
/** XRechnung's recommended types (BR-DE-17, a warning there; 386 is accepted with it). */
export const XRECHNUNG_TYPES: ReadonlySet<string> = new Set(['326', '380', '384', '389', '381', '875', '876', '877', '386']);

/** UNTDID 4461 payment means (BR-CL-16): the ones a German invoice uses. */
export const PAYMENT_MEANS: ReadonlySet<string> = new Set(['1', '10', '20', '30', '31', '42', '48', '49', '54', '55', '57', '58', '59', '68', '97', 'ZZZ']);

/** UNTDID 5305 as EN 16931 restricts it (BR-CL-17, BR-CL-18). */
export const VAT_CATEGORIES: ReadonlySet<string> = new Set(['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M']);

/** VATEX exemption reason codes (BR-CL-22): the EU ones the system uses and their neighbours. */
export const VATEX_CODES: ReadonlySet<string> = new Set([
  'VATEX-EU-79-C',
  'VATEX-EU-132',
  'VATEX-EU-143',
  'VATEX-EU-148',
  'VATEX-EU-151',
  'VATEX-EU-309',
  'VATEX-EU-AE',
  'VATEX-EU-D',
  'VATEX-EU-F',
  'VATEX-EU-G',
  'VATEX-EU-I',
  'VATEX-EU-IC',
  'VATEX-EU-O',
  'VATEX-EU-J',
]);

/** UN/ECE Recommendation 20 (with 21) units (BR-CL-23): the ones products and services here are sold in. */
export const UNITS: ReadonlySet<string> = new Set([
  'C62', // one
  'H87', // piece
  'XPP', // piece (package code)
  'HUR', // hour
  'MIN', // minute
  'DAY', // day
  'WEE', // week
  'MON', // month
  'ANN', // year
  'KGM', // kilogram
  'GRM', // gram
  'TNE', // tonne
  'MTR', // metre
  'CMT', // centimetre
  'MMT', // millimetre
  'KMT', // kilometre
  'MTK', // square metre
  'MTQ', // cubic metre
  'LTR', // litre
  'SET', // set
  'PR', // pair
  'LS', // lump sum
  'KWH', // kilowatt hour
  'E48', // service unit
  'P1', // percent
]);

/** Our units (products' `unit`) to Rec 20; unknown units are billed as "one" (C62). */
const UNIT_OF: Readonly<Record<string, string>> = {
  stk: 'H87',
  'stk.': 'H87',
  stück: 'H87',
  pcs: 'H87',
  pc: 'H87',
  piece: 'H87',
  std: 'HUR',
  'std.': 'HUR',
  h: 'HUR',
  hour: 'HUR',
  stunde: 'HUR',
  min: 'MIN',
  tag: 'DAY',
  day: 'DAY',
  monat: 'MON',
  month: 'MON',
  jahr: 'ANN',
  kg: 'KGM',
  g: 'GRM',
  t: 'TNE',
  m: 'MTR',
  cm: 'CMT',
  mm: 'MMT',
  km: 'KMT',
  m2: 'MTK',
  'm²': 'MTK',
  m3: 'MTQ',
  'm³': 'MTQ',
  l: 'LTR',
  liter: 'LTR',
  set: 'SET',
  paar: 'PR',
  pauschal: 'LS',
  pauschale: 'LS',
  flat: 'LS',
  kwh: 'KWH',
};

export function unitCodeOf(unit: string): string {
  return UNIT_OF[unit.trim().toLowerCase()] ?? 'C62';
}

export { EAS_SCHEMES, isLeitwegId } from '../../../../../shared/einvoice.ts';

/** UNTDID 5189 allowance reasons and 7161 charge reasons the system writes (BR-CL-19, BR-CL-20). */
export const ALLOWANCE_REASONS: ReadonlySet<string> = new Set([
  '41',
  '42',
  '60',
  '62',
  '63',
  '64',
  '65',
  '66',
  '67',
  '68',
  '70',
  '71',
  '88',
  '95',
  '100',
  '102',
  '103',
  '104',
  '105',
]);
export const CHARGE_REASONS: ReadonlySet<string> = new Set(['AA', 'AAA', 'ABL', 'ADR', 'ADK', 'FC', 'FI', 'PC', 'SAA', 'SH', 'TAC', 'ZZZ']);

/** IBAN check (ISO 13616 mod 97), as BR-DE-19 asks for credit transfers. */
export function isIban(value: string): boolean {
  const iban = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

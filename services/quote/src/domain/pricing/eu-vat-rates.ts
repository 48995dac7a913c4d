/**
 * VAT rates of the 27 EU member states, in percent as exact decimal strings.
 *
 * Data as of January 2026 (rates in force for 2025/2026), from the European
 * Commission's "VAT rates applied in the Member States" and national law.
 * Changes taken into account: SK 20 → 23 % and 10 → 19 % (1 Jan 2025),
 * FI 24 → 25.5 % (1 Sep 2024) and 10 → 14 % (1 Jan 2025), EE 22 → 24 %
 * (1 Jul 2025), RO 19 → 21 % and 5/9 → 11 % (1 Aug 2025), CZ 10/15 → 12 %
 * (1 Jan 2024), LU back to 17/8 % (1 Jan 2024).
 *
 * `reduced` is ONE number per country: the general reduced rate under
 * Art. 98 MwStSystRL (Directive 2006/112/EC), not the super-reduced (< 5 %)
 * or parking rates. Many countries have two reduced rates and apply them
 * product by product (e.g. FR 10 %, BE 12 %, PL 5 %, SK 5 %, HU 18 %, GR 6 %
 * for books and medicines), and some products that are 7 % in Germany carry
 * the standard rate elsewhere (e.g. most food in DK, EE, LT). A product that
 * needs the exact foreign rate needs a per-country override on the product;
 * this table is the default for the category 'reduced' under OSS (§ 3c UStG).
 *
 * Known changes around the date of the data that this table does NOT follow:
 * - FI: food and restaurant services 14 → 13.5 % from 1 Jan 2026 (14 % stays
 *   for books, medicines, transport, accommodation); we keep 14.
 * - SE: food 12 → 6 % temporarily from 1 Apr 2026 to 31 Dec 2027; we keep 12.
 */

/** Standard and main reduced VAT rate of one country, in percent. */
export interface EuVatRates {
  standard: string;
  reduced: string;
}

const RATES: Readonly<Record<string, EuVatRates>> = {
  AT: { standard: '20', reduced: '10' }, // 13 % for some goods (plants, wine from the farm)
  BE: { standard: '21', reduced: '6' }, // 6 % food, books; 12 % e.g. restaurants
  BG: { standard: '20', reduced: '9' },
  CY: { standard: '19', reduced: '5' }, // 5 % food, books, medicines; 9 % hotels, restaurants
  CZ: { standard: '21', reduced: '12' }, // single reduced rate since 1 Jan 2024
  DE: { standard: '19', reduced: '7' }, // § 12 UStG
  // Denmark has no reduced rate: goods that are reduced elsewhere carry the
  // standard 25 % there, so "reduced" is 25, never 0 (0 % is only for
  // newspapers, which is a zero rate, not a reduced one).
  DK: { standard: '25', reduced: '25' },
  EE: { standard: '24', reduced: '9' }, // 24 % since 1 Jul 2025; 9 % books, medicines, press; 13 % accommodation
  ES: { standard: '21', reduced: '10' }, // 4 % super-reduced for basic food, books
  FI: { standard: '25.5', reduced: '14' }, // see header: food 13.5 % from 2026
  FR: { standard: '20', reduced: '5.5' }, // 5.5 % food, books; 10 % restaurants, transport
  GR: { standard: '24', reduced: '13' }, // 13 % food; 6 % books, medicines
  HR: { standard: '25', reduced: '13' }, // 5 % bread, milk, books, medicines
  HU: { standard: '27', reduced: '5' }, // 18 % some dairy and bakery goods
  IE: { standard: '23', reduced: '13.5' }, // 9 % and 4.8 % for narrow groups; most food 0 %
  IT: { standard: '22', reduced: '10' }, // 4 % super-reduced for basic food, books; 5 % some
  LT: { standard: '21', reduced: '9' }, // 5 % medicines
  LU: { standard: '17', reduced: '8' }, // 3 % super-reduced food, books; 14 % parking
  LV: { standard: '21', reduced: '12' }, // 5 % local fruit and vegetables
  MT: { standard: '18', reduced: '5' }, // 5 % books, confectionery, medical goods; 7 % accommodation
  NL: { standard: '21', reduced: '9' },
  PL: { standard: '23', reduced: '8' }, // 5 % basic food, books
  PT: { standard: '23', reduced: '6' }, // mainland; 13 % intermediate; Azores, Madeira lower
  RO: { standard: '21', reduced: '11' }, // since 1 Aug 2025
  SE: { standard: '25', reduced: '12' }, // 6 % books, passenger transport
  SI: { standard: '22', reduced: '9.5' }, // 5 % books
  SK: { standard: '23', reduced: '19' }, // since 1 Jan 2025; 5 % basic food, books, medicines
};

/** ISO 3166-1 alpha-2 codes of the EU member states (Greece as GR), sorted. */
export const EU_COUNTRIES: readonly string[] = Object.freeze(Object.keys(RATES).sort());

/**
 * EU VAT numbers and VIES use "EL" for Greece instead of ISO's "GR"; both are
 * accepted and mapped to "GR".
 */
const ALIASES: Readonly<Record<string, string>> = { EL: 'GR' };

/** The ISO code of an EU member state for a code or alias, or null if it is not one. */
export function normalizeEuCountry(code: string): string | null {
  const iso = ALIASES[code] ?? code;
  return Object.hasOwn(RATES, iso) ? iso : null;
}

export function isEuCountry(code: string): boolean {
  return normalizeEuCountry(code) !== null;
}

/** Standard and main reduced rate of an EU member state; throws for any other code. */
export function euVatRates(code: string): EuVatRates {
  const iso = normalizeEuCountry(code);
  if (iso === null) throw new RangeError(`not an EU member state: ${code}`);
  const rates = RATES[iso]!;
  return { standard: rates.standard, reduced: rates.reduced };
}

/**
 * Tax by destination for a seller established in Germany: which VAT treatment
 * and rate a line gets, and which legal notes the document must carry
 * (§ 14 Abs. 4 Nr. 8, § 14a UStG). Pure and deterministic: no I/O, no clock.
 *
 * Scope: country level only. Special territories (Büsingen, Heligoland,
 * Canary Islands, Åland, Northern Ireland "XI", …), chain transactions and
 * VAT ID validation (VIES, needed as proof for § 6a UStG) are the caller's.
 */
import { ValidationError } from './errors.ts';
import { euVatRates, normalizeEuCountry } from './eu-vat-rates.ts';
import { GERMAN_VAT_RATES, TAX_CATEGORIES } from './tax.ts';
import type { TaxCategory } from './tax.ts';

export type TaxTreatment = 'domestic' | 'reverse_charge' | 'intra_eu_supply' | 'oss' | 'export' | 'small_business';

/**
 * 'export' is the note for goods leaving the EU (§ 6 UStG);
 * 'non_taxable_service' the one for services to businesses outside the EU,
 * which are not taxable in Germany at all (§ 3a Abs. 2 UStG), so the export
 * exemption wording would be wrong for them.
 */
export type TaxNoteCode = 'reverse_charge' | 'intra_eu_supply' | 'export' | 'non_taxable_service' | 'small_business';

export interface TaxSettings {
  sellerCountry: 'DE';
  /** § 19 UStG small-business mode: no VAT at all, with a note. */
  smallBusiness: boolean;
  /** Above the EU-wide 10,000 EUR distance-sales threshold (§ 3c UStG): EU consumers are taxed at their country's rate via OSS. */
  ossThresholdExceeded: boolean;
}

export interface TaxParty {
  type: 'business' | 'consumer';
  country: string;
  vatId?: string | null;
}

export interface LineTaxInput {
  taxCategory: TaxCategory;
  kind: 'goods' | 'service';
}

export interface LineTax {
  treatment: TaxTreatment;
  vatRate: string;
  /** country whose rate applies, or null for 0 % treatments */
  rateCountry: string | null;
  noteCode: TaxNoteCode | null;
}

const NOTES: Readonly<Record<'de' | 'en', Readonly<Record<TaxNoteCode, string>>>> = {
  de: {
    reverse_charge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) gemäß § 13b UStG / Art. 196 MwStSystRL',
    intra_eu_supply: 'Steuerfreie innergemeinschaftliche Lieferung gemäß § 4 Nr. 1b i. V. m. § 6a UStG',
    export: 'Steuerfreie Ausfuhrlieferung gemäß § 4 Nr. 1a i. V. m. § 6 UStG',
    non_taxable_service: 'Nicht im Inland steuerbare Leistung: Leistungsort beim Leistungsempfänger im Drittland (§ 3a Abs. 2 UStG)',
    // Since 1 Jan 2025 § 19 Abs. 1 UStG is an exemption; § 34a UStDV requires pointing to it.
    small_business: 'Steuerbefreiung für Kleinunternehmer gemäß § 19 Abs. 1 UStG: Es wird keine Umsatzsteuer berechnet.',
  },
  en: {
    reverse_charge: 'Reverse charge: the recipient of the service is liable for VAT (§ 13b UStG / Art. 196 Council Directive 2006/112/EC)',
    intra_eu_supply: 'Tax-exempt intra-Community supply of goods (§ 4 No. 1b in conjunction with § 6a UStG)',
    export: 'Tax-exempt export delivery (§ 4 No. 1a in conjunction with § 6 UStG)',
    non_taxable_service: 'Not taxable in Germany: the place of supply is the recipient\'s country outside the EU (§ 3a (2) UStG)',
    small_business: 'VAT exemption for small businesses under § 19 (1) UStG: no VAT is charged.',
  },
};

const COUNTRY_CODE = /^[A-Z]{2}$/;

function invalid(field: string, message: string): never {
  throw new ValidationError(`invalid ${field}`, [{ field, message }]);
}

function validate(line: LineTaxInput, customer: TaxParty): void {
  if (!TAX_CATEGORIES.includes(line?.taxCategory)) invalid('line.taxCategory', `must be one of ${TAX_CATEGORIES.join(', ')}`);
  if (line.kind !== 'goods' && line.kind !== 'service') invalid('line.kind', 'must be goods or service');
  if (customer?.type !== 'business' && customer?.type !== 'consumer') invalid('customer.type', 'must be business or consumer');
  if (typeof customer.country !== 'string' || !COUNTRY_CODE.test(customer.country)) {
    invalid('customer.country', 'must be an ISO 3166-1 alpha-2 code of two upper-case letters, e.g. "DE"');
  }
}

type Placement = Omit<LineTax, 'vatRate'>;

const domestic: Placement = { treatment: 'domestic', rateCountry: 'DE', noteCode: null };

/** Where the line is taxed and under which treatment, before the category's rate is looked up. */
function place(line: LineTaxInput, customer: TaxParty, settings: TaxSettings): Placement {
  const eu = normalizeEuCountry(customer.country);
  const isBusiness = customer.type === 'business';
  if (eu === 'DE') return domestic;

  if (eu !== null) {
    // Only a VAT ID from another member state proves the business status in the
    // EU (§ 6a Abs. 1 Nr. 2, § 3a Abs. 2 UStG); without one it is treated as a consumer.
    const hasVatId = typeof customer.vatId === 'string' && customer.vatId.trim() !== '';
    if (isBusiness && hasVatId) {
      return line.kind === 'service'
        ? { treatment: 'reverse_charge', rateCountry: null, noteCode: 'reverse_charge' }
        : { treatment: 'intra_eu_supply', rateCountry: null, noteCode: 'intra_eu_supply' };
    }
    // Distance sales of goods: destination taxation via OSS above 10,000 EUR
    // (§ 3c Abs. 1, 4 UStG), German VAT below it. Services to consumers stay in
    // Germany (§ 3a Abs. 1 UStG); the destination rule for electronic, telecom
    // and broadcasting services (§ 3a Abs. 5 UStG) is not modelled here.
    if (line.kind === 'goods' && settings.ossThresholdExceeded) return { treatment: 'oss', rateCountry: eu, noteCode: null };
    return domestic;
  }

  // Third countries (incl. GB, CH): goods leaving the EU are exempt exports (§ 6 UStG).
  if (line.kind === 'goods') return { treatment: 'export', rateCountry: null, noteCode: 'export' };
  // Services to businesses there are supplied where the recipient sits (§ 3a Abs. 2 UStG).
  // Business status outside the EU is proven without a VAT ID (Abschn. 3a.2 Abs. 11 UStAE).
  if (isBusiness) return { treatment: 'export', rateCountry: null, noteCode: 'non_taxable_service' };
  // Services to consumers follow the general rule (§ 3a Abs. 1 UStG): German VAT.
  // The catalogue of § 3a Abs. 4 UStG (consulting, advertising, licences, …) is not modelled.
  return domestic;
}

/** The VAT treatment, rate and note of one line sold by a German seller to this customer. */
export function lineTax(line: LineTaxInput, customer: TaxParty, settings: TaxSettings): LineTax {
  validate(line, customer);
  // § 19 UStG: a small business charges no VAT anywhere and says so.
  if (settings.smallBusiness) return { treatment: 'small_business', vatRate: '0', rateCountry: null, noteCode: 'small_business' };

  const placed = place(line, customer, settings);
  // Exempt products (§ 4 UStG) keep the treatment but carry no rate; the note
  // naming the exemption belongs to the product, not to the destination.
  if (line.taxCategory === 'exempt' || placed.rateCountry === null) return { ...placed, vatRate: '0', rateCountry: null };
  const category = line.taxCategory;
  const vatRate = placed.rateCountry === 'DE' ? GERMAN_VAT_RATES[category] : euVatRates(placed.rateCountry)[category];
  return { ...placed, vatRate };
}

/** The distinct legal notes for these codes, in order of first appearance; nulls are skipped. */
export function taxNotes(codes: (TaxNoteCode | null)[], language: 'de' | 'en'): string[] {
  const texts = NOTES[language];
  if (!texts) throw new RangeError(`no tax notes in language ${String(language)}`);
  const seen = new Set<TaxNoteCode>();
  const notes: string[] = [];
  for (const code of codes) {
    if (code === null || seen.has(code)) continue;
    const text = texts[code];
    if (text === undefined) throw new RangeError(`unknown tax note code ${String(code)}`);
    seen.add(code);
    notes.push(text);
  }
  return notes;
}

/** The note codes a line of this treatment may need ('export' covers goods leaving the EU and services to businesses there). */
const NOTE_CODES_OF_TREATMENT: Readonly<Record<TaxTreatment, readonly TaxNoteCode[]>> = {
  domestic: [],
  oss: [],
  reverse_charge: ['reverse_charge'],
  intra_eu_supply: ['intra_eu_supply'],
  export: ['export', 'non_taxable_service'],
  small_business: ['small_business'],
};

/** Which legal note a stored note text is (in either language), or null for a text we do not know. */
export function taxNoteCodeOf(text: string): TaxNoteCode | null {
  for (const texts of Object.values(NOTES)) {
    const code = (Object.keys(texts) as TaxNoteCode[]).find((c) => texts[c] === text);
    if (code) return code;
  }
  return null;
}

/**
 * The notes of a document that apply to some of its lines: an invoice billing
 * only part of an order carries the order's notes for the treatments it bills.
 * A note we cannot identify, or lines without a recorded treatment, keep the note:
 * a missing legal note is worse than one too many.
 */
export function notesForLines(notes: readonly string[], lines: readonly { taxTreatment?: string }[]): string[] {
  if (lines.some((l) => l.taxTreatment === undefined)) return [...notes];
  const codes = new Set(lines.flatMap((l) => NOTE_CODES_OF_TREATMENT[l.taxTreatment as TaxTreatment] ?? []));
  return notes.filter((n) => {
    const code = taxNoteCodeOf(n);
    return code === null || codes.has(code);
  });
}

/** True for treatments whose invoice must name the VAT IDs of both parties (§ 14a Abs. 1 and 3 UStG). */
export function needsBothVatIds(treatment: string | undefined): boolean {
  return treatment === 'reverse_charge' || treatment === 'intra_eu_supply';
}

const flag = (value: string | undefined): boolean => value === '1' || value?.toLowerCase() === 'true';

/** Tax settings from KONTOR_SMALL_BUSINESS=1 and KONTOR_OSS_THRESHOLD_EXCEEDED=1 (anything else is off). */
export function taxSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TaxSettings {
  return {
    sellerCountry: 'DE',
    smallBusiness: flag(env.KONTOR_SMALL_BUSINESS),
    ossThresholdExceeded: flag(env.KONTOR_OSS_THRESHOLD_EXCEEDED),
  };
}

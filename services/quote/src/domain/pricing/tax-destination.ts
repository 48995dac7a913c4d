/**
 * Tax by destination for a seller established in Germany: which VAT treatment,
 * rate and legal note (shared/tax-notes.ts) a line of a quote or direct order
 * gets. Pure and deterministic: no I/O, no clock.
 *
 * Scope: country level only. Special territories (Büsingen, Heligoland,
 * Canary Islands, Åland, Northern Ireland "XI", …), chain transactions and
 * VAT ID validation (VIES, needed as proof for § 6a UStG) are the caller's.
 */
import { ValidationError } from '../../../../../shared/errors.ts';
import { euVatRates, normalizeEuCountry } from './eu-vat-rates.ts';
import { GERMAN_VAT_RATES, TAX_CATEGORIES } from '../../../../../shared/tax.ts';
import type { TaxCategory } from '../../../../../shared/tax.ts';
import type { TaxNoteCode, TaxTreatment } from '../../../../../shared/tax-notes.ts';

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

const flag = (value: string | undefined): boolean => value === '1' || value?.toLowerCase() === 'true';

/** Tax settings from KONTOR_SMALL_BUSINESS=1 and KONTOR_OSS_THRESHOLD_EXCEEDED=1 (anything else is off). */
export function taxSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TaxSettings {
  return {
    sellerCountry: 'DE',
    smallBusiness: flag(env.KONTOR_SMALL_BUSINESS),
    ossThresholdExceeded: flag(env.KONTOR_OSS_THRESHOLD_EXCEEDED),
  };
}

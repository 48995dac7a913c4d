import { Decimal } from 'decimal.js';

/** Product tax categories; the rate they map to depends on where the sale is taxed. */
export type TaxCategory = 'standard' | 'reduced' | 'exempt';
export const TAX_CATEGORIES: readonly TaxCategory[] = ['standard', 'reduced', 'exempt'];

/** German domestic VAT rates in percent (UStG § 12). */
export const GERMAN_VAT_RATES: Readonly<Record<TaxCategory, string>> = {
  standard: '19',
  reduced: '7',
  exempt: '0',
};

/** The VAT rate in percent for a domestic German sale. */
export function domesticVatRate(category: TaxCategory): Decimal {
  return new Decimal(GERMAN_VAT_RATES[category]);
}

import { describe, it, expect } from '@jest/globals';
import { GERMAN_VAT_RATES, TAX_CATEGORIES, domesticVatRate } from '../../shared/tax.ts';
import type { TaxCategory } from '../../shared/tax.ts';

describe('domesticVatRate (UStG § 12)', () => {
  it.each<[TaxCategory, string]>([
    ['standard', '19'],
    ['reduced', '7'],
    ['exempt', '0'],
  ])('%s → %s %%', (category, rate) => {
    expect(domesticVatRate(category).toString()).toBe(rate);
    expect(GERMAN_VAT_RATES[category]).toBe(rate);
  });

  it('has a rate for every category, and only those', () => {
    expect([...TAX_CATEGORIES].sort()).toEqual(Object.keys(GERMAN_VAT_RATES).sort());
    expect(TAX_CATEGORIES).toEqual(['standard', 'reduced', 'exempt']);
  });
});

import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { EU_COUNTRIES, euVatRates, isEuCountry } from '../../services/quote/src/domain/pricing/eu-vat-rates.ts';
import { lineTax, taxSettingsFromEnv } from '../../services/quote/src/domain/pricing/tax-destination.ts';
import type { LineTax, LineTaxInput, TaxParty, TaxSettings } from '../../services/quote/src/domain/pricing/tax-destination.ts';
import { taxNotes, type TaxNoteCode } from '../../shared/tax-notes.ts';
import { ValidationError } from '../../shared/errors.ts';
import { GERMAN_VAT_RATES } from '../../shared/tax.ts';

const settings = (smallBusiness: boolean, ossThresholdExceeded: boolean): TaxSettings => ({ sellerCountry: 'DE', smallBusiness, ossThresholdExceeded });
const UNDER = settings(false, false);
const OVER = settings(false, true);
const SMALL = settings(true, true);

const goods = (taxCategory: LineTaxInput['taxCategory'] = 'standard'): LineTaxInput => ({ taxCategory, kind: 'goods' });
const service = (taxCategory: LineTaxInput['taxCategory'] = 'standard'): LineTaxInput => ({ taxCategory, kind: 'service' });
const consumer = (country: string): TaxParty => ({ type: 'consumer', country });
const business = (country: string, vatId: string | null = null): TaxParty => ({ type: 'business', country, vatId });

const tax = (treatment: LineTax['treatment'], vatRate: string, rateCountry: string | null, noteCode: TaxNoteCode | null = null): LineTax => ({
  treatment,
  vatRate,
  rateCountry,
  noteCode,
});
const zero = (treatment: LineTax['treatment'], noteCode: TaxNoteCode | null) => tax(treatment, '0', null, noteCode);

type Case = [string, LineTaxInput, TaxParty, TaxSettings, LineTax];

const cases: Case[] = [
  // Domestic: German rates whatever the customer (§ 12 UStG).
  ['DE consumer, standard goods', goods(), consumer('DE'), UNDER, tax('domestic', '19', 'DE')],
  ['DE consumer, reduced goods', goods('reduced'), consumer('DE'), UNDER, tax('domestic', '7', 'DE')],
  ['DE consumer, exempt goods', goods('exempt'), consumer('DE'), UNDER, tax('domestic', '0', null)],
  ['DE business with VAT ID, service', service(), business('DE', 'DE123456789'), OVER, tax('domestic', '19', 'DE')],
  ['DE business, reduced goods, over threshold', goods('reduced'), business('DE'), OVER, tax('domestic', '7', 'DE')],

  // EU B2B with VAT ID: exempt supply of goods (§ 6a UStG) or reverse charge for services (§ 13b UStG).
  ['FR business with VAT ID, goods', goods(), business('FR', 'FR12345678901'), UNDER, zero('intra_eu_supply', 'intra_eu_supply')],
  ['FR business with VAT ID, service', service(), business('FR', 'FR12345678901'), UNDER, zero('reverse_charge', 'reverse_charge')],
  ['AT business with VAT ID, reduced goods', goods('reduced'), business('AT', 'ATU12345678'), OVER, zero('intra_eu_supply', 'intra_eu_supply')],
  ['AT business with VAT ID, service', service(), business('AT', 'ATU12345678'), OVER, zero('reverse_charge', 'reverse_charge')],
  ['NL business with VAT ID, goods', goods(), business('NL', 'NL123456789B01'), OVER, zero('intra_eu_supply', 'intra_eu_supply')],
  ['NL business with VAT ID, exempt service', service('exempt'), business('NL', 'NL123456789B01'), UNDER, zero('reverse_charge', 'reverse_charge')],

  // EU B2B without VAT ID: treated like a consumer.
  ['FR business without VAT ID, goods, under threshold', goods(), business('FR'), UNDER, tax('domestic', '19', 'DE')],
  ['FR business without VAT ID, goods, over threshold', goods(), business('FR'), OVER, tax('oss', '20', 'FR')],
  ['FR business with blank VAT ID, reduced goods, over threshold', goods('reduced'), business('FR', '  '), OVER, tax('oss', '5.5', 'FR')],
  ['AT business without VAT ID, service, over threshold (§ 3a Abs. 1)', service(), business('AT'), OVER, tax('domestic', '19', 'DE')],

  // EU consumers: German VAT under the threshold, destination rate via OSS above it (§ 3c UStG).
  ['IT consumer, standard goods, under threshold', goods(), consumer('IT'), UNDER, tax('domestic', '19', 'DE')],
  ['IT consumer, reduced goods, under threshold', goods('reduced'), consumer('IT'), UNDER, tax('domestic', '7', 'DE')],
  ['IT consumer, exempt goods, under threshold', goods('exempt'), consumer('IT'), UNDER, tax('domestic', '0', null)],
  ['IT consumer, standard goods, over threshold', goods(), consumer('IT'), OVER, tax('oss', '22', 'IT')],
  ['IT consumer, reduced goods, over threshold', goods('reduced'), consumer('IT'), OVER, tax('oss', '10', 'IT')],
  ['FR consumer, reduced goods, over threshold', goods('reduced'), consumer('FR'), OVER, tax('oss', '5.5', 'FR')],
  ['AT consumer, standard goods, over threshold', goods(), consumer('AT'), OVER, tax('oss', '20', 'AT')],
  ['HU consumer, standard goods, over threshold', goods(), consumer('HU'), OVER, tax('oss', '27', 'HU')],
  ['FI consumer, standard goods, over threshold', goods(), consumer('FI'), OVER, tax('oss', '25.5', 'FI')],
  ['IE consumer, reduced goods, over threshold', goods('reduced'), consumer('IE'), OVER, tax('oss', '13.5', 'IE')],
  ['SE consumer, reduced goods, over threshold', goods('reduced'), consumer('SE'), OVER, tax('oss', '12', 'SE')],
  ['DK consumer, reduced goods, over threshold (no reduced rate)', goods('reduced'), consumer('DK'), OVER, tax('oss', '25', 'DK')],
  ['NL consumer, exempt goods, over threshold', goods('exempt'), consumer('NL'), OVER, tax('oss', '0', null)],
  ['ES consumer, service, over threshold (§ 3a Abs. 1)', service(), consumer('ES'), OVER, tax('domestic', '19', 'DE')],

  // Greece: ISO "GR" and the VAT prefix "EL" are the same country.
  ['GR consumer, standard goods, over threshold', goods(), consumer('GR'), OVER, tax('oss', '24', 'GR')],
  ['EL consumer, reduced goods, over threshold', goods('reduced'), consumer('EL'), OVER, tax('oss', '13', 'GR')],
  ['EL consumer, goods, under threshold', goods(), consumer('EL'), UNDER, tax('domestic', '19', 'DE')],
  ['EL business with VAT ID, goods', goods(), business('EL', 'EL123456789'), UNDER, zero('intra_eu_supply', 'intra_eu_supply')],
  ['GR business with VAT ID, service', service(), business('GR', 'EL123456789'), UNDER, zero('reverse_charge', 'reverse_charge')],

  // Third countries: export of goods (§ 6 UStG); B2B services not taxable here (§ 3a Abs. 2 UStG).
  ['CH consumer, goods', goods(), consumer('CH'), UNDER, zero('export', 'export')],
  ['CH business, exempt goods', goods('exempt'), business('CH'), OVER, zero('export', 'export')],
  ['US business, goods', goods(), business('US'), OVER, zero('export', 'export')],
  ['US business, service', service(), business('US'), UNDER, zero('export', 'non_taxable_service')],
  ['US consumer, service (§ 3a Abs. 1)', service(), consumer('US'), OVER, tax('domestic', '19', 'DE')],
  ['GB consumer, reduced goods (after Brexit)', goods('reduced'), consumer('GB'), OVER, zero('export', 'export')],
  ['GB business with VAT ID, goods', goods(), business('GB', 'GB123456789'), UNDER, zero('export', 'export')],
  ['GB business with VAT ID, service', service(), business('GB', 'GB123456789'), UNDER, zero('export', 'non_taxable_service')],

  // Small business (§ 19 UStG): no VAT anywhere.
  ['small business, DE consumer', goods(), consumer('DE'), SMALL, zero('small_business', 'small_business')],
  ['small business, DE consumer, reduced', goods('reduced'), consumer('DE'), SMALL, zero('small_business', 'small_business')],
  ['small business, FR business with VAT ID, service', service(), business('FR', 'FR12345678901'), SMALL, zero('small_business', 'small_business')],
  ['small business, IT consumer over threshold', goods(), consumer('IT'), SMALL, zero('small_business', 'small_business')],
  ['small business, US export', goods(), business('US'), SMALL, zero('small_business', 'small_business')],
];

describe('lineTax: tax by destination for a German seller', () => {
  it.each(cases)('%s', (_name, line, customer, taxSettings, expected) => {
    expect(lineTax(line, customer, taxSettings)).toEqual(expected);
  });

  it('charges a rate only with a rate country, and every 0 % treatment except domestic/oss carries a note', () => {
    for (const [, line, customer, taxSettings] of cases) {
      const t = lineTax(line, customer, taxSettings);
      expect(t.rateCountry === null).toBe(new Decimal(t.vatRate).isZero());
      expect(t.noteCode === null).toBe(t.treatment === 'domestic' || t.treatment === 'oss');
    }
  });

  it.each(['de', 'DEU', 'D', '', ' DE', 'D1', 'fr', 'El'])('rejects the country code %p naming customer.country', (country) => {
    const call = () => lineTax(goods(), consumer(country), UNDER);
    expect(call).toThrow(ValidationError);
    try {
      call();
    } catch (err) {
      expect((err as ValidationError).status).toBe(422);
      expect((err as ValidationError).issues).toEqual([{ field: 'customer.country', message: expect.any(String) }]);
    }
  });

  it('validates the country even in small-business mode', () => {
    expect(() => lineTax(goods(), consumer('xx'), SMALL)).toThrow(ValidationError);
  });
});

describe('taxNotes', () => {
  it.each<[TaxNoteCode, string, string]>([
    ['reverse_charge', 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) gemäß § 13b UStG / Art. 196 MwStSystRL', 'Reverse charge'],
    ['intra_eu_supply', 'Steuerfreie innergemeinschaftliche Lieferung gemäß § 4 Nr. 1b i. V. m. § 6a UStG', 'intra-Community supply'],
    ['export', 'Steuerfreie Ausfuhrlieferung gemäß § 4 Nr. 1a i. V. m. § 6 UStG', 'export delivery'],
    [
      'non_taxable_service',
      'Nicht im Inland steuerbare Leistung: Leistungsort beim Leistungsempfänger im Drittland (§ 3a Abs. 2 UStG)',
      'Not taxable in Germany',
    ],
    ['small_business', 'Steuerbefreiung für Kleinunternehmer gemäß § 19 Abs. 1 UStG: Es wird keine Umsatzsteuer berechnet.', 'small businesses'],
  ])('%s in German and English', (code, de, en) => {
    expect(taxNotes([code], 'de')).toEqual([de]);
    const [english] = taxNotes([code], 'en');
    expect(english).toContain(en);
    expect(english).not.toBe(de);
  });

  it('returns distinct notes in order of first appearance, skipping nulls', () => {
    const codes: (TaxNoteCode | null)[] = [null, 'export', 'reverse_charge', null, 'export', 'intra_eu_supply', 'reverse_charge'];
    expect(taxNotes(codes, 'de')).toEqual(['export', 'reverse_charge', 'intra_eu_supply'].map((c) => taxNotes([c as TaxNoteCode], 'de')[0]));
    expect(taxNotes(codes, 'en')).toHaveLength(3);
    expect(taxNotes(codes, 'en')[0]).toContain('export');
  });

  it('returns no notes for domestic lines only', () => {
    expect(taxNotes([null, null], 'de')).toEqual([]);
    expect(taxNotes([], 'en')).toEqual([]);
  });

  it('collects the notes of a mixed document from lineTax', () => {
    const customer = business('AT', 'ATU12345678');
    const codes = [service(), goods(), service('reduced')].map((l) => lineTax(l, customer, UNDER).noteCode);
    expect(taxNotes(codes, 'de')).toEqual([
      'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) gemäß § 13b UStG / Art. 196 MwStSystRL',
      'Steuerfreie innergemeinschaftliche Lieferung gemäß § 4 Nr. 1b i. V. m. § 6a UStG',
    ]);
  });
});

describe('taxSettingsFromEnv', () => {
  it.each<[NodeJS.ProcessEnv, boolean, boolean]>([
    [{}, false, false],
    [{ KONTOR_SMALL_BUSINESS: '1' }, true, false],
    [{ KONTOR_OSS_THRESHOLD_EXCEEDED: '1' }, false, true],
    [{ KONTOR_SMALL_BUSINESS: '1', KONTOR_OSS_THRESHOLD_EXCEEDED: '1' }, true, true],
    [{ KONTOR_SMALL_BUSINESS: '0', KONTOR_OSS_THRESHOLD_EXCEEDED: '' }, false, false],
  ])('%p', (env, smallBusiness, ossThresholdExceeded) => {
    expect(taxSettingsFromEnv(env)).toEqual({ sellerCountry: 'DE', smallBusiness, ossThresholdExceeded });
  });
});

describe('EU VAT rates', () => {
  it('lists the 27 member states by ISO code, Greece as GR', () => {
    expect(EU_COUNTRIES).toHaveLength(27);
    expect(new Set(EU_COUNTRIES).size).toBe(27);
    expect(EU_COUNTRIES).toContain('GR');
    expect(EU_COUNTRIES).not.toContain('EL');
    expect(EU_COUNTRIES).toEqual([...EU_COUNTRIES].sort());
  });

  it.each([
    ['EL', true],
    ['GR', true],
    ['DE', true],
    ['HR', true],
    ['GB', false],
    ['CH', false],
    ['NO', false],
    ['XI', false],
  ])('isEuCountry(%p) is %p', (code, eu) => {
    expect(isEuCountry(code as string)).toBe(eu);
  });

  it.each([
    ['DE', '19', '7'],
    ['AT', '20', '10'],
    ['FR', '20', '5.5'],
    ['IT', '22', '10'],
    ['ES', '21', '10'],
    ['NL', '21', '9'],
    ['BE', '21', '6'],
    ['PL', '23', '8'],
    ['SE', '25', '12'],
    ['DK', '25', '25'],
    ['HU', '27', '5'],
    ['IE', '23', '13.5'],
    ['LU', '17', '8'],
    ['FI', '25.5', '14'],
    ['EE', '24', '9'],
    ['SK', '23', '19'],
    ['RO', '21', '11'],
    ['CZ', '21', '12'],
    ['GR', '24', '13'],
  ])('%s: %s / %s', (code, standard, reduced) => {
    expect(euVatRates(code)).toEqual({ standard, reduced });
  });

  it('gives Greece the same rates under EL', () => {
    expect(euVatRates('EL')).toEqual(euVatRates('GR'));
  });

  it('matches the German rates of shared/tax.ts for DE', () => {
    expect(euVatRates('DE')).toEqual({ standard: GERMAN_VAT_RATES.standard, reduced: GERMAN_VAT_RATES.reduced });
  });

  it('has decimal-string rates, 15 % ≤ standard ≤ 27 % and 5 % ≤ reduced ≤ standard (Art. 97, 98 MwStSystRL)', () => {
    for (const code of EU_COUNTRIES) {
      const { standard, reduced } = euVatRates(code);
      expect(new Decimal(standard).toString()).toBe(standard);
      expect(new Decimal(reduced).toString()).toBe(reduced);
      expect(new Decimal(standard).gte(15) && new Decimal(standard).lte(27)).toBe(true);
      expect(new Decimal(reduced).gte(5) && new Decimal(reduced).lte(standard)).toBe(true);
    }
  });

  it('throws for a country outside the EU', () => {
    expect(() => euVatRates('CH')).toThrow(RangeError);
  });
});

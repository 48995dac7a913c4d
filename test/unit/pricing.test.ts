import { describe, it, expect } from '@jest/globals';
import { priceLines, toBase } from '../../shared/pricing.ts';
import type { LineRequest, ProductForPricing } from '../../shared/pricing.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { ExchangeRateSnapshot } from '../../shared/contracts/common.ts';
import type { TaxCategory } from '../../shared/tax.ts';
import { thrown } from '../helpers/thrown.ts';

function product(id: string, prices: Record<string, string>, taxCategory: TaxCategory = 'standard'): ProductForPricing {
  return { id, sku: id.toUpperCase(), name: `Produkt ${id}`, unit: 'Stk', prices, taxCategory };
}

function catalog(...products: ProductForPricing[]): Map<string, ProductForPricing> {
  return new Map(products.map((p) => [p.id, p]));
}

function req(productId: string, quantity: string, extra: Partial<LineRequest> = {}): LineRequest {
  return { productId, quantity, ...extra };
}

function rate(quote: string, value: string): ExchangeRateSnapshot {
  return { base: 'EUR', quote, rate: value, source: 'test', capturedAt: '2026-01-01T00:00:00.000Z' };
}

const products = catalog(
  product('chair', { EUR: '289.00', USD: '319.50', JPY: '45000' }),
  product('book', { EUR: '24.90' }, 'reduced'),
  product('course', { EUR: '100' }, 'exempt'),
  product('unpriced', {}),
);

describe('priceLines', () => {
  it('prices a line from the list price in the document currency', () => {
    const { lines, totals } = priceLines([req('chair', '2')], products, 'EUR');
    expect(lines).toEqual([
      { position: 1, productId: 'chair', sku: 'CHAIR', description: 'Produkt chair', quantity: '2', unit: 'Stk', unitPrice: '289', discountPercent: '0', vatRate: '19', net: '578.00' },
    ]);
    expect(totals).toMatchObject({ currency: 'EUR', net: '578.00', vat: '109.82', gross: '687.82' });
  });

  it.each([
    { currency: 'EUR', unitPrice: '289', net: '578.00' },
    { currency: 'USD', unitPrice: '319.5', net: '639.00' },
    { currency: 'JPY', unitPrice: '45000', net: '90000' },
  ])('takes the list price in $currency', ({ currency, unitPrice, net }) => {
    const { lines, totals } = priceLines([req('chair', '2')], products, currency);
    expect(lines[0]).toMatchObject({ unitPrice, net });
    expect(totals.currency).toBe(currency);
  });

  it.each<[string, string]>([
    ['chair', '19'],
    ['book', '7'],
    ['course', '0'],
  ])('the VAT rate of %s follows its tax category: %s %%', (id, vatRate) => {
    expect(priceLines([req(id, '1')], products, 'EUR').lines[0]!.vatRate).toBe(vatRate);
  });

  it('an explicit unit price wins over the list price, and needs no list price', () => {
    const { lines } = priceLines([req('chair', '1', { unitPrice: '250.00' }), req('unpriced', '3', { unitPrice: '0.125' })], products, 'EUR');
    expect(lines.map((l) => [l.unitPrice, l.net])).toEqual([
      ['250', '250.00'],
      ['0.125', '0.38'], // 0.375 half up
    ]);
  });

  it('applies the line discount and normalises the numbers', () => {
    const { lines } = priceLines([req('chair', '2.500', { discountPercent: '10.0' })], products, 'EUR');
    expect(lines[0]).toMatchObject({ quantity: '2.5', discountPercent: '10', net: '650.25' }); // 722.5 × 0.9
  });

  it('uses the given description instead of the product name', () => {
    expect(priceLines([req('book', '1', { description: 'Sonderedition' })], products, 'EUR').lines[0]!.description).toBe('Sonderedition');
  });

  it('numbers the positions from 1 and groups VAT per rate', () => {
    const { lines, totals } = priceLines([req('book', '3'), req('chair', '1'), req('course', '1'), req('book', '1')], products, 'EUR');
    expect(lines.map((l) => [l.position, l.productId, l.net])).toEqual([
      [1, 'book', '74.70'],
      [2, 'chair', '289.00'],
      [3, 'course', '100.00'],
      [4, 'book', '24.90'],
    ]);
    expect(totals.taxGroups).toEqual([
      { vatRate: '19', net: '289.00', vat: '54.91', gross: '343.91' },
      { vatRate: '7', net: '99.60', vat: '6.97', gross: '106.57' }, // 6.972
      { vatRate: '0', net: '100.00', vat: '0.00', gross: '100.00' },
    ]);
    expect(totals.lineNets).toEqual(lines.map((l) => l.net));
  });

  it.each([
    {
      name: 'an unknown product',
      requests: [req('chair', '1'), req('nope', '1')],
      currency: 'EUR',
      issues: [{ field: 'lines[1].productId', message: 'unknown product nope' }],
    },
    {
      name: 'no list price in the currency and no unit price',
      requests: [req('book', '1')],
      currency: 'USD',
      issues: [{ field: 'lines[0].unitPrice', message: 'product BOOK has no list price in USD; give unitPrice' }],
    },
    {
      name: 'a product without any price',
      requests: [req('chair', '1'), req('chair', '1'), req('unpriced', '1')],
      currency: 'EUR',
      issues: [{ field: 'lines[2].unitPrice', message: 'product UNPRICED has no list price in EUR; give unitPrice' }],
    },
    {
      name: 'every problem at once, in line order',
      requests: [req('ghost', '1'), req('chair', '1'), req('book', '1'), req('phantom', '2')],
      currency: 'JPY',
      issues: [
        { field: 'lines[0].productId', message: 'unknown product ghost' },
        { field: 'lines[2].unitPrice', message: 'product BOOK has no list price in JPY; give unitPrice' },
        { field: 'lines[3].productId', message: 'unknown product phantom' },
      ],
    },
  ])('refuses $name: 422 naming the field', ({ requests, currency, issues }) => {
    const err = thrown(() => priceLines(requests, products, currency)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.issues).toEqual(issues);
    expect(err.message).toBe(`invalid ${issues[0]!.field}: ${issues[0]!.message}`);
  });

  it('no lines: no totals', () => {
    expect(priceLines([], products, 'EUR')).toEqual({ lines: [], totals: { currency: 'EUR', lineNets: [], taxGroups: [], net: '0.00', vat: '0.00', gross: '0.00' } });
  });
});

describe('toBase: document currency to EUR with the captured rate (1 EUR = rate × currency)', () => {
  it.each([
    // amount, currency, rate, EUR
    ['100.00', 'EUR', '1', '100.00'],
    ['108.50', 'USD', '1.0850', '100.00'],
    ['1.00', 'USD', '1.0850', '0.92'], // 0.92165…
    ['16000', 'JPY', '160', '100.00'],
    ['1', 'JPY', '160', '0.01'], // 0.00625
    ['1', 'JPY', '250', '0.00'], // 0.004
    ['0.5', 'XYZ', '100', '0.01'], // 0.005 half up
    ['-108.50', 'USD', '1.0850', '-100.00'],
    ['0', 'USD', '1.0850', '0.00'],
    ['30.800', 'KWD', '0.3300', '93.33'], // 93.3333…
  ])('%s %s at rate %s → %s EUR', (amount, currency, value, expected) => {
    expect(toBase(amount, rate(currency, value))).toBe(expected);
  });
});

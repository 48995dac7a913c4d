import { describe, it, expect } from '@jest/globals';
import { baseTotals, toBase } from '../../shared/pricing.ts';
import type { ExchangeRateSnapshot } from '../../shared/contracts/common.ts';
import { computeTotals } from '../../shared/totals.ts';

function rate(quote: string, value: string): ExchangeRateSnapshot {
  return { base: 'EUR', quote, rate: value, source: 'test', capturedAt: '2026-01-01T00:00:00.000Z' };
}

describe('baseTotals: base amounts add up like the document amounts', () => {
  it('sums converted net and VAT instead of converting gross on its own', () => {
    const totals = computeTotals([{ quantity: '3', unitPrice: '333.33', discountPercent: '0', vatRate: '19' }], 'USD');
    expect(totals).toMatchObject({ net: '999.99', vat: '190.00', gross: '1189.99' });
    // 1189.99 / 1.085 would be 1096.76; net 921.65 + VAT 175.12 = 1096.77.
    expect(baseTotals(totals, rate('USD', '1.0850'))).toEqual({ net: '921.65', vat: '175.12', gross: '1096.77' });
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

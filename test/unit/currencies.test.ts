import { describe, it, expect } from '@jest/globals';
import { BASE_CURRENCY, CURRENCY_MINOR_UNITS, isCurrency, minorUnits } from '../../shared/currencies.ts';

describe('isCurrency', () => {
  it.each([
    ['EUR', true],
    ['USD', true],
    ['JPY', true],
    ['KWD', true],
    ['CHF', true],
    ['XXY', false],
    ['eur', false],
    ['EU', false],
    ['EURO', false],
    ['', false],
    [' EUR', false],
    // inherited object keys are not currencies
    ['toString', false],
    ['constructor', false],
    ['__proto__', false],
    ['hasOwnProperty', false],
  ])('isCurrency(%j) = %s', (code, expected) => {
    expect(isCurrency(code)).toBe(expected);
  });
});

describe('minorUnits', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['OMR', 3],
    ['TND', 3],
  ])('minorUnits(%s) = %i', (currency, digits) => {
    expect(minorUnits(currency)).toBe(digits);
  });

  it.each(['XXY', 'eur', '', 'EURO'])('throws for unknown currency %j', (code) => {
    expect(() => minorUnits(code)).toThrow(`unknown currency ${code}`);
  });

  // Known defect (see the report): minorUnits reads the table with a plain
  // index, so inherited Object.prototype keys are found; isCurrency (which
  // uses Object.hasOwn) says no, minorUnits returns a function instead of throwing.
  it.each(['toString', '__proto__', 'constructor'])('throws for inherited object key %j like for any unknown currency', (code) => {
    expect(() => minorUnits(code)).toThrow(`unknown currency ${code}`);
  });

  it('every listed currency is a three-letter upper-case code with 0, 2 or 3 digits', () => {
    for (const [code, digits] of Object.entries(CURRENCY_MINOR_UNITS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3]).toContain(digits);
      expect(isCurrency(code)).toBe(true);
    }
  });

  it('the base currency is EUR and is known', () => {
    expect(BASE_CURRENCY).toBe('EUR');
    expect(isCurrency(BASE_CURRENCY)).toBe(true);
  });
});

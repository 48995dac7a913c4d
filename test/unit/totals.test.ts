import { describe, it, expect } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { computeTotals, lineNet, totalsOfNets } from '../../shared/totals.ts';
import type { PricedLineInput } from '../../shared/totals.ts';
import { roundMoney } from '../../shared/money.ts';
import { DEFAULT_LINES } from '../fixtures/documents.ts';

function line(quantity: string, unitPrice: string, vatRate = '19', discountPercent = '0'): PricedLineInput {
  return { quantity, unitPrice, discountPercent, vatRate };
}

/** What per-line VAT rounding would give (the method the code must NOT use). */
function perLineVat(lines: PricedLineInput[], currency: string): string {
  return lines.reduce((acc, l) => acc.plus(roundMoney(lineNet(l, currency).times(l.vatRate).div(100), currency)), new Decimal(0)).toFixed(2);
}

describe('lineNet: quantity × unit price less discount, rounded to the currency', () => {
  it.each([
    // quantity, unitPrice, discount, currency, expected
    ['2', '289.00', '0', 'EUR', '578'],
    ['1', '749.00', '10', 'EUR', '674.1'],
    ['2.5', '68.00', '0', 'EUR', '170'],
    ['3', '24.90', '0', 'EUR', '74.7'],
    ['1', '0.125', '0', 'EUR', '0.13'], // half up
    ['1', '0.124', '0', 'EUR', '0.12'],
    ['3', '0.333', '0', 'EUR', '1'],
    ['1', '10', '33.33', 'EUR', '6.67'], // 6.667
    ['1', '10', '100', 'EUR', '0'],
    ['7', '1.5', '50', 'EUR', '5.25'],
    ['0.5', '0.01', '0', 'EUR', '0.01'], // 0.005 → 0.01
    ['3', '333.5', '0', 'JPY', '1001'], // 1000.5 → 1001
    ['1', '99.4', '0', 'JPY', '99'],
    ['1', '1.2345', '0', 'KWD', '1.235'],
    ['2', '1.2345', '10', 'KWD', '2.222'], // 2.2221
  ])('%s × %s less %s %% in %s = %s', (quantity, unitPrice, discount, currency, expected) => {
    expect(lineNet(line(quantity, unitPrice, '19', discount), currency).toFixed()).toBe(expected);
  });
});

describe('computeTotals: VAT once per rate group on the group net', () => {
  it('the default sale: 19 % and 7 % groups', () => {
    const t = computeTotals([...DEFAULT_LINES], 'EUR');
    expect(t).toEqual({
      currency: 'EUR',
      lineNets: ['578.00', '674.10', '170.00', '74.70', '46.00'],
      taxGroups: [
        { vatRate: '19', net: '1422.10', vat: '270.20', gross: '1692.30' }, // 270.199
        { vatRate: '7', net: '120.70', vat: '8.45', gross: '129.15' }, // 8.449
      ],
      net: '1542.80',
      vat: '278.65',
      gross: '1821.45',
    });
  });

  it.each([
    // lines, group VAT, what per-line rounding would give
    { name: 'three lines of 0.03 at 19 %', lines: [line('1', '0.03'), line('1', '0.03'), line('1', '0.03')], vat: '0.02', perLine: '0.03' },
    { name: 'three lines of 0.02 at 19 %', lines: [line('1', '0.02'), line('1', '0.02'), line('1', '0.02')], vat: '0.01', perLine: '0.00' },
    { name: 'two lines of 0.07 at 7 %', lines: [line('1', '0.07', '7'), line('1', '0.07', '7')], vat: '0.01', perLine: '0.00' },
    // the brief's example: here both methods happen to agree (0.0285 → 0.03 vs 3 × 0.0095 → 0.03)
    { name: 'three lines of 0.05 at 19 %', lines: [line('1', '0.05'), line('1', '0.05'), line('1', '0.05')], vat: '0.03', perLine: '0.03' },
  ])('$name: VAT $vat on the group net (per line would be $perLine)', ({ lines, vat, perLine }) => {
    const t = computeTotals(lines, 'EUR');
    expect(t.taxGroups).toHaveLength(1);
    expect(t.taxGroups[0]!.vat).toBe(vat);
    expect(t.vat).toBe(vat);
    expect(perLineVat(lines, 'EUR')).toBe(perLine);
    expect(new Decimal(t.gross).eq(new Decimal(t.net).plus(vat))).toBe(true);
  });

  it('mixed 19 %, 7 % and 0 %: one group each, highest rate first whatever the line order', () => {
    const lines = [line('1', '10.00', '0'), line('2', '5.00', '7'), line('1', '100.00', '19'), line('3', '1.00', '7'), line('1', '0.01', '19')];
    const t = computeTotals(lines, 'EUR');
    expect(t.lineNets).toEqual(['10.00', '10.00', '100.00', '3.00', '0.01']);
    expect(t.taxGroups).toEqual([
      { vatRate: '19', net: '100.01', vat: '19.00', gross: '119.01' }, // 19.0019
      { vatRate: '7', net: '13.00', vat: '0.91', gross: '13.91' },
      { vatRate: '0', net: '10.00', vat: '0.00', gross: '10.00' },
    ]);
    expect(t.net).toBe('123.01');
    expect(t.vat).toBe('19.91');
    expect(t.gross).toBe('142.92');
  });

  it('orders groups by rate numerically, not as strings', () => {
    const t = computeTotals([line('1', '1', '7'), line('1', '1', '19'), line('1', '1', '5.5'), line('1', '1', '10.7')], 'EUR');
    expect(t.taxGroups.map((g) => g.vatRate)).toEqual(['19', '10.7', '7', '5.5']);
  });

  it('groups equal rates written differently ("19" and "19.00")', () => {
    const t = computeTotals([line('1', '0.03', '19'), line('1', '0.03', '19.00'), line('1', '0.03', '19.0')], 'EUR');
    expect(t.taxGroups).toEqual([{ vatRate: '19', net: '0.09', vat: '0.02', gross: '0.11' }]);
  });

  it('a 0 % group only carries net', () => {
    const t = computeTotals([line('2', '12.345', '0')], 'EUR');
    expect(t.taxGroups).toEqual([{ vatRate: '0', net: '24.69', vat: '0.00', gross: '24.69' }]);
    expect(t.gross).toBe('24.69');
  });

  it('line discounts reduce the group net before VAT', () => {
    const t = computeTotals([line('1', '100', '19', '10'), line('1', '100', '19', '0')], 'EUR');
    expect(t.taxGroups).toEqual([{ vatRate: '19', net: '190.00', vat: '36.10', gross: '226.10' }]);
  });

  it('empty document: zero totals, no groups', () => {
    expect(computeTotals([], 'EUR')).toEqual({ currency: 'EUR', lineNets: [], taxGroups: [], net: '0.00', vat: '0.00', gross: '0.00' });
  });

  it.each([
    {
      currency: 'JPY',
      lines: [line('3', '333.5'), line('1', '1000', '10')],
      nets: ['1001', '1000'],
      groups: [
        { vatRate: '19', net: '1001', vat: '190', gross: '1191' },
        { vatRate: '10', net: '1000', vat: '100', gross: '1100' },
      ],
      gross: '2291',
    },
    {
      currency: 'KWD',
      lines: [line('1', '1.2345'), line('2', '0.5005', '7')],
      nets: ['1.235', '1.001'],
      groups: [
        { vatRate: '19', net: '1.235', vat: '0.235', gross: '1.470' },
        { vatRate: '7', net: '1.001', vat: '0.070', gross: '1.071' },
      ],
      gross: '2.541',
    },
  ])('rounds to the minor units of $currency', ({ currency, lines, nets, groups, gross }) => {
    const t = computeTotals(lines, currency);
    expect(t.currency).toBe(currency);
    expect(t.lineNets).toEqual(nets);
    expect(t.taxGroups).toEqual(groups);
    expect(t.gross).toBe(gross);
  });

  it('net, VAT and gross are the sums of the groups', () => {
    const t = computeTotals([...DEFAULT_LINES, line('4', '3.33', '0'), line('1', '0.99', '7', '5')], 'EUR');
    const add = (k: 'net' | 'vat' | 'gross') => t.taxGroups.reduce((a, g) => a.plus(g[k]), new Decimal(0)).toFixed(2);
    expect(t.net).toBe(add('net'));
    expect(t.vat).toBe(add('vat'));
    expect(t.gross).toBe(add('gross'));
    expect(t.net).toBe(t.lineNets.reduce((a, n) => a.plus(n), new Decimal(0)).toFixed(2));
  });
});

describe('totalsOfNets: totals of lines whose nets are final', () => {
  it('takes the nets as given and groups VAT per rate', () => {
    const t = totalsOfNets(
      [
        { net: '0.03', vatRate: '19' },
        { net: '0.03', vatRate: '19' },
        { net: '0.03', vatRate: '19' },
        { net: '10', vatRate: '7' },
      ],
      'EUR',
    );
    expect(t).toEqual({
      currency: 'EUR',
      lineNets: ['0.03', '0.03', '0.03', '10.00'],
      taxGroups: [
        { vatRate: '19', net: '0.09', vat: '0.02', gross: '0.11' },
        { vatRate: '7', net: '10.00', vat: '0.70', gross: '10.70' },
      ],
      net: '10.09',
      vat: '0.72',
      gross: '10.81',
    });
  });

  it('agrees with computeTotals on the lines computeTotals would net', () => {
    const lines = [...DEFAULT_LINES];
    expect(
      totalsOfNets(
        lines.map((l) => ({ net: lineNet(l, 'EUR'), vatRate: l.vatRate })),
        'EUR',
      ),
    ).toEqual(computeTotals(lines, 'EUR'));
  });

  it('accepts Decimal nets and negative (credit) nets', () => {
    const t = totalsOfNets(
      [
        { net: new Decimal('100'), vatRate: '19' },
        { net: '-40', vatRate: '19' },
      ],
      'EUR',
    );
    expect(t.taxGroups).toEqual([{ vatRate: '19', net: '60.00', vat: '11.40', gross: '71.40' }]);
  });
});

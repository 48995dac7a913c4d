import { describe, it, expect } from '@jest/globals';
import { formatDocumentNumber, parseDocumentNumber } from '../../shared/numbering.ts';
import type { SeriesPrefix } from '../../shared/numbering.ts';

const PREFIXES: SeriesPrefix[] = ['AN', 'AB', 'LS', 'RE', 'RT'];

describe('formatDocumentNumber', () => {
  it.each<[SeriesPrefix, number, number, string]>([
    ['AN', 2026, 1, 'AN-2026-00001'],
    ['AB', 2026, 42, 'AB-2026-00042'],
    ['LS', 2025, 999, 'LS-2025-00999'],
    ['RE', 2026, 12345, 'RE-2026-12345'],
    ['RE', 2026, 99999, 'RE-2026-99999'],
    ['RE', 2026, 100000, 'RE-2026-100000'],
    ['AB', 2030, 1234567, 'AB-2030-1234567'],
  ])('%s %i #%i → %s', (prefix, year, sequence, expected) => {
    expect(formatDocumentNumber(prefix, year, sequence)).toBe(expected);
  });

  it.each([0, -1, -42, 1.5, 0.999, Number.NaN, Number.POSITIVE_INFINITY])('refuses sequence %p', (sequence) => {
    expect(() => formatDocumentNumber('RE', 2026, sequence)).toThrow(`invalid sequence ${sequence}`);
  });
});

describe('parseDocumentNumber', () => {
  it.each([
    ['AN-2026-00001', { prefix: 'AN', year: 2026, sequence: 1 }],
    ['AB-2025-00023', { prefix: 'AB', year: 2025, sequence: 23 }],
    ['LS-2025-00031', { prefix: 'LS', year: 2025, sequence: 31 }],
    ['RE-2026-99999', { prefix: 'RE', year: 2026, sequence: 99999 }],
    ['RE-2026-100000', { prefix: 'RE', year: 2026, sequence: 100000 }],
    ['RE-2026-000042', { prefix: 'RE', year: 2026, sequence: 42 }],
  ])('%s', (value, expected) => {
    expect(parseDocumentNumber(value)).toEqual(expected);
  });

  it.each([
    'XX-2026-00001', // unknown series
    're-2026-00001', // lower case
    'RE-26-00001', // two-digit year
    'RE-20266-00001', // five-digit year
    'RE-2026-0001', // fewer than five digits
    'RE-2026-', //
    'RE2026-00001',
    'RE-2026-00001 ',
    ' RE-2026-00001',
    'RE-2026-00001\n',
    'RE-2026-0000a',
    'RE-2026-00001-1',
    '',
  ])('rejects %j', (value) => {
    expect(parseDocumentNumber(value)).toBeNull();
  });

  it('round-trips every series, at and beyond the five-digit padding', () => {
    for (const prefix of PREFIXES) {
      for (const sequence of [1, 9, 10, 99, 100, 9999, 10000, 99998, 99999, 100000, 100001, 2_000_000]) {
        const formatted = formatDocumentNumber(prefix, 2026, sequence);
        expect(parseDocumentNumber(formatted)).toEqual({ prefix, year: 2026, sequence });
      }
    }
  });

  it('numbers of one series sort by sequence as strings while below 100000', () => {
    const a = formatDocumentNumber('RE', 2026, 9);
    const b = formatDocumentNumber('RE', 2026, 10);
    const c = formatDocumentNumber('RE', 2026, 99999);
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });
});

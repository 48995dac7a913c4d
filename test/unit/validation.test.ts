import { describe, it, expect } from '@jest/globals';
import { z } from 'zod';
import {
  baseAmount,
  currencyCode,
  decimalString,
  documentNumber,
  exchangeRateValue,
  idempotencyKey,
  nonNegativeDecimal,
  percent,
  positiveAmount,
  positiveDecimal,
  quantity,
  text,
  unitPrice,
  zodIssues,
} from '../../shared/validation.ts';
import { moneyScaleProblem } from '../../shared/money.ts';

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

/** The single message a schema gives for a refused value. */
function refusal(schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return r.error.issues.map((i) => i.message).join('; ');
}

describe('decimalString', () => {
  it.each(['0', '12', '12.5', '12.50', '-3.25', '0.001', '007', '123456789012345678901234567890.123456789'])('accepts %j', (v) => {
    expect(accepts(decimalString, v)).toBe(true);
  });

  it.each(['1e5', '1E5', '.5', '5.', '1,5', '', ' 1', '1 ', '+1', '--1', 'NaN', 'Infinity', '0x10', '1.2.3', '１２'])('refuses the string %j', (v) => {
    expect(refusal(decimalString, v)).toBe('must be a decimal number as a string, e.g. "12.50"');
  });

  it.each([12.5, 0, 100000, null, undefined, true, { amount: '1' }, ['1']])('refuses the non-string %p (no JSON numbers for money)', (v) => {
    expect(accepts(decimalString, v)).toBe(false);
  });
});

describe('positiveDecimal', () => {
  it.each(['1', '0.01', '12.50', '0.0001', '100'])('accepts %j', (v) => {
    expect(accepts(positiveDecimal, v)).toBe(true);
  });
  it.each(['0', '0.00', '00', '-0', '-1', '-0.5'])('refuses %j: must be greater than zero', (v) => {
    expect(refusal(positiveDecimal, v)).toBe('must be greater than zero');
  });
  it.each([1, '1e5', 'abc'])('refuses the non-decimal %p', (v) => {
    expect(accepts(positiveDecimal, v)).toBe(false);
  });
});

describe('nonNegativeDecimal', () => {
  it.each(['0', '0.00', '5', '12.5'])('accepts %j', (v) => {
    expect(accepts(nonNegativeDecimal, v)).toBe(true);
  });
  it.each(['-0.01', '-1', '-0'])('refuses %j', (v) => {
    expect(refusal(nonNegativeDecimal, v)).toBe('must not be negative');
  });
});

describe('percent', () => {
  it.each(['0', '0.5', '19', '99.99', '100', '100.00', '100.000'])('accepts %j', (v) => {
    expect(accepts(percent, v)).toBe(true);
  });
  it.each(['100.01', '101', '1000', '100.0000001'])('refuses %j: above 100', (v) => {
    expect(refusal(percent, v)).toBe('must be between 0 and 100');
  });
  it.each(['-1', '-0.01'])('refuses %j: negative', (v) => {
    expect(refusal(percent, v)).toBe('must not be negative');
  });
  it.each([50, '1e2', null])('refuses the non-decimal %p', (v) => {
    expect(accepts(percent, v)).toBe(false);
  });

  // Known defect (see the report): zod runs the refinements even after the
  // regex failed, and percent's refinement calls new Decimal(v), which throws
  // a DecimalError for a non-number string: safeParse throws instead of
  // answering an issue, so the gateway answers 500 instead of 422.
  it.each(['50%', 'abc', '', '1,5'])('refuses %j with an issue instead of throwing', (v) => {
    expect(() => percent.safeParse(v)).not.toThrow();
  });
});

describe('currencyCode', () => {
  it.each(['EUR', 'USD', 'JPY', 'KWD', 'CHF'])('accepts %j', (v) => {
    expect(accepts(currencyCode, v)).toBe(true);
  });
  it.each(['XXY', 'eur', 'EU', 'EURO', '', 'toString', '__proto__'])('refuses %j', (v) => {
    expect(refusal(currencyCode, v)).toBe('unknown ISO 4217 currency code');
  });
  it('refuses a non-string', () => {
    expect(accepts(currencyCode, 978)).toBe(false);
  });
});

describe('documentNumber and idempotencyKey', () => {
  it.each(['AN-2026-00001', 'AB-2025-00023', 'LS-2025-00031', 'RE-2026-123456'])('document number %j is accepted', (v) => {
    expect(accepts(documentNumber, v)).toBe(true);
  });
  it.each(['RE-2026-0001', 'XX-2026-00001', 're-2026-00001', 'RE-26-00001', 'RE-2026-00001x'])('document number %j is refused', (v) => {
    expect(refusal(documentNumber, v)).toBe('must be a document number like RE-2026-00001');
  });
  it.each([
    ['', false],
    ['k', true],
    ['x'.repeat(200), true],
    ['x'.repeat(201), false],
  ])('idempotency key of length %#: %s', (v, ok) => {
    expect(accepts(idempotencyKey, v)).toBe(ok);
  });
});

describe('zodIssues: field paths', () => {
  const schema = z.object({
    currency: currencyCode,
    customer: z.object({ name: z.string().min(1), address: z.object({ city: z.string() }) }),
    lines: z.array(z.object({ productId: z.string(), quantity: positiveDecimal, discountPercent: percent.optional() })),
  });
  const valid = {
    currency: 'EUR',
    customer: { name: 'Müller', address: { city: 'München' } },
    lines: [
      { productId: 'a', quantity: '1' },
      { productId: 'b', quantity: '2' },
      { productId: 'c', quantity: '3' },
    ],
  };
  const issuesOf = (s: z.ZodType, value: unknown) => {
    const r = s.safeParse(value);
    if (r.success) throw new Error('expected a refusal');
    return zodIssues(r.error);
  };

  it('the valid body has no issues', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it.each([
    { name: 'a line quantity', body: { ...valid, lines: [valid.lines[0], valid.lines[1], { productId: 'c', quantity: '0' }] }, fields: ['lines[2].quantity'] },
    { name: 'a JSON number as quantity', body: { ...valid, lines: [{ productId: 'a', quantity: 1 }] }, fields: ['lines[0].quantity'] },
    {
      name: 'a discount above 100',
      body: { ...valid, lines: [{ productId: 'a', quantity: '1', discountPercent: '100.01' }] },
      fields: ['lines[0].discountPercent'],
    },
    { name: 'a nested object', body: { ...valid, customer: { name: '', address: { city: 1 } } }, fields: ['customer.name', 'customer.address.city'] },
    { name: 'a top-level field', body: { ...valid, currency: 'XXY' }, fields: ['currency'] },
    {
      name: 'several at once',
      body: { ...valid, currency: 'XXY', lines: [{ productId: 7, quantity: '-1' }] },
      fields: ['currency', 'lines[0].productId', 'lines[0].quantity'],
    },
    { name: 'a missing array', body: { currency: 'EUR', customer: valid.customer }, fields: ['lines'] },
  ])('$name', ({ body, fields }) => {
    expect(issuesOf(schema, body).map((i) => i.field)).toEqual(fields);
  });

  it('a value that is not a decimal at all gets one issue, not a second one from the refinements', () => {
    expect(issuesOf(schema, { ...valid, lines: [{ productId: 'a', quantity: 'x' }] })).toEqual([
      { field: 'lines[0].quantity', message: 'must be a decimal number as a string, e.g. "12.50"' },
    ]);
  });

  it('keeps the message of each issue', () => {
    expect(issuesOf(schema, { ...valid, lines: [{ productId: 'a', quantity: '0' }] })).toEqual([
      { field: 'lines[0].quantity', message: 'must be greater than zero' },
    ]);
  });

  it('a problem with the body itself is named (body)', () => {
    expect(issuesOf(schema, 'not an object').map((i) => i.field)).toEqual(['(body)']);
  });

  it('an array at the top level starts with the index', () => {
    expect(issuesOf(z.array(z.object({ quantity: decimalString })), [{ quantity: '1' }, { quantity: 'x' }]).map((i) => i.field)).toEqual(['[1].quantity']);
  });

  it('nested arrays', () => {
    expect(issuesOf(z.object({ grid: z.array(z.array(decimalString)) }), { grid: [['1'], ['2', 3]] }).map((i) => i.field)).toEqual(['grid[1][1]']);
  });
});

describe('text (every free-text field)', () => {
  const name = text(20);
  const note = text(50, { min: 0, multiline: true });
  it.each(['Krause GmbH', 'Straße 1', 'Ärzte & Söhne', '🚀 Rakete', 'x'.repeat(20)])('accepts %j', (v) => {
    expect(accepts(name, v)).toBe(true);
  });
  it.each([
    ['NUL', 'Kra\u0000use', 'must not contain control characters (NUL, line breaks, …)'],
    ['a line break', 'Krause\nGmbH', 'must not contain control characters (NUL, line breaks, …)'],
    ['ESC', '\u001b[31m', 'must not contain control characters (NUL, line breaks, …)'],
    ['DEL', 'a\u007f', 'must not contain control characters (NUL, line breaks, …)'],
    ['a lone high surrogate', 'a\ud800', 'must be valid Unicode text (no lone surrogate)'],
    ['a lone low surrogate', '\udc00b', 'must be valid Unicode text (no lone surrogate)'],
    ['nothing', '', 'must not be empty'],
    ['21 characters', 'x'.repeat(21), 'must be at most 20 characters'],
  ])('refuses %s', (_what, v, message) => {
    expect(refusal(name, v)).toBe(message);
  });
  it('lets multiline text keep tab and line breaks, but not NUL', () => {
    expect(accepts(note, 'Zeile 1\r\nZeile 2\tEnde')).toBe(true);
    expect(accepts(note, '')).toBe(true);
    expect(refusal(note, 'a\u0000')).toBe('must not contain control characters other than tab and line breaks');
  });
});

describe('bounded decimals (quantities, prices, amounts)', () => {
  it.each(['1', '0.0001', '99999999999999.9999', '00012.5000', '12.50000000'])('a quantity accepts %j', (v) => {
    expect(accepts(quantity, v)).toBe(true);
  });
  it.each([
    ['0.00001', 'must have at most 4 decimal places'],
    ['100000000000000', 'must have at most 14 digits before the decimal point'],
    ['1'.repeat(40), 'must have at most 14 digits before the decimal point'],
    ['0', 'must be greater than zero'],
  ])('a quantity refuses %j', (v, message) => {
    expect(refusal(quantity, v)).toBe(message);
  });
  it('refuses a string longer than 40 characters before reading it as a number', () => {
    expect(refusal(quantity, `1.${'3'.repeat(20_000)}`)).toBe('must be at most 40 characters');
    expect(refusal(unitPrice, '9'.repeat(400))).toBe('must be at most 40 characters');
  });
  it('keeps a percent within 0–100 with 4 decimals and a base amount to cents', () => {
    expect(refusal(percent, '12.34567')).toBe('must have at most 4 decimal places');
    expect(refusal(baseAmount, '1000.001')).toBe('must have at most 2 decimal places');
    expect(accepts(exchangeRateValue, '0.0000012345')).toBe(true);
    expect(accepts(positiveAmount, '0.001')).toBe(true);
  });
  it('says when an amount has more decimals than its currency', () => {
    expect(moneyScaleProblem('100.5', 'JPY')).toBe('JPY amounts are whole numbers');
    expect(moneyScaleProblem('0.001', 'EUR')).toBe('EUR amounts have at most 2 decimal places');
    expect(moneyScaleProblem('1.234', 'KWD')).toBeNull();
    expect(moneyScaleProblem('12.50000', 'EUR')).toBeNull();
  });
});

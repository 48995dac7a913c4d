import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { isCurrency } from './currencies.ts';
import type { FieldIssue } from './errors.ts';

/** Turns zod issues into field paths like `lines[2].quantity`. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    field: i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(body)',
    message: i.message,
  }));
}

// ------------------------------------------------------------------ free text

// NUL cannot be stored by PostgreSQL (text or jsonb), lone surrogates are not valid UTF-8, and other
// control characters have no place in names, addresses or references; multiline text keeps tab and newlines.
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem of a free-text value, or null: lone surrogates and control characters are refused. */
export function textProblem(value: string, multiline = false): string | null {
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (no lone surrogate)';
  if ((multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE).test(value)) {
    return multiline ? 'must not contain control characters other than tab and line breaks' : 'must not contain control characters (NUL, line breaks, …)';
  }
  return null;
}

/**
 * Free text of at most `max` characters (UTF-16 code units): no NUL, no lone surrogates and no control
 * characters; `multiline` text may contain tab, CR and LF. Every free-text field of the API is built from this.
 */
export function text(max: number, opts: { min?: number; multiline?: boolean; description?: string } = {}) {
  const min = opts.min ?? 1;
  const rule = `${min > 0 ? `${min}–` : 'at most '}${max} characters, ${opts.multiline ? 'line breaks allowed, no other control characters' : 'one line, no control characters'}`;
  return z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, opts.multiline);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(opts.description ? `${opts.description} (${rule})` : rule);
}

/** An id or key of the system (customer or product id, SKU, coupon code): one line of text, at most 100 characters. */
export const identifier = text(100);

// ------------------------------------------------------------------ decimals

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Longest decimal string read at all; longer input is refused before anything parses it. */
export const MAX_DECIMAL_LENGTH = 40;

/** True for a decimal string short enough to read; refinements that parse a field check this first (zod runs them after the field failed too). */
export function isReadableDecimal(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_DECIMAL_LENGTH && DECIMAL.test(v);
}

/** A decimal given as a string ("12.5"); JSON numbers are refused so no float ever carries money. Format only, no limits. */
export const decimalString = z.string().regex(DECIMAL, 'must be a decimal number as a string, e.g. "12.50"');

export interface DecimalRule {
  /** Digits before the decimal point (leading zeros not counted). */
  integerDigits: number;
  /** Digits after the decimal point (trailing zeros not counted). */
  scale: number;
  sign: 'positive' | 'nonNegative' | 'any';
  /** Inclusive upper bound, e.g. 100 for a percent. */
  max?: string;
  description: string;
}

/** The first rule a well-formed decimal string breaks, or null. */
export function decimalProblem(v: string, rule: DecimalRule): string | null {
  const d = new Decimal(v);
  if (rule.sign === 'positive' && (v.startsWith('-') || d.isZero())) return 'must be greater than zero';
  if (rule.sign === 'nonNegative' && v.startsWith('-')) return 'must not be negative';
  if (rule.max !== undefined && d.gt(rule.max)) return `must be between 0 and ${rule.max}`;
  if (d.decimalPlaces() > rule.scale) return rule.scale === 0 ? 'must be a whole number' : `must have at most ${rule.scale} decimal places`;
  if (d.abs().trunc().toFixed().replace(/^0$/, '').length > rule.integerDigits)
    return `must have at most ${rule.integerDigits} digits before the decimal point`;
  return null;
}

/**
 * A decimal string within the limits of its column: at most MAX_DECIMAL_LENGTH characters (checked
 * first, so a 20,000-digit string is never parsed), then sign, upper bound, scale and integer digits.
 */
export function boundedDecimal(rule: DecimalRule) {
  const limits = `at most ${rule.integerDigits} digits before and ${rule.scale} after the decimal point, ${MAX_DECIMAL_LENGTH} characters in all`;
  return z
    .string()
    .max(MAX_DECIMAL_LENGTH, `must be at most ${MAX_DECIMAL_LENGTH} characters`)
    .regex(DECIMAL, 'must be a decimal number as a string, e.g. "12.50"')
    .superRefine((v, ctx) => {
      if (!isReadableDecimal(v)) return;
      const problem = decimalProblem(v, rule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(`${rule.description}: a decimal string, ${limits}`);
}

/**
 * Limits that fit the numeric(18,4) columns: 14 digits before and 4 after the decimal point.
 * Money amounts are further limited to their currency's minor unit where the currency is known.
 */
export const AMOUNT_INTEGER_DIGITS = 14;
export const AMOUNT_SCALE = 4;

/** A quantity (> 0): at most 14 digits before and 4 after the decimal point. */
export const quantity = boundedDecimal({ integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE, sign: 'positive', description: 'Quantity (> 0)' });
/** A unit price (≥ 0, may have more digits than the currency, e.g. 0.0125 EUR per piece): 14 + 4 digits. */
export const unitPrice = boundedDecimal({ integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE, sign: 'nonNegative', description: 'Unit price (≥ 0)' });
/** A list price (> 0). */
export const listPrice = boundedDecimal({ integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE, sign: 'positive', description: 'Unit price (> 0)' });
/** A money amount (> 0) before its currency is known; see moneyScaleProblem for the currency's minor unit. */
export const positiveAmount = boundedDecimal({
  integerDigits: AMOUNT_INTEGER_DIGITS,
  scale: AMOUNT_SCALE,
  sign: 'positive',
  description: "Amount (> 0) with at most the currency's minor digits (EUR 2, JPY 0, KWD 3)",
});
/** A money amount (≥ 0) before its currency is known. */
export const nonNegativeAmount = boundedDecimal({
  integerDigits: AMOUNT_INTEGER_DIGITS,
  scale: AMOUNT_SCALE,
  sign: 'nonNegative',
  description: "Amount (≥ 0) with at most the currency's minor digits (EUR 2, JPY 0, KWD 3)",
});
/** An amount in the base currency EUR (≥ 0), e.g. a credit limit: cents at most. */
export const baseAmount = boundedDecimal({ integerDigits: AMOUNT_INTEGER_DIGITS, scale: 2, sign: 'nonNegative', description: 'Amount in EUR (≥ 0)' });
/** An exchange rate (1 EUR = rate × currency): at most 10 digits before and 10 after the decimal point. */
export const exchangeRateValue = boundedDecimal({
  integerDigits: 10,
  scale: 10,
  sign: 'positive',
  description: 'Exchange rate, 1 EUR = rate × currency (> 0)',
});

// Kept for the places that only need sign and column limits.
export const positiveDecimal = boundedDecimal({ integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE, sign: 'positive', description: 'Decimal (> 0)' });
export const nonNegativeDecimal = boundedDecimal({
  integerDigits: AMOUNT_INTEGER_DIGITS,
  scale: AMOUNT_SCALE,
  sign: 'nonNegative',
  description: 'Decimal (≥ 0)',
});
/** A percent between 0 and 100 with at most 4 decimal places. */
export const percent = boundedDecimal({ integerDigits: 3, scale: AMOUNT_SCALE, sign: 'nonNegative', max: '100', description: 'Percent, 0 to 100' });

export const currencyCode = z.string().refine(isCurrency, 'unknown ISO 4217 currency code');
export const idempotencyKey = text(200);
export const documentNumber = z.string().regex(/^(AN|AB|LS|RE|RT|MA|ST|RK)-\d{4}-\d{5,20}$/, 'must be a document number like RE-2026-00001');

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

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal given as a string ("12.5"); JSON numbers are refused so no float ever carries money. */
export const decimalString = z.string().regex(DECIMAL, 'must be a decimal number as a string, e.g. "12.50"');

// The refinements skip what the regex already refused: zod runs them anyway, and Decimal would throw.
export const positiveDecimal = decimalString.refine((v) => !DECIMAL.test(v) || (!v.startsWith('-') && /[1-9]/.test(v)), 'must be greater than zero');
export const nonNegativeDecimal = decimalString.refine((v) => !DECIMAL.test(v) || !v.startsWith('-'), 'must not be negative');
export const percent = nonNegativeDecimal.refine((v) => !DECIMAL.test(v) || new Decimal(v).lte(100), 'must be between 0 and 100');
export const currencyCode = z.string().refine(isCurrency, 'unknown ISO 4217 currency code');
export const idempotencyKey = z.string().min(1).max(200);
export const documentNumber = z.string().regex(/^(AN|AB|LS|RE)-\d{4}-\d{5,}$/, 'must be a document number like RE-2026-00001');

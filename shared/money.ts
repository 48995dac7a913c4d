import { Decimal } from 'decimal.js';
import { minorUnits } from './currencies.ts';

/** Commercial rounding (half away from zero), the German default for invoices. */
export const ROUND_COMMERCIAL = Decimal.ROUND_HALF_UP;

export { Decimal };

/** Money as it travels on the wire and is stored: an exact decimal string and its currency. */
export interface MoneyJson {
  amount: string;
  currency: string;
}

export function dec(value: Decimal.Value): Decimal {
  return new Decimal(value);
}

/** Rounds an amount to the minor unit of its currency. */
export function roundMoney(amount: Decimal.Value, currency: string): Decimal {
  return new Decimal(amount).toDecimalPlaces(minorUnits(currency), ROUND_COMMERCIAL);
}

/** Formats an already rounded amount with exactly the currency's digits, e.g. "12.50". */
export function toAmountString(amount: Decimal.Value, currency: string): string {
  return roundMoney(amount, currency).toFixed(minorUnits(currency));
}

export function money(amount: Decimal.Value, currency: string): MoneyJson {
  return { amount: toAmountString(amount, currency), currency };
}

export function sum(values: Decimal.Value[]): Decimal {
  return values.reduce<Decimal>((acc, v) => acc.plus(v), new Decimal(0));
}

/**
 * Splits a total into parts proportional to weights so that the parts add up
 * exactly to the total (largest remainder method on the currency's minor unit).
 */
export function allocate(total: Decimal.Value, weights: Decimal.Value[], currency: string): Decimal[] {
  const digits = minorUnits(currency);
  const unit = new Decimal(10).pow(-digits);
  const totalDec = roundMoney(total, currency);
  const weightSum = sum(weights);
  if (weights.length === 0) return [];
  if (weightSum.isZero()) throw new Error('allocate: weights sum to zero');
  const exact = weights.map((w) => totalDec.times(w).div(weightSum));
  const floors = exact.map((e) => e.toDecimalPlaces(digits, Decimal.ROUND_DOWN));
  let remainder = totalDec.minus(sum(floors));
  // Largest remainder by magnitude, so a negative total splits as the mirror of a positive one.
  const order = exact.map((e, i) => ({ i, frac: e.minus(floors[i]!).abs() })).sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  const step = remainder.isNegative() ? unit.neg() : unit;
  for (const { i } of order) {
    if (remainder.isZero()) break;
    floors[i] = floors[i]!.plus(step);
    remainder = remainder.minus(step);
  }
  return floors;
}

/** Formats for German documents: 1.234,56 (no currency sign). */
export function formatGerman(amount: Decimal.Value, digits: number): string {
  const fixed = new Decimal(amount).toFixed(digits, ROUND_COMMERCIAL);
  // "-0,00" is no amount anyone writes.
  const negative = fixed.startsWith('-') && /[1-9]/.test(fixed);
  const [int, frac] = fixed.replace(/^-/, '').split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/**
 * The largest total a document (quote, order, invoice) may have, in its own currency and in EUR.
 * It keeps every stored sum far inside the numeric(18,4) columns (at most 14 digits before the
 * decimal point), also a customer's open exposure, which adds up many documents.
 */
export const MAX_DOCUMENT_TOTAL = new Decimal('999999999999.99');

/** Why an amount has more decimals than its currency's minor unit, or null when it has not. */
export function moneyScaleProblem(amount: Decimal.Value, currency: string): string | null {
  const digits = minorUnits(currency);
  if (new Decimal(amount).decimalPlaces() <= digits) return null;
  return digits === 0 ? `${currency} amounts are whole numbers` : `${currency} amounts have at most ${digits} decimal places`;
}

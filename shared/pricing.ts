import { Decimal } from 'decimal.js';
import type { ExchangeRateSnapshot } from './contracts/common.ts';
import type { DocumentTotals } from './totals.ts';
import { BASE_CURRENCY } from './currencies.ts';
import { roundMoney, toAmountString } from './money.ts';

/** Converts a document-currency amount to the base currency with the captured rate (1 EUR = rate × currency). */
export function toBase(amount: string, rate: ExchangeRateSnapshot): string {
  return toAmountString(roundMoney(new Decimal(amount).div(rate.rate), BASE_CURRENCY), BASE_CURRENCY);
}

/**
 * A document's totals in base currency: net and VAT are converted, gross is
 * their sum, so the base amounts add up just like the document's own.
 */
export function baseTotals(totals: DocumentTotals, rate: ExchangeRateSnapshot): { net: string; vat: string; gross: string } {
  const net = toBase(totals.net, rate);
  const vat = toBase(totals.vat, rate);
  return { net, vat, gross: toAmountString(new Decimal(net).plus(vat), BASE_CURRENCY) };
}

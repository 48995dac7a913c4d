import { readFileSync } from 'node:fs';
import { BASE_CURRENCY } from '../../../../../shared/currencies.ts';
import { ValidationError } from '../../../../../shared/errors.ts';
import type { ExchangeRateSnapshot } from '../../../../../shared/contracts/common.ts';

/**
 * Exchange rates from an ECB-format XML file (eurofxref-daily.xml), named by
 * EXCHANGE_RATES_FILE. The base currency needs no rate. The file is read per
 * call so an operator can drop in a new file without a restart.
 */
export function captureExchangeRate(currency: string, field = 'currency', now = new Date()): ExchangeRateSnapshot {
  if (currency === BASE_CURRENCY) {
    return { base: BASE_CURRENCY, quote: currency, rate: '1', source: 'identity', capturedAt: now.toISOString() };
  }
  const file = process.env.EXCHANGE_RATES_FILE;
  const xml = file ? readFileSync(file, 'utf8') : '';
  const rate = parseEcbXml(xml).get(currency);
  if (!rate) throw new ValidationError(`no exchange rate for ${currency}`, [{ field, message: `no exchange rate EUR/${currency} is available` }]);
  const day = /time=['"](\d{4}-\d{2}-\d{2})['"]/.exec(xml)?.[1] ?? 'unknown day';
  return { base: BASE_CURRENCY, quote: currency, rate, source: `ECB reference rate of ${day}`, capturedAt: now.toISOString() };
}

export function parseEcbXml(xml: string): Map<string, string> {
  const rates = new Map<string, string>();
  for (const m of xml.matchAll(/currency=['"]([A-Z]{3})['"]\s+rate=['"]([\d.]+)['"]/g)) rates.set(m[1]!, m[2]!);
  return rates;
}

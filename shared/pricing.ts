import { Decimal } from 'decimal.js';
import type { PricedLine, ExchangeRateSnapshot } from './contracts/common.ts';
import { computeTotals, type DocumentTotals } from './totals.ts';
import { domesticVatRate, type TaxCategory } from './tax.ts';
import { ValidationError, type FieldIssue } from './errors.ts';
import { BASE_CURRENCY } from './currencies.ts';
import { roundMoney, toAmountString } from './money.ts';

export interface LineRequest {
  productId: string;
  quantity: string;
  unitPrice?: string | undefined;
  discountPercent?: string | undefined;
  description?: string | undefined;
}

export interface ProductForPricing {
  id: string;
  sku: string;
  name: string;
  unit: string;
  prices: Record<string, string>;
  taxCategory: TaxCategory;
}

/**
 * Prices the requested lines: list price in the document currency unless a
 * price is given, the line discount, the domestic VAT rate of the product's
 * tax category. Every missing product or price is reported by field at once.
 */
export function priceLines(requests: LineRequest[], products: Map<string, ProductForPricing>, currency: string): { lines: PricedLine[]; totals: DocumentTotals } {
  const issues: FieldIssue[] = [];
  const drafts = requests.map((r, i) => {
    const product = products.get(r.productId);
    if (!product) {
      issues.push({ field: `lines[${i}].productId`, message: `unknown product ${r.productId}` });
      return null;
    }
    const unitPrice = r.unitPrice ?? product.prices[currency];
    if (unitPrice === undefined) {
      issues.push({ field: `lines[${i}].unitPrice`, message: `product ${product.sku} has no list price in ${currency}; give unitPrice` });
      return null;
    }
    return {
      position: i + 1,
      productId: product.id,
      sku: product.sku,
      description: r.description ?? product.name,
      quantity: new Decimal(r.quantity).toString(),
      unit: product.unit,
      unitPrice: new Decimal(unitPrice).toString(),
      discountPercent: new Decimal(r.discountPercent ?? '0').toString(),
      vatRate: domesticVatRate(product.taxCategory).toString(),
    };
  });
  if (issues.length) throw new ValidationError(`invalid ${issues[0]!.field}: ${issues[0]!.message}`, issues);
  const valid = drafts.filter((d): d is NonNullable<typeof d> => d !== null);
  const totals = computeTotals(valid, currency);
  const lines = valid.map((d, i) => ({ ...d, net: totals.lineNets[i]! }));
  return { lines, totals };
}

/** Converts a document-currency amount to the base currency with the captured rate (1 EUR = rate × currency). */
export function toBase(amount: string, rate: ExchangeRateSnapshot): string {
  return toAmountString(roundMoney(new Decimal(amount).div(rate.rate), BASE_CURRENCY), BASE_CURRENCY);
}

import { Decimal } from 'decimal.js';
import { roundMoney, sum, toAmountString } from './money.ts';

/** What a priced line needs to compute its total; all values are exact decimal strings. */
export interface PricedLineInput {
  quantity: string;
  unitPrice: string;
  /** Line discount in percent, 0..100. */
  discountPercent: string;
  /** VAT rate in percent, e.g. "19". */
  vatRate: string;
}

export interface TaxGroup {
  vatRate: string;
  net: string;
  vat: string;
  gross: string;
}

export interface DocumentTotals {
  currency: string;
  lineNets: string[];
  taxGroups: TaxGroup[];
  net: string;
  vat: string;
  gross: string;
}

/** Net of one line: quantity × unit price less the line discount, rounded to the currency's minor unit. */
export function lineNet(line: PricedLineInput, currency: string): Decimal {
  const gross = new Decimal(line.quantity).times(line.unitPrice);
  const factor = new Decimal(100).minus(line.discountPercent).div(100);
  return roundMoney(gross.times(factor), currency);
}

/**
 * Totals of a document. VAT is computed once per rate on the net sum of that
 * rate (German practice, UStAE 14.5 Abs. 9), not per line, so it never drifts
 * by rounding cents.
 */
export function computeTotals(lines: PricedLineInput[], currency: string): DocumentTotals {
  return totalsOfNets(
    lines.map((l) => ({ net: lineNet(l, currency), vatRate: l.vatRate })),
    currency,
  );
}

/** Totals of lines whose nets are already final (after document discounts, or prorated on an invoice). */
export function totalsOfNets(items: { net: Decimal.Value; vatRate: string }[], currency: string): DocumentTotals {
  const nets = items.map((i) => new Decimal(i.net));
  const byRate = new Map<string, Decimal>();
  items.forEach((l, i) => {
    const key = new Decimal(l.vatRate).toString();
    byRate.set(key, (byRate.get(key) ?? new Decimal(0)).plus(nets[i]!));
  });
  const taxGroups = [...byRate.entries()]
    .sort(([a], [b]) => new Decimal(b).comparedTo(a))
    .map(([rate, net]) => {
      const vat = roundMoney(net.times(rate).div(100), currency);
      return {
        vatRate: rate,
        net: toAmountString(net, currency),
        vat: toAmountString(vat, currency),
        gross: toAmountString(net.plus(vat), currency),
      };
    });
  const net = sum(taxGroups.map((g) => g.net));
  const vat = sum(taxGroups.map((g) => g.vat));
  return {
    currency,
    lineNets: nets.map((n) => toAmountString(n, currency)),
    taxGroups,
    net: toAmountString(net, currency),
    vat: toAmountString(vat, currency),
    gross: toAmountString(net.plus(vat), currency),
  };
}

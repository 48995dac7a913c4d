import { Decimal } from 'decimal.js';
import { ConflictError } from '../../../../shared/errors.ts';
import { allocate, roundMoney, sum, toAmountString } from '../../../../shared/money.ts';
import { totalsOfNets, type DocumentTotals, type TaxGroup } from '../../../../shared/totals.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { BillingShare } from '../../../../shared/contracts/order/milestones.ts';

/*
 * Billing an order in parts (Anzahlung, Abschlag) and closing it with a final
 * invoice (Schlussrechnung). A part is a share of the order's net total, split
 * over the order's VAT rates by one largest-remainder allocation, so the parts
 * of a share always add up to it. The final invoice takes what is left per
 * rate, net and VAT, so all invoices of an order add up to the order exactly.
 */

/** What an earlier invoice of the order billed, per VAT rate. */
export interface BilledPart {
  number: string;
  kind: string;
  issueDate: string;
  taxGroups: TaxGroup[];
}

/** The net of a share: a percent of the order's net total (rounded to the currency), or a fixed net amount. */
export function shareNet(share: BillingShare, orderNet: Decimal.Value, currency: string): Decimal {
  return share.kind === 'percent' ? roundMoney(new Decimal(orderNet).times(share.value).div(100), currency) : roundMoney(share.value, currency);
}

/** Net billed so far, over every rate. */
export function billedNet(earlier: BilledPart[]): Decimal {
  return sum(earlier.flatMap((p) => p.taxGroups.map((g) => g.net)));
}

/**
 * The tax groups of a part: its net split over the order's rates in proportion
 * to the order's net per rate, VAT per rate on the part's own net. Refuses a
 * part that would bill more than the order's net total with what was billed before.
 */
export function partTaxGroups(net: Decimal, orderTotals: DocumentTotals, earlier: BilledPart[], currency: string): TaxGroup[] {
  const left = new Decimal(orderTotals.net).minus(billedNet(earlier));
  if (net.gt(left)) {
    throw new ConflictError(
      `billing ${toAmountString(net, currency)} ${currency} net would exceed the order: only ${toAmountString(left, currency)} ${currency} net is left to bill`,
      'over_billing',
    );
  }
  if (!net.gt(0)) throw new ConflictError(`the share bills nothing (${toAmountString(net, currency)} ${currency})`, 'nothing_to_bill');
  const groups = orderTotals.taxGroups.filter((g) => !new Decimal(g.net).isZero());
  const parts = allocate(
    net,
    groups.map((g) => g.net),
    currency,
  );
  return groups.map((g, i) => {
    const partNet = parts[i]!;
    const vat = roundMoney(partNet.times(g.vatRate).div(100), currency);
    return {
      vatRate: g.vatRate,
      net: toAmountString(partNet, currency),
      vat: toAmountString(vat, currency),
      gross: toAmountString(partNet.plus(vat), currency),
    };
  });
}

/** Totals of a document from its tax groups (one per rate). */
export function totalsOfGroups(groups: TaxGroup[], currency: string, lineNets: string[]): DocumentTotals {
  const net = sum(groups.map((g) => g.net));
  const vat = sum(groups.map((g) => g.vat));
  return {
    currency,
    lineNets,
    taxGroups: groups,
    net: toAmountString(net, currency),
    vat: toAmountString(vat, currency),
    gross: toAmountString(net.plus(vat), currency),
  };
}

/** One deduction on the final invoice: an earlier invoice's net and VAT at one rate. */
export interface Deduction {
  invoiceNumber: string;
  kind: string;
  issueDate: string;
  vatRate: string;
  net: string;
  vat: string;
  gross: string;
}

/**
 * The final invoice: the order's whole amount per rate less every earlier
 * invoice per rate. Its tax groups are what is left (net and VAT each), so the
 * order's nets and VAT per rate are the sums over all of its invoices. Refuses
 * when earlier invoices already billed more than the order at some rate.
 */
export function finalSettlement(orderTotals: DocumentTotals, earlier: BilledPart[], currency: string): { deductions: Deduction[]; taxGroups: TaxGroup[] } {
  const deductions = earlier.flatMap((p) =>
    p.taxGroups.map((g) => ({ invoiceNumber: p.number, kind: p.kind, issueDate: p.issueDate, vatRate: g.vatRate, net: g.net, vat: g.vat, gross: g.gross })),
  );
  const rates = new Set([...orderTotals.taxGroups.map((g) => rateKey(g.vatRate)), ...deductions.map((d) => rateKey(d.vatRate))]);
  const taxGroups = [...rates]
    .sort((a, b) => new Decimal(b).comparedTo(a))
    .map((rate) => {
      const whole = orderTotals.taxGroups.find((g) => rateKey(g.vatRate) === rate);
      const mine = deductions.filter((d) => rateKey(d.vatRate) === rate);
      const net = new Decimal(whole?.net ?? 0).minus(sum(mine.map((d) => d.net)));
      const vat = new Decimal(whole?.vat ?? 0).minus(sum(mine.map((d) => d.vat)));
      return { vatRate: rate, net: toAmountString(net, currency), vat: toAmountString(vat, currency), gross: toAmountString(net.plus(vat), currency) };
    });
  const over = taxGroups.find((g) => new Decimal(g.gross).isNegative());
  if (over) throw new ConflictError(`earlier invoices billed more than the order at ${over.vatRate} % VAT`, 'over_billing');
  return { deductions, taxGroups };
}

function rateKey(rate: string): string {
  return new Decimal(rate).toString();
}

/**
 * The order as it stands after cancelled quantities: each line at its quantity
 * less what was cancelled, its amounts pro rata (a line cancelled in full
 * drops out), and the totals of what is left. Billing by plan works on this,
 * so shares and the final invoice never bill what was cancelled.
 */
export function effectiveOrder<L extends PricedLine & { cancelledQuantity?: string | undefined }>(
  lines: L[],
  totals: DocumentTotals,
  currency: string,
): { lines: L[]; totals: DocumentTotals } {
  if (!lines.some((l) => new Decimal(l.cancelledQuantity ?? 0).gt(0))) return { lines, totals };
  const kept = lines.flatMap((l) => {
    const cancelled = new Decimal(l.cancelledQuantity ?? 0);
    if (cancelled.isZero()) return [l];
    const left = new Decimal(l.quantity).minus(cancelled);
    if (!left.gt(0)) return [];
    const share = (v: string | undefined) =>
      v === undefined ? undefined : toAmountString(roundMoney(new Decimal(v).times(left).div(l.quantity), currency), currency);
    return [
      {
        ...l,
        quantity: left.toString(),
        net: share(l.net)!,
        lineNet: share(l.lineNet),
        documentDiscount: share(l.documentDiscount),
        couponDiscount: share(l.couponDiscount),
      },
    ];
  });
  return { lines: kept, totals: totalsOfNets(kept, currency) };
}

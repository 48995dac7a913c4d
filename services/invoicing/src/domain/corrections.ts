import { Decimal } from 'decimal.js';
import { DomainError, ValidationError } from '../../../../shared/errors.ts';
import { moneyScaleProblem, roundMoney, toAmountString } from '../../../../shared/money.ts';
import { toBase } from '../../../../shared/pricing.ts';
import type { DocumentTotals, TaxGroup } from '../../../../shared/totals.ts';
import type { ExchangeRateSnapshot } from '../../../../shared/contracts/common.ts';
import { addBilled, amountsOf, amountStrings, partAmounts, ZERO_AMOUNTS, type BilledSoFar, type InvoiceLine, type PartAmounts } from './invoice.ts';

/*
 * Corrections of an issued invoice, as pure arithmetic. The invoice itself is
 * never touched: a cancellation invoice (Stornorechnung) reverses it in full, a
 * credit note (Rechnungskorrektur) takes back part of it. Correction lines and
 * totals are negative; every correction line names the invoice line it corrects.
 */

/** A line of a correction: an invoice line's amounts taken back (negative), naming that invoice line. */
export interface CorrectionLine extends InvoiceLine {
  invoicePosition: number;
  /** A price reduction: an amount taken back, no quantity coming back. */
  priceReduction?: boolean;
}

/** What a correction needs of the invoice it corrects. */
export interface CorrectedInvoice {
  number: string;
  currency: string;
  exchangeRate: ExchangeRateSnapshot;
  lines: InvoiceLine[];
  totals: DocumentTotals;
}

/** An earlier correction of the same invoice: its lines and totals (negative). */
export interface EarlierCorrection {
  lines: InvoiceLine[];
  totals: DocumentTotals;
}

/** One line to credit: an invoice position and either a quantity or a net amount; `field` names it in refusals. */
export interface CreditRequest {
  invoicePosition: number;
  quantity?: string;
  netAmount?: string;
  field: string;
}

const neg = (v: Decimal.Value, currency: string) => toAmountString(new Decimal(v).neg(), currency);

/** The negation of a document's totals, group by group: a reversal mirrors the invoice to the cent. */
export function negatedTotals(t: DocumentTotals): DocumentTotals {
  const c = t.currency;
  return {
    currency: c,
    lineNets: t.lineNets.map((n) => neg(n, c)),
    taxGroups: t.taxGroups.map((g) => ({ vatRate: g.vatRate, net: neg(g.net, c), vat: neg(g.vat, c), gross: neg(g.gross, c) })),
    net: neg(t.net, c),
    vat: neg(t.vat, c),
    gross: neg(t.gross, c),
  };
}

/**
 * A cancellation invoice's lines and totals: every line of the invoice with
 * quantity and amounts negated (unit price as billed), totals the exact negation
 * of the invoice's per VAT rate, so invoice + cancellation = 0 to the cent.
 */
export function reverseInvoice(inv: CorrectedInvoice): { lines: CorrectionLine[]; totals: DocumentTotals } {
  const c = inv.currency;
  const lines = inv.lines.map((l) => ({
    ...l,
    quantity: new Decimal(l.quantity).neg().toString(),
    net: neg(l.net, c),
    ...(l.lineNet !== undefined ? { lineNet: neg(l.lineNet, c) } : {}),
    ...(l.documentDiscount !== undefined ? { documentDiscount: neg(l.documentDiscount, c) } : {}),
    ...(l.couponDiscount !== undefined ? { couponDiscount: neg(l.couponDiscount, c) } : {}),
    ...(l.netBase !== undefined ? { netBase: neg(l.netBase, 'EUR') } : {}),
    invoicePosition: l.position,
  }));
  return { lines, totals: negatedTotals(inv.totals) };
}

/**
 * What the earlier credit notes took back per invoice position, as positive
 * amounts: quantities of goods credited (price reductions credit no quantity)
 * and the amounts of both.
 */
export function creditedPerLine(earlier: EarlierCorrection[]): Map<number, BilledSoFar> {
  const out = new Map<number, BilledSoFar>();
  for (const l of earlier.flatMap((e) => e.lines) as CorrectionLine[]) {
    if (l.invoicePosition === undefined) continue;
    const quantity = l.priceReduction ? '0' : new Decimal(l.quantity).neg().toString();
    out.set(l.invoicePosition, addBilled(out.get(l.invoicePosition), quantity, positiveAmounts(l)));
  }
  return out;
}

function positiveAmounts(l: InvoiceLine): PartAmounts {
  const documentDiscount = new Decimal(l.documentDiscount ?? 0).neg();
  const couponDiscount = new Decimal(l.couponDiscount ?? 0).neg();
  const net = new Decimal(l.net).neg();
  return {
    lineNet: l.lineNet === undefined ? net.plus(documentDiscount).plus(couponDiscount) : new Decimal(l.lineNet).neg(),
    documentDiscount,
    couponDiscount,
    net,
  };
}

/** What is left to credit of one invoice line: quantity of goods and net amount. */
export function leftToCredit(line: InvoiceLine, credited: BilledSoFar | undefined): { quantity: Decimal; net: Decimal } {
  const done = credited ?? { quantity: new Decimal(0), amounts: ZERO_AMOUNTS };
  return { quantity: new Decimal(line.quantity).minus(done.quantity), net: new Decimal(line.net).minus(done.amounts.net) };
}

/**
 * How much refusals and automatic credits treat a request beyond what is left:
 * `refuse` answers 409 naming the field (credit notes by API); `cap` credits
 * what is left of the line (credit notes for returns, which must never fail on
 * a price reduction granted before).
 */
export type OverCredit = 'refuse' | 'cap';

function beyond(field: string, what: string): never {
  throw new DomainError(409, 'exceeds_creditable', `${field}: ${what}`, [{ field, message: what }]);
}

/**
 * A credit note's lines and totals for quantities and amounts of an invoice's
 * lines. A quantity is credited at the invoice line's price with the same part
 * arithmetic that billed it (`partAmounts`: quantity × unit price less the line
 * discount, the quantity's share of document discount and coupon; the part that
 * completes the line takes what is left), so credits of a whole line add up to
 * exactly what the line billed. VAT is per rate on the credited nets; the credit
 * note that takes back the last of a rate takes the rest of the invoice's VAT of
 * that rate, so an invoice credited in full is credited to the cent.
 */
export function creditNote(
  inv: CorrectedInvoice,
  earlier: EarlierCorrection[],
  requests: CreditRequest[],
  over: OverCredit,
): { lines: CorrectionLine[]; totals: DocumentTotals } {
  const c = inv.currency;
  const credited = creditedPerLine(earlier);
  const drafts: Omit<CorrectionLine, 'position'>[] = [];
  for (const r of requests) {
    const line = inv.lines.find((l) => l.position === r.invoicePosition);
    if (!line) {
      throw new ValidationError(`invoice ${inv.number} has no position ${r.invoicePosition}`, [
        { field: `${r.field}.invoicePosition`, message: `invoice ${inv.number} has no position ${r.invoicePosition}` },
      ]);
    }
    const before = credited.get(line.position);
    const left = leftToCredit(line, before);
    let quantity: string;
    let amounts: PartAmounts;
    if (r.netAmount !== undefined) {
      const scale = moneyScaleProblem(r.netAmount, c);
      if (scale) throw new ValidationError(`invalid amount: ${scale}`, [{ field: `${r.field}.netAmount`, message: scale }]);
      const amount = new Decimal(r.netAmount);
      if (amount.gt(left.net))
        beyond(
          `${r.field}.netAmount`,
          `${r.netAmount} ${c} is more than the net of ${toAmountString(left.net, c)} ${c} left to credit on position ${line.position}`,
        );
      quantity = '0';
      amounts = { lineNet: amount, documentDiscount: new Decimal(0), couponDiscount: new Decimal(0), net: amount };
    } else {
      let q = new Decimal(r.quantity!);
      if (q.gt(left.quantity)) {
        if (over === 'refuse')
          beyond(`${r.field}.quantity`, `${r.quantity} is more than the quantity of ${left.quantity.toString()} left to credit on position ${line.position}`);
        q = Decimal.max(left.quantity, 0);
      }
      if (q.isZero()) continue;
      quantity = q.toString();
      amounts = partAmounts(line, quantity, before, c);
      if (amounts.net.gt(left.net)) {
        if (over === 'refuse')
          beyond(
            `${r.field}.quantity`,
            `crediting ${r.quantity} would take back more than the net of ${toAmountString(left.net, c)} ${c} left on position ${line.position}`,
          );
        // After a price reduction the goods are credited at what is left of the line.
        amounts = restOf(line, before);
      }
    }
    credited.set(line.position, addBilled(before, quantity, amounts));
    const strings = amountStrings(amounts, c);
    const common = {
      ...line,
      lineNet: neg(strings.lineNet!, c),
      documentDiscount: neg(strings.documentDiscount!, c),
      couponDiscount: neg(strings.couponDiscount!, c),
      net: neg(strings.net, c),
      netBase: neg(toBase(strings.net, inv.exchangeRate), 'EUR'),
      invoicePosition: line.position,
    };
    delete (common as { makeToOrder?: boolean }).makeToOrder;
    delete (common as { promisedDate?: string }).promisedDate;
    drafts.push(
      r.netAmount !== undefined
        ? {
            ...common,
            description: `Preisminderung: ${line.description}`,
            quantity: '-1',
            unit: 'flat',
            unitPrice: strings.net,
            discountPercent: '0',
            priceReduction: true,
          }
        : { ...common, quantity: new Decimal(quantity).neg().toString() },
    );
  }
  const lines = drafts.map((d, i) => ({ ...d, position: i + 1 }));
  return { lines, totals: creditTotals(inv, earlier, lines) };
}

/** Everything left of a line: its amounts less what was credited before. */
function restOf(line: InvoiceLine, before: BilledSoFar | undefined): PartAmounts {
  const whole = amountsOf(line);
  const done = before?.amounts ?? ZERO_AMOUNTS;
  const rest = {
    lineNet: whole.lineNet.minus(done.lineNet),
    documentDiscount: whole.documentDiscount.minus(done.documentDiscount),
    couponDiscount: whole.couponDiscount.minus(done.couponDiscount),
  };
  return { ...rest, net: rest.lineNet.minus(rest.documentDiscount).minus(rest.couponDiscount) };
}

/**
 * Negative totals of a credit note: per VAT rate its nets, VAT on them (rounded
 * commercially), except that the note which completes a rate takes the rest of
 * the invoice's VAT of that rate.
 */
export function creditTotals(inv: CorrectedInvoice, earlier: EarlierCorrection[], lines: InvoiceLine[]): DocumentTotals {
  const c = inv.currency;
  const key = (rate: Decimal.Value) => new Decimal(rate).toString();
  const byRate = new Map<string, Decimal>();
  for (const l of lines) byRate.set(key(l.vatRate), (byRate.get(key(l.vatRate)) ?? new Decimal(0)).minus(l.net));
  const earlierOf = (rate: string, pick: (g: TaxGroup) => string) =>
    earlier
      .flatMap((e) => e.totals.taxGroups)
      .filter((g) => key(g.vatRate) === rate)
      .reduce((a, g) => a.minus(pick(g)), new Decimal(0));
  const taxGroups = [...byRate.entries()]
    .sort(([a], [b]) => new Decimal(b).comparedTo(a))
    .map(([rate, net]) => {
      const group = inv.totals.taxGroups.find((g) => key(g.vatRate) === rate);
      const completes =
        group !== undefined &&
        earlierOf(rate, (g) => g.net)
          .plus(net)
          .eq(group.net);
      const vat = completes ? new Decimal(group.vat).minus(earlierOf(rate, (g) => g.vat)) : roundMoney(net.times(rate).div(100), c);
      return { vatRate: rate, net: neg(net, c), vat: neg(vat, c), gross: neg(net.plus(vat), c) };
    });
  const total = (pick: (g: TaxGroup) => string) => taxGroups.reduce((a, g) => a.plus(pick(g)), new Decimal(0));
  return {
    currency: c,
    lineNets: lines.map((l) => toAmountString(l.net, c)),
    taxGroups,
    net: toAmountString(
      total((g) => g.net),
      c,
    ),
    vat: toAmountString(
      total((g) => g.vat),
      c,
    ),
    gross: toAmountString(
      total((g) => g.gross),
      c,
    ),
  };
}

/** Goods of a return as the fulfillment side reports them. */
export interface ReturnedQuantity {
  orderPosition: number;
  quantity: string;
}

/** A live invoice of the order with what its credit notes took back so far. */
export interface CreditableInvoice {
  number: string;
  lines: InvoiceLine[];
  earlier: EarlierCorrection[];
}

/**
 * Which invoice lines a return credits: per order position, the returned
 * quantity goes to the goods lines (not charges) of the live invoices that
 * billed that position, oldest invoice first, each up to what is left to credit
 * of it. What no invoice line has left (returned before it was invoiced, or
 * billed only by a cancelled invoice) stays uncredited and is answered apart.
 */
export function allocateReturn(
  returned: ReturnedQuantity[],
  invoices: CreditableInvoice[],
): { perInvoice: { number: string; requests: CreditRequest[] }[]; uncredited: ReturnedQuantity[] } {
  const credited = new Map(invoices.map((i) => [i.number, creditedPerLine(i.earlier)]));
  const requests = new Map<string, CreditRequest[]>();
  const uncredited: ReturnedQuantity[] = [];
  for (const r of returned) {
    let open = new Decimal(r.quantity);
    for (const inv of invoices) {
      for (const line of inv.lines.filter((l) => l.orderPosition === r.orderPosition && l.kind !== 'charge')) {
        if (open.lte(0)) break;
        const done = credited.get(inv.number)!;
        const left = leftToCredit(line, done.get(line.position)).quantity;
        if (left.lte(0)) continue;
        const take = Decimal.min(left, open);
        done.set(line.position, addBilled(done.get(line.position), take.toString(), ZERO_AMOUNTS));
        const list = requests.get(inv.number) ?? [];
        list.push({ invoicePosition: line.position, quantity: take.toString(), field: `lines[${list.length}]` });
        requests.set(inv.number, list);
        open = open.minus(take);
      }
    }
    if (open.gt(0)) uncredited.push({ orderPosition: r.orderPosition, quantity: open.toString() });
  }
  return { perInvoice: invoices.filter((i) => requests.has(i.number)).map((i) => ({ number: i.number, requests: requests.get(i.number)! })), uncredited };
}

/**
 * The money view of an invoice with its corrections: open = gross − paid −
 * credited (never negative); what was paid and credited beyond the gross is to
 * be refunded, less what was refunded already.
 */
export function balanceOf(gross: Decimal.Value, paid: Decimal.Value, credited: Decimal.Value, refunded: Decimal.Value): { open: Decimal; refundable: Decimal } {
  const owed = new Decimal(gross).minus(paid).minus(credited);
  return { open: Decimal.max(owed, 0), refundable: Decimal.max(owed.neg().minus(refunded), 0) };
}

import { Decimal } from 'decimal.js';
import type { EarlyPaymentDiscount, EarlyPaymentTerms } from '../../../../shared/contracts/payment-terms.ts';
import type { DiscountGranted } from '../../../../shared/contracts/invoicing/index.ts';
import type { DocumentTotals } from '../../../../shared/totals.ts';
import { allocate, roundMoney, toAmountString } from '../../../../shared/money.ts';
import { addDays } from '../../../../shared/dates.ts';

/**
 * Skonto (early-payment discount), pure: what an invoice offers, whether a payment earns it, and
 * how the discount granted splits over the VAT rates. Amounts are decimal strings, dates Berlin dates.
 */

/** The discount an invoice issued on `issueDate` offers: percent of the gross, rounded half-up to the currency, until issue date + days. */
export function skontoOffer(terms: EarlyPaymentTerms | null | undefined, gross: string, currency: string, issueDate: string): EarlyPaymentDiscount | null {
  if (!terms || new Decimal(gross).lte(0)) return null;
  const amount = roundMoney(new Decimal(gross).times(terms.percent).div(100), currency);
  if (amount.lte(0)) return null;
  return {
    percent: terms.percent,
    days: terms.days,
    until: addDays(issueDate, terms.days),
    amount: toAmountString(amount, currency),
    payableAmount: toAmountString(new Decimal(gross).minus(amount), currency),
  };
}

/**
 * The offer as it stands after credit notes: the same percent and last day on what is left of the gross
 * (gross − credited), rounded half-up once; unchanged without credit notes. A credit note lowers what the
 * customer owes, so the discount applies to the reduced amount (never to goods taken back).
 */
export function currentOffer(offer: EarlyPaymentDiscount | null | undefined, gross: string, credited: string, currency: string): EarlyPaymentDiscount | null {
  if (!offer) return null;
  if (new Decimal(credited).isZero()) return offer;
  const left = new Decimal(gross).minus(credited);
  if (left.lte(0)) return null;
  const amount = roundMoney(left.times(offer.percent).div(100), currency);
  return { ...offer, amount: toAmountString(amount, currency), payableAmount: toAmountString(left.minus(amount), currency) };
}

/**
 * What is left of an invoice's VAT rates after its credit notes (their totals are negative): per rate
 * the invoice's net, VAT and gross plus the notes'. A Skonto granted after credit notes splits over this.
 */
export function lessCredited(totals: DocumentTotals, notes: DocumentTotals[]): DocumentTotals {
  const add = (a: string, b: string) => toAmountString(new Decimal(a).plus(b), totals.currency);
  const taxGroups = totals.taxGroups.map((g) =>
    notes
      .flatMap((n) => n.taxGroups)
      .filter((x) => new Decimal(x.vatRate).eq(g.vatRate))
      .reduce((acc, x) => ({ ...acc, net: add(acc.net, x.net), vat: add(acc.vat, x.vat), gross: add(acc.gross, x.gross) }), g),
  );
  const sum = (pick: (t: DocumentTotals) => string) => notes.reduce((a, n) => add(a, pick(n)), pick(totals));
  return { ...totals, taxGroups, net: sum((t) => t.net), vat: sum((t) => t.vat), gross: sum((t) => t.gross) };
}

/** Where an invoice stands when a payment arrives. */
export interface SettlementState {
  gross: string;
  /** What payments booked so far. */
  paid: string;
  /** Skonto granted already (a discount is granted once). */
  discount: string;
}

/**
 * The Skonto a payment earns: when it was received on or before the offer's last day and brings what
 * was paid to at least the payable amount, the invoice is settled and the rest up to the gross (at most
 * the offered discount) is the discount. A later or smaller payment earns none (0).
 */
export function skontoEarned(offer: EarlyPaymentDiscount | null | undefined, state: SettlementState, received: string, receivedAt: string): Decimal {
  if (!offer || new Decimal(state.discount).gt(0) || receivedAt > offer.until) return new Decimal(0);
  const total = new Decimal(state.paid).plus(received);
  if (total.lt(offer.payableAmount)) return new Decimal(0);
  return Decimal.max(0, Decimal.min(offer.amount, new Decimal(state.gross).minus(total)));
}

/**
 * How a payment divides: what is booked on the invoice, the Skonto granted and the excess for the
 * customer's credit balance. The invoice is never paid beyond its open amount.
 */
export function splitPayment(
  offer: EarlyPaymentDiscount | null | undefined,
  state: SettlementState,
  received: string,
  receivedAt: string,
): { applied: Decimal; discount: Decimal; excess: Decimal; settles: boolean } {
  const open = new Decimal(state.gross).minus(state.paid).minus(state.discount);
  const discount = skontoEarned(offer, state, received, receivedAt);
  const applied = Decimal.min(received, open.minus(discount));
  return { applied, discount, excess: new Decimal(received).minus(applied), settles: applied.plus(discount).gte(open) };
}

/**
 * Splits a granted discount over the invoice's VAT rates in proportion to their gross (largest
 * remainder, so the parts add up to the discount); per rate the VAT in it is gross × rate / (100 + rate),
 * rounded half-up, and the net the rest. This corrects the taxable amount and the VAT of each rate.
 */
export function splitDiscount(amount: Decimal.Value, totals: DocumentTotals, currency: string): DiscountGranted {
  const groups = totals.taxGroups.filter((g) => !new Decimal(g.gross).isZero());
  if (groups.length === 0) return { amount: toAmountString(amount, currency), taxGroups: [] };
  const parts = allocate(
    amount,
    groups.map((g) => g.gross),
    currency,
  );
  return {
    amount: toAmountString(amount, currency),
    taxGroups: groups.map((g, i) => {
      const gross = parts[i]!;
      const vat = roundMoney(gross.times(g.vatRate).div(new Decimal(100).plus(g.vatRate)), currency);
      return {
        vatRate: g.vatRate,
        gross: toAmountString(gross, currency),
        vat: toAmountString(vat, currency),
        net: toAmountString(gross.minus(vat), currency),
      };
    }),
  };
}

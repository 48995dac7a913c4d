import { Decimal } from '../../../shared/money.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import { formatAmount, formatDate, formatPercent } from './view-models.ts';
import { dictionary, type Dictionary } from './i18n.ts';

/*
 * What distinguishes the invoices of a billing plan on paper: the title
 * (Anzahlungsrechnung, Abschlagsrechnung, Schlussrechnung), the opening
 * sentence, and on the final invoice the settlement: the whole order per VAT
 * rate, every earlier invoice deducted with its net and VAT, and what is left.
 */

/** The title of an invoice of this kind in the document language. */
export function invoiceTitle(i: { kind: string }, d: Dictionary = dictionary('de')): string {
  const t = d.labels;
  switch (i.kind) {
    case 'down_payment':
      return t.downPaymentInvoice;
    case 'progress':
      return t.progressInvoice;
    case 'final':
      return t.finalInvoice;
    default:
      return t.invoice;
  }
}

export function invoiceIntro(i: Invoice, d: Dictionary = dictionary('de')): string {
  const supply = formatDate(i.supplyDate, d.lang);
  switch (i.kind) {
    case 'down_payment':
      return d.say.downPaymentIntro(i.orderNumber);
    case 'progress':
      return d.say.progressIntro(i.orderNumber);
    case 'time_material':
      return d.say.timeMaterialIntro(i.orderNumber, supply);
    case 'final':
      return d.say.finalIntro(i.orderNumber, supply);
    default:
      // A combined invoice (Sammelrechnung) thanks for every order it bills.
      return d.say.invoiceIntro(i.orderNumbers?.length ? i.orderNumbers : [i.orderNumber], supply);
  }
}

export interface SettlementRow {
  label: string;
  net: string;
  vat: string;
  gross: string;
}

/** The final invoice's settlement block, rows top to bottom; null on other invoices. */
export interface SettlementView {
  whole: SettlementRow[];
  wholeTotal: SettlementRow;
  deductions: SettlementRow[];
  remaining: SettlementRow[];
  remainingTotal: SettlementRow;
}

export function settlementView(i: Invoice, d: Dictionary = dictionary('de')): SettlementView | null {
  if (i.kind !== 'final') return null;
  const c = i.currency;
  const lang = d.lang;
  const amount = (v: Decimal.Value) => formatAmount(new Decimal(v).toString(), c, lang);
  const row = (label: string, net: Decimal.Value, vat: Decimal.Value): SettlementRow => ({
    label,
    net: amount(net),
    vat: amount(vat),
    gross: amount(new Decimal(net).plus(vat)),
  });
  const sumOf = (items: { net: string; vat: string }[]) => ({
    net: items.reduce((a, x) => a.plus(x.net), new Decimal(0)),
    vat: items.reduce((a, x) => a.plus(x.vat), new Decimal(0)),
  });
  const sameRate = (a: string, b: string) => new Decimal(a).eq(b);
  // The order's whole amount per rate is what is left plus everything deducted at that rate.
  const whole = i.totals.taxGroups.map((g) => {
    const deducted = sumOf(i.deductions.filter((d) => sameRate(d.vatRate, g.vatRate)));
    return { vatRate: g.vatRate, net: deducted.net.plus(g.net), vat: deducted.vat.plus(g.vat) };
  });
  const wholeSum = sumOf(whole.map((w) => ({ net: w.net.toString(), vat: w.vat.toString() })));
  return {
    whole: whole.map((w) => row(d.say.wholeAtRate(formatPercent(w.vatRate, lang)), w.net, w.vat)),
    wholeTotal: row(d.labels.wholeSupply, wholeSum.net, wholeSum.vat),
    deductions: i.deductions.map((x) =>
      row(d.say.deduction(invoiceTitle(x, d), x.invoiceNumber, formatDate(x.issueDate, lang), formatPercent(x.vatRate, lang)), `-${x.net}`, `-${x.vat}`),
    ),
    remaining: i.totals.taxGroups.map((g) => row(d.say.remainingAtRate(formatPercent(g.vatRate, lang)), g.net, g.vat)),
    remainingTotal: row(d.labels.remainingToPay, i.totals.net, i.totals.vat),
  };
}

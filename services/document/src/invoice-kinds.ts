import { Decimal } from '../../../shared/money.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import { formatAmount, formatDate, formatPercent } from './view-models.ts';

/*
 * What distinguishes the invoices of a billing plan on paper: the title
 * (Anzahlungsrechnung, Abschlagsrechnung, Schlussrechnung), the opening
 * sentence, and on the final invoice the settlement: the whole order per VAT
 * rate, every earlier invoice deducted with its net and VAT, and what is left.
 */

const TITLES: Readonly<Record<string, string>> = {
  invoice: 'Rechnung',
  down_payment: 'Anzahlungsrechnung',
  progress: 'Abschlagsrechnung',
  final: 'Schlussrechnung',
};

export function invoiceTitle(i: Invoice): string {
  return TITLES[i.kind] ?? 'Rechnung';
}

export function invoiceIntro(i: Invoice): string {
  switch (i.kind) {
    case 'down_payment':
      return `gemäß dem vereinbarten Zahlungsplan zu Ihrem Auftrag ${i.orderNumber} berechnen wir Ihnen die folgende Anzahlung. Die Lieferung bzw. Leistung ist noch nicht erbracht; die Anzahlung wird in der Schlussrechnung abgezogen.`;
    case 'progress':
      return `gemäß dem vereinbarten Zahlungsplan zu Ihrem Auftrag ${i.orderNumber} berechnen wir Ihnen die folgende Abschlagszahlung. Sie wird in der Schlussrechnung abgezogen.`;
    case 'time_material':
      return `für Ihren Auftrag ${i.orderNumber} berechnen wir Ihnen die folgenden Leistungen nach Zeit und Aufwand (Leistungsdatum ${formatDate(i.supplyDate)}, letzter Einsatztag):`;
    case 'final':
      return `nach Ausführung Ihres Auftrags ${i.orderNumber} berechnen wir Ihnen die Gesamtleistung (Leistungsdatum ${formatDate(i.supplyDate)}) abzüglich der bereits berechneten Anzahlungen und Abschläge:`;
    default:
      return `vielen Dank für Ihren Auftrag ${i.orderNumber}. Wir berechnen Ihnen die folgenden Lieferungen und Leistungen (Leistungsdatum ${formatDate(i.supplyDate)}):`;
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

export function settlementView(i: Invoice): SettlementView | null {
  if (i.kind !== 'final') return null;
  const c = i.currency;
  const amount = (v: Decimal.Value) => formatAmount(new Decimal(v).toString(), c);
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
    whole: whole.map((w) => row(`Gesamtleistung ${formatPercent(w.vatRate)} USt`, w.net, w.vat)),
    wholeTotal: row('Gesamtleistung', wholeSum.net, wholeSum.vat),
    deductions: i.deductions.map((d) =>
      row(`${TITLES[d.kind] ?? 'Rechnung'} ${d.invoiceNumber} vom ${formatDate(d.issueDate)}, ${formatPercent(d.vatRate)}`, `-${d.net}`, `-${d.vat}`),
    ),
    remaining: i.totals.taxGroups.map((g) => row(`Restbetrag ${formatPercent(g.vatRate)} USt`, g.net, g.vat)),
    remainingTotal: row('Zu zahlender Restbetrag', i.totals.net, i.totals.vat),
  };
}

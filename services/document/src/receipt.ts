import { Decimal } from '../../../shared/money.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import type { Seller } from '../../../shared/seller.ts';
import { needsBothVatIds } from '../../../shared/tax-notes.ts';
import type { Dictionary, Labels, Lang } from './i18n.ts';
import { addressLines, formatAmount, formatDate, formatPercent, formatQuantity, formatUnit, formatUnitPrice, type LabeledValue } from './view-models.ts';
import type { SellerView } from './view-models.ts';

/*
 * The 80 mm receipt (Kassenbon) of a counter sale: the invoice of a cash-sale
 * order in receipt form, handed over at the counter. It carries the invoice's
 * number: it is the same invoice on other paper, not a second one (§ 14c UStG).
 *
 * Simplified invoice (Kleinbetragsrechnung, § 33 UStDV): when the gross total
 * is at most 250 EUR (in EUR, whatever the currency) and the tax case allows it,
 * the receipt prints only what § 33 asks for: the seller's name and address,
 * the issue date, quantity and description, the gross amount per VAT rate and
 * the rate (or the exemption note). It leaves out the buyer's name and address,
 * the buyer's VAT ID and the date of supply. § 33 sentence 3 UStDV excludes
 * distance sales (§ 3c, here 'oss'), intra-EU supplies (§ 6a) and reverse
 * charge (§ 13b): those, and every receipt above 250 EUR, print the full
 * § 14 (4) UStG content. Net and VAT per rate and the number are printed on both
 * forms (more than § 33 asks, never less). A4 invoices always use the full form.
 */

/** § 33 UStDV: invoices whose total (gross) does not exceed this many EUR may take the simplified form. */
export const SIMPLIFIED_INVOICE_LIMIT_EUR = '250';

/** Tax treatments § 33 sentence 3 UStDV excludes from the simplified form. */
const NOT_SIMPLIFIED: ReadonlySet<string> = new Set(['reverse_charge', 'intra_eu_supply', 'oss']);

/** Whether an invoice may be printed as a simplified invoice (§ 33 UStDV): a plain invoice up to 250 EUR gross of an allowed tax case. */
export function simplifiedInvoiceAllowed(i: Pick<Invoice, 'kind' | 'grossBase' | 'lines'>): boolean {
  if (i.kind !== 'invoice') return false;
  if (i.lines.some((l) => l.taxTreatment !== undefined && NOT_SIMPLIFIED.has(l.taxTreatment))) return false;
  return new Decimal(i.grossBase).lte(SIMPLIFIED_INVOICE_LIMIT_EUR);
}

/** The reference the sale workflow books a counter sale's payment with (order-phase.ts, runOrderAutomation). */
export const CASH_PAYMENT_REFERENCE = 'Barzahlung';

/**
 * The payment line of a receipt: a counter sale is paid when it is handed over, so a paid receipt says so
 * ("Bar bezahlt am …", the day of the last payment) instead of asking for payment; only an unpaid one
 * (the counter payment failed and staff collect later) prints the payment terms.
 */
export function receiptPaymentLine(i: Pick<Invoice, 'status' | 'payments'>, d: Dictionary, paymentTerms: string): string {
  if (i.status !== 'paid' || i.payments.length === 0) return paymentTerms;
  const last = i.payments.map((p) => p.receivedAt).sort((a, b) => a.localeCompare(b))[i.payments.length - 1]!;
  const date = formatDate(last, d.lang);
  return i.payments.every((p) => p.reference === CASH_PAYMENT_REFERENCE) ? d.say.paidInCash(date) : d.say.paidOn(date);
}

export interface ReceiptLineView {
  description: string;
  sku: string;
  /** "2 Stk × 12,50" */
  detail: string;
  amount: string;
  /** The letter of the line's VAT rate in the rate table ("A"). */
  rate: string;
}

export interface ReceiptRateView {
  code: string;
  rate: string;
  net: string;
  vat: string;
  gross: string;
}

export interface ReceiptView {
  kind: 'receipt';
  lang: Lang;
  text: Labels;
  /** "Kleinbetragsrechnung" or "Rechnung"; `form` below it says "Kassenbon". */
  title: string;
  form: string;
  number: string;
  date: string;
  simplified: boolean;
  seller: SellerView;
  /** The seller's tax number and VAT ID lines. */
  sellerTaxIds: string[];
  /** The buyer's name and address: null on a simplified invoice. */
  buyer: string[] | null;
  meta: LabeledValue[];
  currency: string;
  /** The amount column holds net amounts: its heading says so. */
  amountHeading: string;
  lines: ReceiptLineView[];
  rates: ReceiptRateView[];
  net: string;
  vat: string;
  gross: string;
  grossLabel: string;
  taxNotes: string[];
  vatIds: string | null;
  simplifiedNote: string | null;
  /** The payment terms, or once paid when and how it was paid (receiptPaymentLine). */
  paymentTerms: string;
  /** The roll is cut to the receipt's length: its height in millimetres, from the rows it prints. */
  paperHeightMm: number;
}

/** A rough length per printed row on the roll: generous, since a longer cut only leaves blank paper. */
function paperHeight(lines: ReceiptLineView[], rates: number, notes: number, full: boolean): number {
  const lineRows = lines.reduce((a, l) => a + 2 + Math.floor(l.description.length / 34), 0);
  return Math.ceil(160 + (full ? 50 : 0) + lineRows * 4.5 + rates * 5 + notes * 12);
}

/** The receipt's view model: every string formatted in the customer's language. */
export function receiptView(
  i: Invoice,
  seller: Seller,
  sellerView: SellerView,
  d: Dictionary,
  extra: { taxNotes: string[]; paymentTerms: string },
): ReceiptView {
  const lang = d.lang;
  const t = d.labels;
  const c = i.currency;
  const simplified = simplifiedInvoiceAllowed(i);
  const codes = new Map(i.totals.taxGroups.map((g, n) => [new Decimal(g.vatRate).toString(), String.fromCharCode(65 + n)]));
  const lines = i.lines.map((l) => ({
    description: l.description,
    sku: l.sku,
    detail: `${formatQuantity(l.quantity, lang)} ${formatUnit(l.unit, lang)} × ${formatUnitPrice(l.unitPrice, c, lang)}${new Decimal(l.discountPercent).isZero() ? '' : ` − ${formatPercent(l.discountPercent, lang)}`}`,
    amount: formatAmount(l.lineNet ?? l.net, c, lang),
    rate: codes.get(new Decimal(l.vatRate).toString()) ?? '',
  }));
  const rates = i.totals.taxGroups.map((g) => ({
    code: codes.get(new Decimal(g.vatRate).toString())!,
    rate: formatPercent(g.vatRate, lang),
    net: formatAmount(g.net, c, lang),
    vat: formatAmount(g.vat, c, lang),
    gross: formatAmount(g.gross, c, lang),
  }));
  const bothVatIds = i.lines.some((l) => needsBothVatIds(l.taxTreatment));
  const date = formatDate(i.createdAt, lang);
  return {
    kind: 'receipt',
    lang,
    text: t,
    title: simplified ? t.simplifiedInvoice : t.invoice,
    form: t.receiptForm,
    number: i.number,
    date,
    simplified,
    seller: sellerView,
    sellerTaxIds: [`${t.taxNo} ${seller.taxNumber}`, `${t.vatIdLabel} ${seller.vatId}`],
    buyer: simplified ? null : addressLines(i.customer.billingAddress, seller.country, lang),
    meta: [
      { label: t.invoiceNo, value: i.number },
      { label: t.invoiceDate, value: date },
      ...(simplified
        ? []
        : [
            { label: t.supplyDate, value: formatDate(i.supplyDate, lang) },
            { label: t.customerNo, value: i.customer.number },
            ...(i.customer.vatId ? [{ label: t.yourVatId, value: i.customer.vatId }] : []),
          ]),
      { label: t.orderNo, value: i.orderNumber },
    ],
    currency: c,
    amountHeading: `${t.lineNet} (${c})`,
    lines,
    rates,
    net: formatAmount(i.totals.net, c, lang),
    vat: formatAmount(i.totals.vat, c, lang),
    gross: formatAmount(i.totals.gross, c, lang),
    grossLabel: t.grossTotal,
    taxNotes: extra.taxNotes,
    vatIds: bothVatIds ? d.say.vatIds(seller.vatId, i.customer.vatId ?? '–') : null,
    simplifiedNote: simplified ? t.simplifiedInvoiceNote : null,
    paymentTerms: receiptPaymentLine(i, d, extra.paymentTerms),
    paperHeightMm: paperHeight(lines, rates.length, extra.taxNotes.length + (bothVatIds ? 1 : 0), !simplified),
  };
}

import { Decimal } from '../../../../shared/money.ts';
import { berlinDate } from '../../../../shared/dates.ts';
import { taxNoteCodeOf } from '../../../../shared/tax-notes.ts';
import type { Seller } from '../../../../shared/seller.ts';
import type { Invoice, InvoiceKind } from '../../../../shared/contracts/invoicing/types.ts';
import {
  amount,
  computeVat,
  DEFAULT_EXEMPTIONS,
  plain,
  round,
  totalsOf,
  type AllowanceCharge,
  type EInvoice,
  type ELine,
  type PostalAddress,
  type TypeCode,
  type VatCategory,
} from './model.ts';
import { unitCodeOf } from './gate/codes.ts';
import type { EInvoiceSettings } from './settings.ts';

/** UNTDID 1001 per invoice kind: 386 prepayment (down payment), 326 partial (progress), 381 credit note for both corrections. */
export const TYPE_CODE: Readonly<Record<InvoiceKind, TypeCode>> = {
  invoice: '380',
  down_payment: '386',
  progress: '326',
  final: '380',
  time_material: '380',
  recurring: '380',
  cancellation: '381',
  credit_note: '381',
};

/** The VAT category of a line from the tax case the quote service decided (its taxTreatment) and its rate. */
export function categoryOf(treatment: string | undefined, rate: string): VatCategory {
  switch (treatment) {
    case 'small_business':
      return 'E';
    case 'reverse_charge':
      return 'AE';
    case 'intra_eu_supply':
      return 'K';
    case 'export':
      return 'G';
    default:
      return new Decimal(rate).gt(0) ? 'S' : 'Z';
  }
}

/** The printed legal note of a category, as its exemption reason text (BT-120); the VATEX code stays the default. */
function exemptionsOf(notes: readonly string[]): Partial<Record<VatCategory, { code?: string; text: string }>> {
  const out: Partial<Record<VatCategory, { code?: string; text: string }>> = {};
  const byNote: Partial<Record<string, VatCategory>> = {
    reverse_charge: 'AE',
    intra_eu_supply: 'K',
    export: 'G',
    non_taxable_service: 'G',
    small_business: 'E',
  };
  for (const note of notes) {
    const category = byNote[taxNoteCodeOf(note) ?? ''];
    if (category && !out[category]) out[category] = { ...DEFAULT_EXEMPTIONS[category], text: note };
  }
  return out;
}

const abs = (v: string | undefined) => new Decimal(v ?? 0).abs();

/** One invoice line in EN 16931 terms: quantity × price, less the line's discounts as one allowance (BG-27). */
function lineOf(l: Invoice['lines'][number], currency: string, language: 'de' | 'en'): ELine {
  const category = categoryOf(l.taxTreatment, l.vatRate);
  const net = abs(l.net);
  const priceOnly = l.priceReduction === true || new Decimal(l.quantity).isZero();
  const quantity = priceOnly ? new Decimal(1) : abs(l.quantity);
  const price = priceOnly ? net : abs(l.unitPrice);
  const gross = round(quantity.times(price), currency);
  const difference = gross.minus(net);
  const allowanceCharges: AllowanceCharge[] = [];
  if (difference.gt(0)) {
    const percent = new Decimal(l.discountPercent ?? 0);
    const reason = percent.gt(0)
      ? language === 'de'
        ? `Rabatt ${plain(percent)} %`
        : `Discount ${plain(percent)} %`
      : language === 'de'
        ? 'Rabatt'
        : 'Discount';
    allowanceCharges.push({ charge: false, amount: amount(difference, currency), reason, reasonCode: '95' });
  } else if (difference.lt(0)) {
    // Rounding of the document discount up to the line: shown as a charge so quantity × price still adds up.
    allowanceCharges.push({ charge: true, amount: amount(difference.neg(), currency), reason: language === 'de' ? 'Rundung' : 'Rounding', reasonCode: 'ZZZ' });
  }
  // Prices with more than 2 decimals are given per 10^n units (BT-149), since the library refuses more decimals.
  const scale = Math.max(0, price.decimalPlaces() - 2);
  return {
    id: String(l.position),
    name: l.description,
    ...(l.sku ? { sellerItemId: l.sku } : {}),
    quantity: plain(quantity),
    unitCode: priceOnly ? 'LS' : unitCodeOf(l.unit),
    netPrice: price.times(10 ** scale).toFixed(2),
    ...(scale ? { baseQuantity: String(10 ** scale) } : {}),
    allowanceCharges,
    net: amount(net, currency),
    category,
    rate: plain(category === 'S' ? l.vatRate : 0),
  };
}

/**
 * BG-15, the deliver-to address: the customer's shipping address, its country
 * (BT-80, which an intra-Community supply must state, BR-IC-12) taken from the
 * billing address where the shipping address names none.
 */
function deliverTo(customer: Invoice['customer']): PostalAddress & { name?: string } {
  const ship = customer.shippingAddress;
  return { ...ship, country: ship.country.trim() || customer.billingAddress.country };
}

export interface InvoiceContext {
  seller: Seller;
  settings: EInvoiceSettings;
  /** A correction's invoice (number and issue date go into BG-3). */
  corrected?: Pick<Invoice, 'number' | 'createdAt'>;
}

/**
 * An issued invoice or correction in EN 16931 terms. Lines, VAT and totals
 * are the invoicing service's (the books), never recomputed into something
 * else: a final invoice lists the whole order, its VAT breakdown is the
 * order's, and the earlier invoices it deducts are the prepaid amount (BT-113),
 * so the amount due (BT-115) is the final invoice's gross. A correction's
 * amounts are written positive under type 381.
 */
export function einvoiceOf(inv: Invoice, ctx: InvoiceContext): EInvoice {
  const currency = inv.currency;
  const language = inv.customer.language ?? 'de';
  const correction = inv.kind === 'cancellation' || inv.kind === 'credit_note';
  const lines = inv.lines.map((l) => lineOf(l, currency, language));
  const notes = [...(inv.taxNotes ?? [])];
  const parts = computeVat(currency, lines, [], exemptionsOf(notes));
  // VAT per category and rate as the invoice states it (a correction taking the last of a rate takes its rest).
  if (inv.kind !== 'final') {
    for (const v of parts.vat) {
      const group = inv.totals.taxGroups.find((g) => new Decimal(g.vatRate).eq(v.category === 'S' ? v.rate : 0));
      const sameRate = parts.vat.filter((x) => new Decimal(x.rate).eq(v.rate));
      if (group && sameRate.length === 1) v.tax = amount(abs(group.vat), currency);
    }
  }
  const prepaid = inv.kind === 'final' ? inv.deductions.reduce((s, d) => s.plus(d.gross), new Decimal(0)) : new Decimal(0);
  const totals = totalsOf(currency, parts, prepaid);
  if (!new Decimal(totals.payable).eq(abs(inv.totals.gross))) {
    throw new Error(`e-invoice of ${inv.number}: the lines and VAT add up to ${totals.payable} due, the invoice to ${inv.totals.gross} (KONTOR-SUM)`);
  }
  if (inv.kind === 'final') {
    for (const d of inv.deductions) {
      notes.push(
        language === 'de'
          ? `Abzüglich ${d.invoiceNumber} vom ${d.issueDate}: netto ${d.net}, USt ${d.vatRate} % ${d.vat}, brutto ${d.gross} ${currency}`
          : `Less ${d.invoiceNumber} of ${d.issueDate}: net ${d.net}, VAT ${d.vatRate} % ${d.vat}, gross ${d.gross} ${currency}`,
      );
    }
  }
  if (correction && inv.reason) notes.push(inv.reason);
  if (inv.remark) notes.push(inv.remark);
  const preceding = correction
    ? ctx.corrected
      ? [{ number: ctx.corrected.number, issueDate: berlinDate(new Date(ctx.corrected.createdAt)) }]
      : []
    : inv.kind === 'final'
      ? [...new Map(inv.deductions.map((d) => [d.invoiceNumber, { number: d.invoiceNumber, issueDate: d.issueDate }])).values()]
      : [];
  const s = ctx.seller;
  const customer = inv.customer;
  const buyerAddress = ctx.settings.electronicAddress ?? (customer.email ? { scheme: 'EM', value: customer.email } : undefined);
  const skonto = inv.earlyPaymentDiscount;
  const paymentTerms = correction
    ? language === 'de'
      ? 'Der Betrag wird erstattet oder mit offenen Rechnungen verrechnet.'
      : 'The amount is refunded or set off against open invoices.'
    : [
        // XRechnung's structured Skonto line (BR-DE-18), then the terms in words.
        ...(skonto ? [`#SKONTO#TAGE=${skonto.days}#PROZENT=${new Decimal(skonto.percent).toFixed(2)}#`] : []),
        language === 'de' ? `Zahlbar bis ${inv.dueDate} ohne Abzug.` : `Payable by ${inv.dueDate} without deduction.`,
      ].join('\n');
  const vatInEur = currency !== 'EUR' ? (inv.totalsBase?.vat ?? new Decimal(totals.tax).div(inv.exchangeRate.rate).toString()) : undefined;
  return {
    number: inv.number,
    typeCode: TYPE_CODE[inv.kind],
    issueDate: berlinDate(new Date(inv.createdAt)),
    ...(correction ? {} : { dueDate: inv.dueDate }),
    currency,
    ...(vatInEur !== undefined ? { vatCurrency: { currency: 'EUR', tax: amount(abs(vatInEur), 'EUR') } } : {}),
    buyerReference: ctx.settings.buyerReference || inv.orderNumber || customer.number,
    ...(inv.orderNumber ? { orderReference: inv.orderNumber } : {}),
    notes,
    paymentTerms,
    precedingInvoices: preceding,
    seller: {
      name: s.name,
      address: { street: s.street, city: s.city, postalCode: s.postalCode, country: s.country },
      vatId: s.vatId,
      taxNumber: s.taxNumber,
      electronicAddress: { scheme: 'EM', value: s.email },
      contact: { name: language === 'de' ? 'Buchhaltung' : 'Accounting', phone: s.phone, email: s.email },
      legalRegistration: `${s.registerCourt} ${s.registerNumber}`.trim(),
    },
    buyer: {
      name: customer.name,
      address: { ...customer.billingAddress },
      ...(customer.vatId ? { vatId: customer.vatId } : {}),
      ...(buyerAddress ? { electronicAddress: buyerAddress } : {}),
    },
    delivery: { date: inv.supplyDate, address: deliverTo(customer) },
    ...(inv.period ? { period: { start: inv.period.start, end: inv.period.end } } : {}),
    payment: { meansCode: '58', iban: s.iban, bic: s.bic, accountName: s.name, remittance: inv.number },
    lines,
    allowanceCharges: [],
    vat: parts.vat,
    totals,
  };
}

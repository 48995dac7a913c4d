import { Decimal } from '../../../shared/money.ts';
import { BASE_CURRENCY, minorUnits } from '../../../shared/currencies.ts';
import type { Address, CustomerSnapshot, PricedDocument } from '../../../shared/contracts/common.ts';
import type { RenderRequest } from '../../../shared/contracts/document/index.ts';
import type { Invoice } from '../../../shared/contracts/invoicing/index.ts';
import type { DeliveryNote, PickList, ShippingMethod } from '../../../shared/contracts/fulfillment/index.ts';
import { berlinDate } from '../../../shared/dates.ts';
import { needsBothVatIds, taxNoteCodeOf, taxNotes } from '../../../shared/tax-notes.ts';
import type { Seller } from '../../../shared/seller.ts';
import { invoiceIntro, invoiceTitle, settlementView, type SettlementView } from './invoice-kinds.ts';
import type { Reminder } from '../../../shared/contracts/invoicing/dunning.ts';
import { receiptView, type ReceiptView } from './receipt.ts';
import { dictionary, formatNumber, languageOf, printDate, type Dictionary, type Labels, type Lang } from './i18n.ts';

/*
 * Everything a template prints, already formatted as strings in the customer's
 * language (German or English, see i18n.ts). The
 * templates only place text: no arithmetic, no formatting, no I/O, so what a
 * document says can be unit-tested here without a browser.
 */

export interface LabeledValue {
  label: string;
  value: string;
}
export interface AddressBlock {
  label: string;
  lines: string[];
}

export interface SellerView {
  name: string;
  /** One-line return address above the recipient (DIN 5008 Rücksendeangabe). */
  senderLine: string;
  letterhead: string[];
  /** The firm's logo as a data URI (branding), shown in the letterhead. */
  logo?: string | null;
  bank: { name: string; iban: string; bic: string };
  /** Footer columns, one array of lines per column. */
  footer: string[][];
}

interface PositionView {
  position: string;
  sku: string;
  /** Article numbers up to LONG_SKU characters never wrap; longer ones may break anywhere in their capped column. */
  skuLong: boolean;
  description: string;
  quantity: string;
  unit: string;
}
export interface PricedPositionView extends PositionView {
  unitPrice: string;
  discount: string;
  vatRate: string;
  net: string;
  /** A combined invoice (Sammelrechnung): the order and delivery note whose lines start here ("Auftrags-Nr. AB-…, Lieferschein LS-…"). */
  heading?: string;
}
export interface DeliveryPositionView extends PositionView {
  orderPosition: string;
}
/** A pick list row: where to take the goods from ("—" when not known). */
export interface PickPositionView extends DeliveryPositionView {
  warehouse: string;
  bin: string;
}

/** "USt 19 % auf 4.996,00" for one VAT rate: the rate's net base is in the label, its VAT in vat. */
export interface TaxRowView {
  label: string;
  net: string;
  vat: string;
}
/** Subtotal and document-level reductions (Rabatt, Gutschein) shown above the net sum when there are any. */
export interface AdjustmentView {
  label: string;
  amount: string;
}
/**
 * The totals block, top to bottom: the positions' sum and reductions (if any),
 * the overall net, the VAT per rate, the overall VAT and the gross total, so
 * every sum a reader checks is printed (positions − reductions = net; net + VAT = gross).
 */
export interface TotalsView {
  currency: string;
  adjustments: AdjustmentView[];
  netLabel: string;
  net: string;
  taxRows: TaxRowView[];
  vatLabel: string;
  vat: string;
  grossLabel: string;
  gross: string;
}

interface BaseView {
  /** The document language (the customer's): the page's lang attribute. */
  lang: Lang;
  /** The fixed words the templates print (headers, labels, greeting, closing). */
  text: Labels;
  title: string;
  number: string;
  date: string;
  customerNumber: string;
  seller: SellerView;
  recipient: string[];
  /** The other address of the customer when it differs (shipping on priced documents, billing on delivery notes). */
  otherAddress: AddressBlock | null;
  meta: LabeledValue[];
}

interface PricedView extends BaseView {
  currency: string;
  positions: PricedPositionView[];
  totals: TotalsView;
  paymentTerms: string;
  /** Set for foreign-currency documents: the captured rate and the gross total in EUR. */
  exchange: { rate: string; grossBase: string } | null;
  /** Legal notes of the tax treatment (reverse charge, export, § 19 UStG). */
  taxNotes: string[];
  /** Both parties' VAT IDs, required next to the reverse-charge and intra-EU notes (§ 14a Abs. 1, 3 UStG). */
  vatIds: string | null;
}

export interface QuoteView extends PricedView {
  kind: 'quote';
  intro: string;
  validUntil: string;
}
export interface OrderView extends PricedView {
  kind: 'order';
  quoteNumber: string | null;
  intro: string;
}

export interface InvoiceView extends PricedView {
  kind: 'invoice';
  /** The opening sentence: what the invoice bills (deliveries, a down payment, a progress share, the final settlement). */
  intro: string;
  /** Final invoices: the whole order, the deductions and what is left, per VAT rate. */
  settlement: SettlementView | null;
  /** Free text from the draft, printed below the positions. */
  remark: string | null;
  orderNumber: string;
  deliveryNoteNumbers: string;
  supplyDate: string;
  dueDate: string;
  /** "Bitte überweisen Sie den Gesamtbetrag von …" with amount, number and bank. */
  transferRequest: string;
}

/** Positions of a combined invoice with a heading where the order or the delivery note changes (the lines come grouped so). */
function groupedPositions(i: Invoice, positions: PricedPositionView[], t: Dictionary['labels']): PricedPositionView[] {
  let last = '';
  return positions.map((p, k) => {
    const line = i.lines[k]!;
    const group = `${t.orderNo} ${line.orderNumber ?? i.orderNumber}, ${t.deliveryNote} ${line.deliveryNoteNumber ?? '–'}`;
    if (group === last) return p;
    last = group;
    return { ...p, heading: group };
  });
}

/** A correction of an invoice: cancellation invoice (Stornorechnung) or credit note (Rechnungskorrektur), never titled "Gutschrift". */
export interface CorrectionView extends PricedView {
  kind: 'cancellation' | 'credit_note';
  /** "zu Rechnung RE-2026-00001 vom 01.12.2026" */
  refersTo: string;
  reason: string;
  /** The opening sentence: what the correction does to which order. */
  intro: string;
  orderNumber: string;
  supplyDate: string;
  /** What happens with the amount: the invoice is void, or the amount is set off against it and any excess refunded. */
  settlement: string;
}

export interface DeliveryNoteView extends BaseView {
  kind: 'delivery_note';
  orderNumber: string;
  positions: DeliveryPositionView[];
  shippingMethod: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  intro: string;
  /** "Versand (Paket) mit DHL am …", null when neither carrier nor tracking number is known. */
  shipping: string | null;
}

/** The warehouse's pick list of one delivery note (Kommissionierliste): positions, quantities, where they lie; ticked and signed by the picker. */
export interface PickListView extends BaseView {
  kind: 'pick_list';
  orderNumber: string;
  customerName: string;
  /** "Auftrag AU-… · Kunde … (K-…)" */
  pickFor: string;
  positions: PickPositionView[];
}

/** A payment reminder (Zahlungserinnerung, Mahnung): the invoice, what is open, interest and fee, and the new date to pay by. */
export interface ReminderView extends BaseView {
  kind: 'reminder';
  invoiceNumber: string;
  currency: string;
  intro: string;
  rows: LabeledValue[];
  total: string;
  payBy: string;
  bank: SellerView['bank'];
  /** "Bitte überweisen Sie … bis zum …" */
  transferRequest: string;
}

export type ViewModel = QuoteView | OrderView | DeliveryNoteView | InvoiceView | PickListView | ReminderView | CorrectionView | ReceiptView;

/** The German name of a shipping method as printed (the delivery notice e-mail is German). */
export const SHIPPING_METHOD_NAMES: Readonly<Record<ShippingMethod, string>> = dictionary('de').shippingMethods;

/** Printed where a pick list does not know the warehouse or bin. */
const UNKNOWN = '—';

// --- formatting -------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * dd.mm.yyyy (German) or yyyy-mm-dd (English). Instants are dated by the Berlin
 * calendar like every document date (an invoice written at 00:30 on 1 January
 * is dated 01.01.); date-only strings are taken literally so they never shift by a time zone.
 */
export function formatDate(iso: string, lang: Lang = 'de'): string {
  const literal = ISO_DATE.exec(iso);
  if (literal) return printDate(literal[1]!, literal[2]!, literal[3]!, lang);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date ${iso}`);
  const [, y, m, day] = ISO_DATE.exec(berlinDate(d))!;
  return printDate(y!, m!, day!, lang);
}

/**
 * Where the exchange rate came from, in the document language. The source is stored in English
 * ("ECB reference rate of 2026-11-20", "manual: <reason>"); anything else is printed as stored.
 */
export function exchangeRateSource(source: string, capturedAt: string, lang: Lang = 'de'): string {
  const say = dictionary(lang).say;
  const ecb = /^ECB reference rate of (\d{4}-\d{2}-\d{2})$/.exec(source);
  if (ecb) return say.ecbRate(formatDate(ecb[1]!, lang));
  const manual = /^manual: ([\s\S]*)$/.exec(source);
  if (manual) return say.manualRate(formatDate(capturedAt, lang), manual[1]!.trim());
  return `${source}, ${formatDate(capturedAt, lang)}`;
}

/**
 * Bidi controls (embeddings, overrides, isolates, marks) from customer-supplied
 * text: a U+202E in a name would print the rest of the line reversed. Without
 * them, right-to-left scripts are still laid out by the Unicode bidi algorithm.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Applies withoutBidiControls to every string of a view model: every printed text passes through here. */
function printable<T>(value: T): T {
  if (typeof value === 'string') return withoutBidiControls(value) as T;
  if (Array.isArray(value)) return value.map(printable) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)])) as T;
  }
  return value;
}

/** Article numbers up to this length print on one line (12-character SKUs are common); longer ones wrap in a capped column. */
const LONG_SKU = 14;

/** An amount with exactly the currency's minor units: "1.234,50" (de), "1,234.50" (en). */
export function formatAmount(amount: string, currency: string, lang: Lang = 'de'): string {
  return formatNumber(amount, minorUnits(currency), lang);
}

/** Unit prices may be finer than a cent (e.g. 0,125 €/Stk); never round those away. */
export function formatUnitPrice(amount: string, currency: string, lang: Lang = 'de'): string {
  return formatNumber(amount, Math.max(minorUnits(currency), new Decimal(amount).decimalPlaces()), lang);
}

/** Quantities as entered, without trailing zeros: "2.50" → "2,5", "1000" → "1.000" (de); "2.5", "1,000" (en). */
export function formatQuantity(quantity: string, lang: Lang = 'de'): string {
  return formatNumber(quantity, new Decimal(quantity).decimalPlaces(), lang);
}

/** "19" → "19 %", "7.5" → "7,5 %" (DIN 5008 puts a space before the percent sign); English "19%", "7.5%". */
export function formatPercent(value: string, lang: Lang = 'de'): string {
  return lang === 'de' ? `${formatQuantity(value, lang)} %` : `${formatQuantity(value, lang)}%`;
}

/** Common UN/ECE Rec. 20 codes to abbreviations of the document language; anything else is printed as given. */
export function formatUnit(unit: string, lang: Lang = 'de'): string {
  return dictionary(lang).units[unit] ?? unit;
}

/** IBANs are printed in groups of four for readability. */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

const regionNames = { de: new Intl.DisplayNames(['de'], { type: 'region' }), en: new Intl.DisplayNames(['en'], { type: 'region' }) };

function countryName(code: string, lang: Lang): string {
  try {
    return regionNames[lang].of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a well-formed region code: print what we were given
  }
}

/** Postal lines; foreign addresses get the country in capitals as the last line (DIN 5008). */
export function addressLines(address: Address, homeCountry = 'DE', lang: Lang = 'de'): string[] {
  const lines = [address.name, address.street, `${address.postalCode} ${address.city}`];
  if (address.country.toUpperCase() !== homeCountry.toUpperCase()) {
    lines.push(countryName(address.country, lang).toUpperCase());
  }
  return lines;
}

function sameAddress(a: Address, b: Address): boolean {
  return a.name === b.name && a.street === b.street && a.postalCode === b.postalCode && a.city === b.city && a.country === b.country;
}

function paymentTerms(days: number, dueDate: string | null, d: Dictionary): string {
  const within = days <= 0 ? d.say.payNow : d.say.payWithin(days);
  return dueDate ? d.say.payBy(within, dueDate) : d.say.payAfterInvoice(within);
}

/** The terms of an invoice that offers Skonto: both dates and both amounts, so the customer need not compute. */
export function skontoTerms(
  s: { percent: string; until: string; amount: string; payableAmount: string },
  dueDate: string,
  currency: string,
  lang: Lang = 'de',
): string {
  return dictionary(lang).say.skonto(
    dueDate,
    formatDate(s.until, lang),
    formatPercent(s.percent, lang),
    `${formatAmount(s.amount, currency, lang)} ${currency}`,
    `${formatAmount(s.payableAmount, currency, lang)} ${currency}`,
  );
}

// --- view model -------------------------------------------------------------

function sellerView(s: Seller, d: Dictionary): SellerView {
  const { name, street, postalCode, city, country } = s;
  const t = d.labels;
  const address = addressLines({ name, street, postalCode, city, country }, 'DE', d.lang);
  return {
    name: s.name,
    senderLine: address.join(' · '),
    letterhead: [...address.slice(1), `${t.phone} ${s.phone}`, s.email],
    bank: { name: s.bankName, iban: formatIban(s.iban), bic: s.bic },
    footer: [
      address,
      [`${t.phone} ${s.phone}`, s.email, `${t.managingDirector} ${s.managingDirector}`],
      [s.registerCourt, s.registerNumber, `${t.vatIdLabel} ${s.vatId}`, `${t.taxNo} ${s.taxNumber}`],
      [s.bankName, `IBAN: ${formatIban(s.iban)}`, `BIC: ${s.bic}`],
    ],
  };
}

function baseView(
  title: string,
  number: string,
  createdAt: string,
  customer: CustomerSnapshot,
  seller: Seller,
  deliveryNote: boolean,
  d: Dictionary,
): BaseView {
  const billing = addressLines(customer.billingAddress, seller.country, d.lang);
  const shipping = addressLines(customer.shippingAddress, seller.country, d.lang);
  const differs = !sameAddress(customer.billingAddress, customer.shippingAddress);
  return {
    lang: d.lang,
    text: d.labels,
    title,
    number,
    date: formatDate(createdAt, d.lang),
    customerNumber: customer.number,
    seller: sellerView(seller, d),
    // A delivery note travels with the goods, so it is addressed to where they go.
    recipient: deliveryNote ? shipping : billing,
    otherAddress: !differs ? null : deliveryNote ? { label: d.labels.billingAddress, lines: billing } : { label: d.labels.shippingAddress, lines: shipping },
    meta: [],
  };
}

function pricedView(title: string, doc: PricedDocument, seller: Seller, dueDate: string | null, d: Dictionary): PricedView {
  const c = doc.currency;
  const lang = d.lang;
  return {
    ...baseView(title, doc.number, doc.createdAt, doc.customer, seller, false, d),
    currency: c,
    positions: doc.lines.map((l) => ({
      position: String(l.position),
      sku: l.sku,
      skuLong: l.sku.length > LONG_SKU,
      description: l.description,
      quantity: formatQuantity(l.quantity, lang),
      unit: formatUnit(l.unit, lang),
      unitPrice: formatUnitPrice(l.unitPrice, c, lang),
      discount: new Decimal(l.discountPercent).isZero() ? '–' : formatPercent(l.discountPercent, lang),
      vatRate: formatPercent(l.vatRate, lang),
      // Positions show their own amount (quantity × price − line discount); document discounts and coupons appear once in the totals.
      net: formatAmount(l.lineNet ?? l.net, c, lang),
    })),
    totals: {
      currency: c,
      adjustments: adjustments(doc, d),
      netLabel: d.labels.netTotal,
      net: formatAmount(doc.totals.net, c, lang),
      taxRows: doc.totals.taxGroups.map((g) => ({
        label: d.say.taxRow(formatPercent(g.vatRate, lang), formatAmount(g.net, c, lang)),
        net: formatAmount(g.net, c, lang),
        vat: formatAmount(g.vat, c, lang),
      })),
      vatLabel: d.labels.vatTotal,
      vat: formatAmount(doc.totals.vat, c, lang),
      grossLabel: d.labels.grossTotal,
      gross: formatAmount(doc.totals.gross, c, lang),
    },
    paymentTerms: paymentTerms(doc.paymentTermsDays, dueDate, d),
    exchange:
      c === BASE_CURRENCY
        ? null
        : {
            rate: `1 ${doc.exchangeRate.base} = ${formatQuantity(doc.exchangeRate.rate, lang)} ${doc.exchangeRate.quote} (${exchangeRateSource(doc.exchangeRate.source, doc.exchangeRate.capturedAt, lang)})`,
            grossBase: `${formatAmount(doc.grossBase, BASE_CURRENCY, lang)} ${BASE_CURRENCY}`,
          },
    taxNotes: (doc.taxNotes ?? []).map((n) => taxNoteIn(n, lang)),
    vatIds: doc.lines.some((l) => needsBothVatIds(l.taxTreatment)) ? d.say.vatIds(seller.vatId, doc.customer.vatId ?? '–') : null,
  };
}

/**
 * A legal note in the document's language, whatever language it was stored in:
 * German customers get the German wording the law names, English customers the English one.
 */
function taxNoteIn(text: string, lang: Lang): string {
  const code = taxNoteCodeOf(text);
  return code ? taxNotes([code], lang)[0]! : text;
}

function adjustments(doc: PricedDocument, d: Dictionary): AdjustmentView[] {
  const c = doc.currency;
  const total = (pick: (l: PricedDocument['lines'][number]) => string | undefined) => doc.lines.reduce((a, l) => a.plus(pick(l) ?? '0'), new Decimal(0));
  const discount = total((l) => l.documentDiscount);
  const coupon = total((l) => l.couponDiscount);
  if (discount.isZero() && coupon.isZero()) return [];
  return [
    { label: d.labels.subtotalNet, amount: formatAmount(total((l) => l.lineNet ?? l.net).toFixed(), c, d.lang) },
    ...(discount.isZero() ? [] : [{ label: d.labels.lessDiscount, amount: `−${formatAmount(discount.toFixed(), c, d.lang)}` }]),
    ...(coupon.isZero() ? [] : [{ label: d.labels.lessCoupon, amount: `−${formatAmount(coupon.toFixed(), c, d.lang)}` }]),
  ];
}

function customerVatId(customer: CustomerSnapshot, d: Dictionary): LabeledValue[] {
  return customer.vatId ? [{ label: d.labels.yourVatId, value: customer.vatId }] : [];
}

function deliveryNoteView(dn: DeliveryNote, seller: Seller, d: Dictionary): DeliveryNoteView {
  const t = d.labels;
  const shippedAt = dn.shippedAt ? formatDate(dn.shippedAt, d.lang) : null;
  const shippingMethod = dn.shippingMethod ? d.shippingMethods[dn.shippingMethod] : null;
  const view: DeliveryNoteView = {
    ...baseView(t.deliveryNote, dn.number, dn.createdAt, dn.customer, seller, true, d),
    kind: 'delivery_note',
    orderNumber: dn.orderNumber,
    positions: dn.lines.map((l) => ({
      position: String(l.position),
      orderPosition: String(l.orderPosition),
      sku: l.sku,
      skuLong: l.sku.length > LONG_SKU,
      description: l.description,
      quantity: formatQuantity(l.quantity, d.lang),
      unit: formatUnit(l.unit, d.lang),
    })),
    shippingMethod,
    carrier: dn.carrier,
    trackingNumber: dn.trackingNumber,
    shippedAt,
    intro: d.say.deliveryIntro(dn.orderNumber),
    shipping: dn.carrier || dn.trackingNumber ? d.say.shipping({ method: shippingMethod, carrier: dn.carrier, shippedAt, tracking: dn.trackingNumber }) : null,
  };
  view.meta = [
    { label: t.deliveryNoteNo, value: dn.number },
    { label: t.date, value: view.date },
    { label: t.customerNo, value: dn.customer.number },
    { label: t.orderNo, value: dn.orderNumber },
    ...(shippedAt ? [{ label: t.shippedOn, value: shippedAt }] : []),
    ...(view.shippingMethod ? [{ label: t.shippingMethod, value: view.shippingMethod }] : []),
    ...(dn.carrier ? [{ label: t.carrier, value: dn.carrier }] : []),
    ...(dn.trackingNumber ? [{ label: t.trackingNo, value: dn.trackingNumber }] : []),
  ];
  return view;
}

function pickListView(p: PickList, seller: Seller, d: Dictionary): PickListView {
  const t = d.labels;
  const view: PickListView = {
    // Addressed like its delivery note, so the picker sees where the goods go.
    ...baseView(t.pickList, p.number, p.createdAt, p.customer, seller, true, d),
    kind: 'pick_list',
    orderNumber: p.orderNumber,
    customerName: p.customer.name,
    pickFor: d.say.pickFor(p.orderNumber, p.customer.name, p.customer.number),
    positions: p.lines.map((l) => ({
      position: String(l.position),
      orderPosition: String(l.orderPosition),
      sku: l.sku,
      skuLong: l.sku.length > LONG_SKU,
      description: l.description,
      quantity: formatQuantity(l.quantity, d.lang),
      unit: formatUnit(l.unit, d.lang),
      warehouse: l.warehouse ?? UNKNOWN,
      bin: l.bin ?? UNKNOWN,
    })),
  };
  view.meta = [
    { label: t.deliveryNoteNo, value: p.number },
    { label: t.date, value: view.date },
    { label: t.orderNo, value: p.orderNumber },
    { label: t.customerNo, value: p.customer.number },
  ];
  return view;
}

/** Titles of corrections as German VAT practice names them; "Gutschrift" would mean self-billing (§ 14 Abs. 2 UStG). */
export const CORRECTION_TITLES = { cancellation: dictionary('de').labels.cancellation, credit_note: dictionary('de').labels.creditNote } as const;

function correctionView(kind: 'cancellation' | 'credit_note', c: Invoice, invoice: Invoice, seller: Seller, d: Dictionary): CorrectionView {
  const t = d.labels;
  const lang = d.lang;
  const invoiceDate = formatDate(invoice.createdAt, lang);
  const gross = `${formatAmount(new Decimal(c.totals.gross).neg().toString(), c.currency, lang)} ${c.currency}`;
  const supplyDate = formatDate(c.supplyDate, lang);
  const view: CorrectionView = {
    ...pricedView(kind === 'cancellation' ? t.cancellation : t.creditNote, c, seller, null, d),
    kind,
    refersTo: d.say.refersTo(invoice.number, invoiceDate),
    reason: c.reason ?? '',
    intro: kind === 'cancellation' ? d.say.cancellationIntro(c.orderNumber, supplyDate) : d.say.creditNoteIntro(c.orderNumber, supplyDate),
    orderNumber: c.orderNumber,
    supplyDate,
    settlement: kind === 'cancellation' ? d.say.cancellationSettlement(invoice.number) : d.say.creditNoteSettlement(gross, invoice.number),
  };
  view.meta = [
    { label: kind === 'cancellation' ? t.cancellationNo : t.correctionNo, value: c.number },
    { label: t.date, value: view.date },
    { label: t.customerNo, value: c.customer.number },
    { label: t.orderNo, value: c.orderNumber },
    { label: t.forInvoice, value: invoice.number },
    { label: t.invoiceDate, value: invoiceDate },
    { label: t.supplyDate, value: view.supplyDate },
    ...customerVatId(c.customer, d),
  ];
  return view;
}

export function buildViewModel(req: RenderRequest, seller: Seller): ViewModel {
  return printable(viewModelOf(req, seller));
}

function viewModelOf(req: RenderRequest, seller: Seller): ViewModel {
  const d = dictionary(languageOf(req.document.customer));
  const t = d.labels;
  const lang = d.lang;
  switch (req.kind) {
    case 'quote': {
      const q = req.document;
      const view: QuoteView = {
        ...pricedView(t.quote, q, seller, null, d),
        kind: 'quote',
        intro: t.quoteIntro,
        validUntil: formatDate(q.validUntil, lang),
      };
      view.meta = [
        { label: t.quoteNo, value: q.number },
        ...((q.revision ?? 1) > 1 ? [{ label: t.revision, value: String(q.revision) }] : []),
        { label: t.date, value: view.date },
        { label: t.customerNo, value: q.customer.number },
        { label: t.validUntilLabel, value: view.validUntil },
        ...customerVatId(q.customer, d),
      ];
      return view;
    }
    case 'order': {
      const o = req.document;
      const view: OrderView = {
        ...pricedView(t.order, o, seller, null, d),
        kind: 'order',
        quoteNumber: o.quoteNumber,
        intro: d.say.orderIntro(o.quoteNumber),
      };
      view.meta = [
        { label: t.orderNo, value: o.number },
        { label: t.date, value: view.date },
        { label: t.customerNo, value: o.customer.number },
        ...(o.quoteNumber ? [{ label: t.yourQuote, value: o.quoteNumber }] : []),
        ...customerVatId(o.customer, d),
      ];
      return view;
    }
    case 'delivery_note':
      return deliveryNoteView(req.document, seller, d);
    case 'pick_list':
      return pickListView(req.document, seller, d);
    case 'invoice': {
      const i = req.document;
      const dueDate = formatDate(i.dueDate, lang);
      const priced = pricedView(invoiceTitle(i, d), i, seller, dueDate, d);
      const orders = i.orderNumbers?.length ? i.orderNumbers : [i.orderNumber];
      // A combined invoice lists its lines grouped per order and delivery note, each group under its heading.
      if (orders.length > 1) priced.positions = groupedPositions(i, priced.positions, t);
      const view: InvoiceView = {
        ...priced,
        kind: 'invoice',
        intro: invoiceIntro(i, d),
        settlement: settlementView(i, d),
        remark: i.remark ?? null,
        orderNumber: i.orderNumber,
        deliveryNoteNumbers: i.deliveryNoteNumbers.join(', '),
        supplyDate: formatDate(i.supplyDate, lang),
        dueDate,
        transferRequest: d.say.transferRequest(`${priced.totals.gross} ${i.currency}`, i.number, priced.seller.bank),
      };
      if (i.earlyPaymentDiscount) view.paymentTerms = skontoTerms(i.earlyPaymentDiscount, dueDate, i.currency, lang);
      view.meta = [
        { label: t.invoiceNo, value: i.number },
        { label: t.invoiceDate, value: view.date },
        { label: t.customerNo, value: i.customer.number },
        { label: t.orderNo, value: orders.join(', ') },
        ...(i.deliveryNoteNumbers.length
          ? [{ label: i.deliveryNoteNumbers.length > 1 ? t.deliveryNotes : t.deliveryNote, value: view.deliveryNoteNumbers }]
          : []),
        // A down payment or progress share bills before the supply is complete: no supply date to state.
        ...(i.kind === 'down_payment' || i.kind === 'progress' ? [] : [{ label: t.supplyDate, value: view.supplyDate }]),
        { label: t.dueOn, value: dueDate },
        ...customerVatId(i.customer, d),
      ];
      return view;
    }
    case 'cancellation':
    case 'credit_note':
      return correctionView(req.kind, req.document, req.invoice, seller, d);
    case 'reminder':
      return reminderView(req.document, seller, d);
    case 'receipt': {
      const i = req.document;
      const priced = pricedView(t.invoice, i, seller, formatDate(i.dueDate, lang), d);
      return receiptView(i, seller, priced.seller, d, { taxNotes: priced.taxNotes, paymentTerms: priced.paymentTerms });
    }
    default:
      throw new Error(`unknown document kind ${(req as { kind: string }).kind}`);
  }
}

function reminderView(r: Reminder, seller: Seller, d: Dictionary): ReminderView {
  const c = r.currency;
  const lang = d.lang;
  const t = d.labels;
  const due = formatDate(r.dueDate, lang);
  const base = baseView(d.say.reminderTitle(r.title), r.number, r.createdAt, r.customer, seller, false, d);
  const first = r.level === 1;
  const total = formatAmount(r.total, c, lang);
  const payBy = formatDate(r.payBy, lang);
  return {
    ...base,
    kind: 'reminder',
    invoiceNumber: r.invoiceNumber,
    currency: c,
    intro: first ? d.say.reminderFirstIntro(r.invoiceNumber, due) : d.say.reminderLaterIntro(r.invoiceNumber, due),
    rows: [
      { label: d.say.reminderOpen(r.invoiceNumber, due), value: formatAmount(r.openAmount, c, lang) },
      ...(new Decimal(r.interest).isZero()
        ? []
        : [{ label: d.say.reminderInterest(formatPercent(r.interestRatePercent, lang), r.daysOverdue), value: formatAmount(r.interest, c, lang) }]),
      ...(new Decimal(r.fee).isZero() ? [] : [{ label: d.say.reminderFee, value: formatAmount(r.fee, c, lang) }]),
    ],
    total,
    payBy,
    bank: base.seller.bank,
    transferRequest: d.say.reminderTransfer(`${total} ${c}`, payBy, r.invoiceNumber, base.seller.bank),
    meta: [
      { label: t.reminderNo, value: r.number },
      { label: t.date, value: base.date },
      { label: t.customerNo, value: r.customer.number },
      { label: t.invoiceNo, value: r.invoiceNumber },
      { label: t.orderNo, value: r.orderNumber },
    ],
  };
}

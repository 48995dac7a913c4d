import { Decimal, formatGerman } from '../../../shared/money.ts';
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

/*
 * Everything a template prints, already formatted as German strings. The
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
  validUntil: string;
}
export interface OrderView extends PricedView {
  kind: 'order';
  quoteNumber: string | null;
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
}

/** A correction of an invoice: cancellation invoice (Stornorechnung) or credit note (Rechnungskorrektur), never titled "Gutschrift". */
export interface CorrectionView extends PricedView {
  kind: 'cancellation' | 'credit_note';
  /** "zu Rechnung RE-2026-00001 vom 01.12.2026" */
  refersTo: string;
  reason: string;
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
}

/** The warehouse's pick list of one delivery note (Kommissionierliste): positions, quantities, where they lie; ticked and signed by the picker. */
export interface PickListView extends BaseView {
  kind: 'pick_list';
  orderNumber: string;
  customerName: string;
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
}

export type ViewModel = QuoteView | OrderView | DeliveryNoteView | InvoiceView | PickListView | ReminderView | CorrectionView;

/** The German name of a shipping method as printed. */
export const SHIPPING_METHOD_NAMES: Readonly<Record<ShippingMethod, string>> = { parcel: 'Paket', freight: 'Spedition', pickup: 'Abholung', courier: 'Kurier' };

/** Printed where a pick list does not know the warehouse or bin. */
const UNKNOWN = '—';

// --- formatting -------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * dd.mm.yyyy. Instants are dated by the Berlin calendar like every document
 * date (an invoice written at 00:30 on 1 January is dated 01.01.); date-only
 * strings are taken literally so they never shift by a time zone.
 */
export function formatDate(iso: string): string {
  const literal = ISO_DATE.exec(iso);
  if (literal) return `${literal[3]}.${literal[2]}.${literal[1]}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date ${iso}`);
  const [, y, m, day] = ISO_DATE.exec(berlinDate(d))!;
  return `${day}.${m}.${y}`;
}

/**
 * Where the exchange rate came from, in German. The source is stored in English
 * ("ECB reference rate of 2026-11-20", "manual: <reason>"); anything else is printed as stored.
 */
export function exchangeRateSource(source: string, capturedAt: string): string {
  const ecb = /^ECB reference rate of (\d{4}-\d{2}-\d{2})$/.exec(source);
  if (ecb) return `EZB-Referenzkurs vom ${formatDate(ecb[1]!)}`;
  const manual = /^manual: ([\s\S]*)$/.exec(source);
  if (manual) return `manuell festgelegter Kurs vom ${formatDate(capturedAt)}: ${manual[1]!.trim()}`;
  return `${source}, ${formatDate(capturedAt)}`;
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

/** An amount with exactly the currency's minor units: "1.234,50". */
export function formatAmount(amount: string, currency: string): string {
  return formatGerman(amount, minorUnits(currency));
}

/** Unit prices may be finer than a cent (e.g. 0,125 €/Stk); never round those away. */
export function formatUnitPrice(amount: string, currency: string): string {
  return formatGerman(amount, Math.max(minorUnits(currency), new Decimal(amount).decimalPlaces()));
}

/** Quantities as entered, without trailing zeros: "2.50" → "2,5", "1000" → "1.000". */
export function formatQuantity(quantity: string): string {
  return formatGerman(quantity, new Decimal(quantity).decimalPlaces());
}

/** "19" → "19 %", "7.5" → "7,5 %" (DIN 5008 puts a space before the percent sign). */
export function formatPercent(value: string): string {
  return `${formatQuantity(value)} %`;
}

/** Common UN/ECE Rec. 20 codes to German abbreviations; anything else is printed as given. */
const UNIT_LABELS: Readonly<Record<string, string>> = {
  C62: 'Stk',
  H87: 'Stk',
  PCE: 'Stk',
  pcs: 'Stk',
  piece: 'Stk',
  HUR: 'Std',
  h: 'Std',
  hour: 'Std',
  DAY: 'Tag',
  day: 'Tag',
  KGM: 'kg',
  MTR: 'm',
  LTR: 'l',
  MTK: 'm²',
  SET: 'Set',
  PK: 'Pkg',
  flat: 'pauschal',
};

export function formatUnit(unit: string): string {
  return UNIT_LABELS[unit] ?? unit;
}

/** IBANs are printed in groups of four for readability. */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

const regionNames = new Intl.DisplayNames(['de'], { type: 'region' });

function countryName(code: string): string {
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a well-formed region code: print what we were given
  }
}

/** Postal lines; foreign addresses get the country in capitals as the last line (DIN 5008). */
export function addressLines(address: Address, homeCountry = 'DE'): string[] {
  const lines = [address.name, address.street, `${address.postalCode} ${address.city}`];
  if (address.country.toUpperCase() !== homeCountry.toUpperCase()) {
    lines.push(countryName(address.country).toUpperCase());
  }
  return lines;
}

function sameAddress(a: Address, b: Address): boolean {
  return a.name === b.name && a.street === b.street && a.postalCode === b.postalCode && a.city === b.city && a.country === b.country;
}

function paymentTerms(days: number, dueDate: string | null): string {
  const within = days <= 0 ? 'Zahlbar sofort ohne Abzug' : `Zahlbar innerhalb von ${days} ${days === 1 ? 'Tag' : 'Tagen'} ohne Abzug`;
  return dueDate ? `${within} bis zum ${dueDate}.` : `${within} nach Rechnungsstellung.`;
}

/** The terms of an invoice that offers Skonto: both dates and both amounts, so the customer need not compute. */
export function skontoTerms(s: { percent: string; until: string; amount: string; payableAmount: string }, dueDate: string, currency: string): string {
  return (
    `Zahlbar bis ${dueDate} ohne Abzug, bei Zahlung bis ${formatDate(s.until)} abzüglich ${formatPercent(s.percent)} Skonto ` +
    `(${formatAmount(s.amount, currency)} ${currency}): ${formatAmount(s.payableAmount, currency)} ${currency}`
  );
}

// --- view model -------------------------------------------------------------

function sellerView(s: Seller): SellerView {
  const { name, street, postalCode, city, country } = s;
  const address = addressLines({ name, street, postalCode, city, country }, 'DE');
  return {
    name: s.name,
    senderLine: address.join(' · '),
    letterhead: [...address.slice(1), `Tel. ${s.phone}`, s.email],
    bank: { name: s.bankName, iban: formatIban(s.iban), bic: s.bic },
    footer: [
      address,
      [`Tel. ${s.phone}`, s.email, `Geschäftsführung: ${s.managingDirector}`],
      [s.registerCourt, s.registerNumber, `USt-IdNr.: ${s.vatId}`, `Steuernr.: ${s.taxNumber}`],
      [s.bankName, `IBAN: ${formatIban(s.iban)}`, `BIC: ${s.bic}`],
    ],
  };
}

function baseView(title: string, number: string, createdAt: string, customer: CustomerSnapshot, seller: Seller, deliveryNote: boolean): BaseView {
  const billing = addressLines(customer.billingAddress, seller.country);
  const shipping = addressLines(customer.shippingAddress, seller.country);
  const differs = !sameAddress(customer.billingAddress, customer.shippingAddress);
  return {
    title,
    number,
    date: formatDate(createdAt),
    customerNumber: customer.number,
    seller: sellerView(seller),
    // A delivery note travels with the goods, so it is addressed to where they go.
    recipient: deliveryNote ? shipping : billing,
    otherAddress: !differs ? null : deliveryNote ? { label: 'Rechnungsanschrift', lines: billing } : { label: 'Lieferanschrift', lines: shipping },
    meta: [],
  };
}

function pricedView(title: string, doc: PricedDocument, seller: Seller, dueDate: string | null): PricedView {
  const c = doc.currency;
  return {
    ...baseView(title, doc.number, doc.createdAt, doc.customer, seller, false),
    currency: c,
    positions: doc.lines.map((l) => ({
      position: String(l.position),
      sku: l.sku,
      skuLong: l.sku.length > LONG_SKU,
      description: l.description,
      quantity: formatQuantity(l.quantity),
      unit: formatUnit(l.unit),
      unitPrice: formatUnitPrice(l.unitPrice, c),
      discount: new Decimal(l.discountPercent).isZero() ? '–' : formatPercent(l.discountPercent),
      vatRate: formatPercent(l.vatRate),
      // Positions show their own amount (quantity × price − line discount); document discounts and coupons appear once in the totals.
      net: formatAmount(l.lineNet ?? l.net, c),
    })),
    totals: {
      currency: c,
      adjustments: adjustments(doc),
      netLabel: 'Summe netto',
      net: formatAmount(doc.totals.net, c),
      taxRows: doc.totals.taxGroups.map((g) => ({
        label: `USt ${formatPercent(g.vatRate)} auf ${formatAmount(g.net, c)}`,
        net: formatAmount(g.net, c),
        vat: formatAmount(g.vat, c),
      })),
      vatLabel: 'Summe USt',
      vat: formatAmount(doc.totals.vat, c),
      grossLabel: 'Gesamtbetrag (brutto)',
      gross: formatAmount(doc.totals.gross, c),
    },
    paymentTerms: paymentTerms(doc.paymentTermsDays, dueDate),
    exchange:
      c === BASE_CURRENCY
        ? null
        : {
            rate: `1 ${doc.exchangeRate.base} = ${formatQuantity(doc.exchangeRate.rate)} ${doc.exchangeRate.quote} (${exchangeRateSource(doc.exchangeRate.source, doc.exchangeRate.capturedAt)})`,
            grossBase: `${formatAmount(doc.grossBase, BASE_CURRENCY)} ${BASE_CURRENCY}`,
          },
    taxNotes: (doc.taxNotes ?? []).map(germanTaxNote),
    vatIds: doc.lines.some((l) => needsBothVatIds(l.taxTreatment))
      ? `USt-IdNr. des Leistenden: ${seller.vatId} · USt-IdNr. des Leistungsempfängers: ${doc.customer.vatId ?? '–'}`
      : null,
  };
}

/** The documents are German: a legal note stored in the customer's language is printed in its German wording. */
function germanTaxNote(text: string): string {
  const code = taxNoteCodeOf(text);
  return code ? taxNotes([code], 'de')[0]! : text;
}

function adjustments(doc: PricedDocument): AdjustmentView[] {
  const c = doc.currency;
  const total = (pick: (l: PricedDocument['lines'][number]) => string | undefined) => doc.lines.reduce((a, l) => a.plus(pick(l) ?? '0'), new Decimal(0));
  const discount = total((l) => l.documentDiscount);
  const coupon = total((l) => l.couponDiscount);
  if (discount.isZero() && coupon.isZero()) return [];
  return [
    { label: 'Zwischensumme netto', amount: formatAmount(total((l) => l.lineNet ?? l.net).toFixed(), c) },
    ...(discount.isZero() ? [] : [{ label: 'abzüglich Rabatt', amount: `−${formatAmount(discount.toFixed(), c)}` }]),
    ...(coupon.isZero() ? [] : [{ label: 'abzüglich Gutschein', amount: `−${formatAmount(coupon.toFixed(), c)}` }]),
  ];
}

function customerVatId(customer: CustomerSnapshot): LabeledValue[] {
  return customer.vatId ? [{ label: 'Ihre USt-IdNr.', value: customer.vatId }] : [];
}

function deliveryNoteView(d: DeliveryNote, seller: Seller): DeliveryNoteView {
  const shippedAt = d.shippedAt ? formatDate(d.shippedAt) : null;
  const view: DeliveryNoteView = {
    ...baseView('Lieferschein', d.number, d.createdAt, d.customer, seller, true),
    kind: 'delivery_note',
    orderNumber: d.orderNumber,
    positions: d.lines.map((l) => ({
      position: String(l.position),
      orderPosition: String(l.orderPosition),
      sku: l.sku,
      skuLong: l.sku.length > LONG_SKU,
      description: l.description,
      quantity: formatQuantity(l.quantity),
      unit: formatUnit(l.unit),
    })),
    shippingMethod: d.shippingMethod ? SHIPPING_METHOD_NAMES[d.shippingMethod] : null,
    carrier: d.carrier,
    trackingNumber: d.trackingNumber,
    shippedAt,
  };
  view.meta = [
    { label: 'Lieferschein-Nr.', value: d.number },
    { label: 'Datum', value: view.date },
    { label: 'Kunden-Nr.', value: d.customer.number },
    { label: 'Auftrags-Nr.', value: d.orderNumber },
    ...(shippedAt ? [{ label: 'Versanddatum', value: shippedAt }] : []),
    ...(view.shippingMethod ? [{ label: 'Versandart', value: view.shippingMethod }] : []),
    ...(d.carrier ? [{ label: 'Versanddienstleister', value: d.carrier }] : []),
    ...(d.trackingNumber ? [{ label: 'Sendungs-Nr.', value: d.trackingNumber }] : []),
  ];
  return view;
}

function pickListView(p: PickList, seller: Seller): PickListView {
  const view: PickListView = {
    // Addressed like its delivery note, so the picker sees where the goods go.
    ...baseView('Kommissionierliste', p.number, p.createdAt, p.customer, seller, true),
    kind: 'pick_list',
    orderNumber: p.orderNumber,
    customerName: p.customer.name,
    positions: p.lines.map((l) => ({
      position: String(l.position),
      orderPosition: String(l.orderPosition),
      sku: l.sku,
      skuLong: l.sku.length > LONG_SKU,
      description: l.description,
      quantity: formatQuantity(l.quantity),
      unit: formatUnit(l.unit),
      warehouse: l.warehouse ?? UNKNOWN,
      bin: l.bin ?? UNKNOWN,
    })),
  };
  view.meta = [
    { label: 'Lieferschein-Nr.', value: p.number },
    { label: 'Datum', value: view.date },
    { label: 'Auftrags-Nr.', value: p.orderNumber },
    { label: 'Kunden-Nr.', value: p.customer.number },
  ];
  return view;
}

/** Titles of corrections as German VAT practice names them; "Gutschrift" would mean self-billing (§ 14 Abs. 2 UStG). */
export const CORRECTION_TITLES = { cancellation: 'Stornorechnung', credit_note: 'Rechnungskorrektur' } as const;

function correctionView(kind: 'cancellation' | 'credit_note', c: Invoice, invoice: Invoice, seller: Seller): CorrectionView {
  const refersTo = `zu Rechnung ${invoice.number} vom ${formatDate(invoice.createdAt)}`;
  const gross = `${formatAmount(new Decimal(c.totals.gross).neg().toString(), c.currency)} ${c.currency}`;
  const view: CorrectionView = {
    ...pricedView(CORRECTION_TITLES[kind], c, seller, null),
    kind,
    refersTo,
    reason: c.reason ?? '',
    orderNumber: c.orderNumber,
    supplyDate: formatDate(c.supplyDate),
    settlement:
      kind === 'cancellation'
        ? `Die Rechnung ${invoice.number} wird hiermit in voller Höhe storniert; bitte zahlen Sie sie nicht.`
        : `Den Betrag von ${gross} verrechnen wir mit der Rechnung ${invoice.number}; was Sie darüber hinaus bereits gezahlt haben, erstatten wir Ihnen.`,
  };
  view.meta = [
    { label: kind === 'cancellation' ? 'Storno-Nr.' : 'Korrektur-Nr.', value: c.number },
    { label: 'Datum', value: view.date },
    { label: 'Kunden-Nr.', value: c.customer.number },
    { label: 'Auftrags-Nr.', value: c.orderNumber },
    { label: 'Zu Rechnung', value: invoice.number },
    { label: 'Rechnungsdatum', value: formatDate(invoice.createdAt) },
    { label: 'Leistungsdatum', value: view.supplyDate },
    ...customerVatId(c.customer),
  ];
  return view;
}

export function buildViewModel(req: RenderRequest, seller: Seller): ViewModel {
  return printable(viewModelOf(req, seller));
}

function viewModelOf(req: RenderRequest, seller: Seller): ViewModel {
  switch (req.kind) {
    case 'quote': {
      const q = req.document;
      const view: QuoteView = { ...pricedView('Angebot', q, seller, null), kind: 'quote', validUntil: formatDate(q.validUntil) };
      view.meta = [
        { label: 'Angebots-Nr.', value: q.number },
        ...((q.revision ?? 1) > 1 ? [{ label: 'Version', value: String(q.revision) }] : []),
        { label: 'Datum', value: view.date },
        { label: 'Kunden-Nr.', value: q.customer.number },
        { label: 'Gültig bis', value: view.validUntil },
        ...customerVatId(q.customer),
      ];
      return view;
    }
    case 'order': {
      const o = req.document;
      const view: OrderView = { ...pricedView('Auftragsbestätigung', o, seller, null), kind: 'order', quoteNumber: o.quoteNumber };
      view.meta = [
        { label: 'Auftrags-Nr.', value: o.number },
        { label: 'Datum', value: view.date },
        { label: 'Kunden-Nr.', value: o.customer.number },
        ...(o.quoteNumber ? [{ label: 'Ihr Angebot', value: o.quoteNumber }] : []),
        ...customerVatId(o.customer),
      ];
      return view;
    }
    case 'delivery_note':
      return deliveryNoteView(req.document, seller);
    case 'pick_list':
      return pickListView(req.document, seller);
    case 'invoice': {
      const i = req.document;
      const dueDate = formatDate(i.dueDate);
      const view: InvoiceView = {
        ...pricedView(invoiceTitle(i), i, seller, dueDate),
        kind: 'invoice',
        intro: invoiceIntro(i),
        settlement: settlementView(i),
        remark: i.remark ?? null,
        orderNumber: i.orderNumber,
        deliveryNoteNumbers: i.deliveryNoteNumbers.join(', '),
        supplyDate: formatDate(i.supplyDate),
        dueDate,
      };
      if (i.earlyPaymentDiscount) view.paymentTerms = skontoTerms(i.earlyPaymentDiscount, dueDate, i.currency);
      view.meta = [
        { label: 'Rechnungs-Nr.', value: i.number },
        { label: 'Rechnungsdatum', value: view.date },
        { label: 'Kunden-Nr.', value: i.customer.number },
        { label: 'Auftrags-Nr.', value: i.orderNumber },
        ...(i.deliveryNoteNumbers.length
          ? [{ label: i.deliveryNoteNumbers.length > 1 ? 'Lieferscheine' : 'Lieferschein', value: view.deliveryNoteNumbers }]
          : []),
        // A down payment or progress share bills before the supply is complete: no supply date to state.
        ...(i.kind === 'down_payment' || i.kind === 'progress' ? [] : [{ label: 'Leistungsdatum', value: view.supplyDate }]),
        { label: 'Fällig am', value: dueDate },
        ...customerVatId(i.customer),
      ];
      return view;
    }
    case 'cancellation':
    case 'credit_note':
      return correctionView(req.kind, req.document, req.invoice, seller);
    case 'reminder':
      return reminderView(req.document, seller);
    default:
      throw new Error(`unknown document kind ${(req as { kind: string }).kind}`);
  }
}

function reminderView(r: Reminder, seller: Seller): ReminderView {
  const c = r.currency;
  const due = formatDate(r.dueDate);
  const base = baseView(r.title, r.number, r.createdAt, r.customer, seller, false);
  const first = r.level === 1;
  return {
    ...base,
    kind: 'reminder',
    invoiceNumber: r.invoiceNumber,
    currency: c,
    intro: first
      ? `sicher ist es Ihrer Aufmerksamkeit entgangen: Unsere Rechnung ${r.invoiceNumber} war am ${due} fällig und ist noch nicht vollständig bezahlt.`
      : `trotz unserer Erinnerung ist unsere Rechnung ${r.invoiceNumber}, fällig am ${due}, noch nicht vollständig bezahlt. Wir bitten Sie, den folgenden Betrag umgehend zu überweisen.`,
    rows: [
      { label: `Offener Betrag der Rechnung ${r.invoiceNumber} (fällig am ${due})`, value: formatAmount(r.openAmount, c) },
      ...(new Decimal(r.interest).isZero()
        ? []
        : [{ label: `Verzugszinsen ${formatPercent(r.interestRatePercent)} p. a. für ${r.daysOverdue} Tage (§ 288 BGB)`, value: formatAmount(r.interest, c) }]),
      ...(new Decimal(r.fee).isZero() ? [] : [{ label: 'Mahngebühr', value: formatAmount(r.fee, c) }]),
    ],
    total: formatAmount(r.total, c),
    payBy: formatDate(r.payBy),
    bank: base.seller.bank,
    meta: [
      { label: 'Mahnungs-Nr.', value: r.number },
      { label: 'Datum', value: base.date },
      { label: 'Kunden-Nr.', value: r.customer.number },
      { label: 'Rechnungs-Nr.', value: r.invoiceNumber },
      { label: 'Auftrags-Nr.', value: r.orderNumber },
    ],
  };
}

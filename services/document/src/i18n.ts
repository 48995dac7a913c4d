import { Decimal, formatGerman } from '../../../shared/money.ts';

/*
 * Every word a document prints, in German and English, chosen by the
 * customer's language (the snapshot's `language`, German when absent).
 * `en` is typed as `typeof de`, so a key missing in either language fails tsc.
 *
 * Numbers and dates: German documents print 1.234,56 and 01.12.2026 (DIN 5008);
 * English documents print 1,234.56 and "1 Dec 2026": day, abbreviated month,
 * year, which no English-speaking reader misreads (unlike 12/01/2026). Its
 * parts are joined by no-break spaces so a date never wraps over two lines
 * (an ISO date "2026-12-01" does break at its hyphens in Chromium).
 * Percentages: "19 %" in German (DIN 5008 space), "19%" in English.
 */

export type Lang = 'de' | 'en';

/** The document language of a customer snapshot: English only when the customer asked for it. */
export function languageOf(customer: { language?: Lang | null | undefined }): Lang {
  return customer.language === 'en' ? 'en' : 'de';
}

/** A number with exactly `digits` decimals: "1.234,56" (de) or "1,234.56" (en). */
export function formatNumber(value: Decimal.Value, digits: number, lang: Lang): string {
  const german = formatGerman(value, digits);
  if (lang === 'de') return german;
  return german.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Joins the parts of an English date: a no-break space, so the date stays on one line. */
export const NBSP = '\u00a0';

/** A calendar date (year, month, day as digits) as printed: "01.12.2026" (de) or "1 Dec 2026" (en). */
export function printDate(y: string, m: string, d: string, lang: Lang): string {
  return lang === 'de' ? `${d}.${m}.${y}` : [String(Number(d)), MONTHS[Number(m) - 1], y].join(NBSP);
}

const de = {
  // titles
  quote: 'Angebot',
  order: 'Auftragsbestätigung',
  deliveryNote: 'Lieferschein',
  pickList: 'Kommissionierliste',
  invoice: 'Rechnung',
  downPaymentInvoice: 'Anzahlungsrechnung',
  progressInvoice: 'Abschlagsrechnung',
  finalInvoice: 'Schlussrechnung',
  /** "Gutschrift" would mean self-billing (§ 14 Abs. 2 UStG): corrections are never titled so. */
  cancellation: 'Stornorechnung',
  creditNote: 'Rechnungskorrektur',
  draft: 'ENTWURF',
  /** "Seite 1 von 2" in the page margin; plain words only (they go into a CSS string). */
  page: 'Seite',
  pageOf: 'von',
  // meta labels
  quoteNo: 'Angebots-Nr.',
  revision: 'Version',
  date: 'Datum',
  customerNo: 'Kunden-Nr.',
  validUntilLabel: 'Gültig bis',
  yourVatId: 'Ihre USt-IdNr.',
  orderNo: 'Auftrags-Nr.',
  yourQuote: 'Ihr Angebot',
  deliveryNoteNo: 'Lieferschein-Nr.',
  shippedOn: 'Versanddatum',
  shippingMethod: 'Versandart',
  carrier: 'Versanddienstleister',
  trackingNo: 'Sendungs-Nr.',
  invoiceNo: 'Rechnungs-Nr.',
  invoiceDate: 'Rechnungsdatum',
  deliveryNotes: 'Lieferscheine',
  supplyDate: 'Leistungsdatum',
  dueOn: 'Fällig am',
  cancellationNo: 'Storno-Nr.',
  correctionNo: 'Korrektur-Nr.',
  forInvoice: 'Zu Rechnung',
  reminderNo: 'Mahnungs-Nr.',
  billingAddress: 'Rechnungsanschrift',
  shippingAddress: 'Lieferanschrift',
  // table headers
  pos: 'Pos.',
  orderPos: 'Auftr.-Pos.',
  sku: 'Art.-Nr.',
  description: 'Bezeichnung',
  quantity: 'Menge',
  unit: 'Einheit',
  unitPrice: 'Einzelpreis',
  discountPercent: 'Rabatt %',
  vatPercent: 'USt %',
  lineNet: 'Gesamt netto',
  warehouse: 'Lager',
  bin: 'Lagerplatz',
  picked: 'Entnommen',
  allAmountsIn: 'Alle Beträge in',
  // totals
  subtotalNet: 'Zwischensumme netto',
  lessDiscount: 'abzüglich Rabatt',
  lessCoupon: 'abzüglich Gutschein',
  netTotal: 'Summe netto',
  vatTotal: 'Summe USt',
  grossTotal: 'Gesamtbetrag (brutto)',
  grossInEur: 'Gesamtbetrag in EUR',
  exchangeRate: 'Umrechnungskurs:',
  net: 'netto',
  vat: 'USt',
  gross: 'brutto',
  lessAlreadyBilled: 'abzüglich bereits berechnet:',
  wholeSupply: 'Gesamtleistung',
  remainingToPay: 'Zu zahlender Restbetrag',
  toPay: 'Zu zahlen',
  reason: 'Grund:',
  // sentences without values
  greeting: 'Sehr geehrte Damen und Herren,',
  closing: 'Mit freundlichen Grüßen',
  paymentTermsLabel: 'Zahlungsbedingungen:',
  quoteIntro: 'vielen Dank für Ihre Anfrage. Gerne bieten wir Ihnen die folgenden Lieferungen und Leistungen an:',
  quoteValidUntil: 'Dieses Angebot ist gültig bis',
  quoteOutro: 'Wir freuen uns auf Ihren Auftrag. Für Rückfragen stehen wir Ihnen gerne zur Verfügung.',
  orderOutro: 'Bitte prüfen Sie diese Auftragsbestätigung. Abweichungen teilen Sie uns bitte umgehend mit.',
  checkGoods: 'Bitte prüfen Sie die Ware bei Erhalt auf Vollständigkeit und Transportschäden.',
  receivedDate: 'Datum',
  receivedSignature: 'Ware vollständig und unbeschädigt erhalten (Name, Unterschrift)',
  pickInstructions: 'Bitte jede Position nach der Entnahme abhaken; Fehlmengen auf der Liste vermerken.',
  pickedOn: 'Kommissioniert am',
  pickedBy: 'Kommissioniert von (Name, Unterschrift)',
  checkedBy: 'Kontrolliert von (Name, Unterschrift)',
  reminderOutro: 'Sollten Sie die Zahlung inzwischen geleistet haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.',
  // 80 mm receipt (Kassenbon) of a counter sale
  simplifiedInvoice: 'Kleinbetragsrechnung',
  simplifiedInvoiceNote: 'Kleinbetragsrechnung gemäß § 33 UStDV',
  receiptForm: 'Kassenbon',
  rate: 'Satz',
  customer: 'Kunde',
  receiptThanks: 'Vielen Dank für Ihren Einkauf!',
  // seller footer
  phone: 'Tel.',
  managingDirector: 'Geschäftsführung:',
  vatIdLabel: 'USt-IdNr.:',
  taxNo: 'Steuernr.:',
};

/** The static labels of one language (what templates print as is). */
export type Labels = typeof de;

const en: Labels = {
  quote: 'Quotation',
  order: 'Order confirmation',
  deliveryNote: 'Delivery note',
  pickList: 'Pick list',
  invoice: 'Invoice',
  downPaymentInvoice: 'Down-payment invoice',
  progressInvoice: 'Progress invoice',
  finalInvoice: 'Final invoice',
  cancellation: 'Cancellation invoice',
  creditNote: 'Invoice correction',
  draft: 'DRAFT',
  page: 'Page',
  pageOf: 'of',
  quoteNo: 'Quotation no.',
  revision: 'Revision',
  date: 'Date',
  customerNo: 'Customer no.',
  validUntilLabel: 'Valid until',
  yourVatId: 'Your VAT ID',
  orderNo: 'Order no.',
  yourQuote: 'Your quotation',
  deliveryNoteNo: 'Delivery note no.',
  shippedOn: 'Shipping date',
  shippingMethod: 'Shipping method',
  carrier: 'Carrier',
  trackingNo: 'Tracking no.',
  invoiceNo: 'Invoice no.',
  invoiceDate: 'Invoice date',
  deliveryNotes: 'Delivery notes',
  supplyDate: 'Date of supply',
  dueOn: 'Due date',
  cancellationNo: 'Cancellation no.',
  correctionNo: 'Correction no.',
  forInvoice: 'For invoice',
  reminderNo: 'Reminder no.',
  billingAddress: 'Billing address',
  shippingAddress: 'Shipping address',
  pos: 'Pos.',
  orderPos: 'Order pos.',
  sku: 'Item no.',
  description: 'Description',
  quantity: 'Qty',
  unit: 'Unit',
  unitPrice: 'Unit price',
  discountPercent: 'Discount %',
  vatPercent: 'VAT %',
  lineNet: 'Net amount',
  warehouse: 'Warehouse',
  bin: 'Bin',
  picked: 'Picked',
  allAmountsIn: 'All amounts in',
  subtotalNet: 'Subtotal (net)',
  lessDiscount: 'less discount',
  lessCoupon: 'less voucher',
  netTotal: 'Total net',
  vatTotal: 'Total VAT',
  grossTotal: 'Total amount (gross)',
  grossInEur: 'Total amount in EUR',
  exchangeRate: 'Exchange rate:',
  net: 'net',
  vat: 'VAT',
  gross: 'gross',
  lessAlreadyBilled: 'less amounts already invoiced:',
  wholeSupply: 'Total supply',
  remainingToPay: 'Remaining amount due',
  toPay: 'Amount due',
  reason: 'Reason:',
  greeting: 'Dear Sir or Madam,',
  closing: 'Kind regards',
  paymentTermsLabel: 'Terms of payment:',
  quoteIntro: 'Thank you for your enquiry. We are pleased to offer you the following goods and services:',
  quoteValidUntil: 'This quotation is valid until',
  quoteOutro: 'We look forward to your order. Please do not hesitate to contact us if you have any questions.',
  orderOutro: 'Please check this order confirmation and let us know of any discrepancies immediately.',
  checkGoods: 'Please check the goods for completeness and transport damage on receipt.',
  receivedDate: 'Date',
  receivedSignature: 'Goods received complete and undamaged (name, signature)',
  pickInstructions: 'Tick each position once picked; note any shortfall on the list.',
  pickedOn: 'Picked on',
  pickedBy: 'Picked by (name, signature)',
  checkedBy: 'Checked by (name, signature)',
  reminderOutro: 'If you have already made the payment, please disregard this letter.',
  simplifiedInvoice: 'Simplified invoice',
  simplifiedInvoiceNote: 'Simplified invoice under § 33 UStDV (total up to EUR 250)',
  receiptForm: 'Receipt',
  rate: 'Rate',
  customer: 'Customer',
  receiptThanks: 'Thank you for your purchase!',
  phone: 'Phone',
  managingDirector: 'Managing director:',
  vatIdLabel: 'VAT ID:',
  taxNo: 'Tax no.:',
};

/** "A", "A und B", "A, B und C": the orders a combined invoice bills. */
function listed(items: readonly string[], and: string): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}` : (items[0] ?? '');
}

/** Sentences and labels with values in them; the values come formatted for the same language. */
const deSentences = {
  orderIntro: (quoteNumber: string | null) =>
    quoteNumber
      ? `vielen Dank für Ihren Auftrag auf Grundlage unseres Angebots ${quoteNumber}. Wir bestätigen Ihnen die folgenden Lieferungen und Leistungen:`
      : 'vielen Dank für Ihren Auftrag. Wir bestätigen Ihnen die folgenden Lieferungen und Leistungen:',
  deliveryIntro: (order: string) => `zu Ihrem Auftrag ${order} liefern wir Ihnen die folgenden Positionen:`,
  shipping: (s: { method: string | null; carrier: string | null; shippedAt: string | null; tracking: string | null }) =>
    `Versand${s.method ? ` (${s.method})` : ''}${s.carrier ? ` mit ${s.carrier}` : ''}${s.shippedAt ? ` am ${s.shippedAt}` : ''}${s.tracking ? `, Sendungsnummer ${s.tracking}` : ''}.`,
  pickFor: (order: string, name: string, number: string) => `Auftrag ${order} · Kunde ${name} (${number})`,
  invoiceIntro: (orders: readonly string[], supply: string) =>
    `vielen Dank für Ihre${orders.length > 1 ? ' Aufträge' : 'n Auftrag'} ${listed(orders, 'und')}. Wir berechnen Ihnen die folgenden Lieferungen und Leistungen (Leistungsdatum ${supply}):`,
  downPaymentIntro: (order: string) =>
    `gemäß dem vereinbarten Zahlungsplan zu Ihrem Auftrag ${order} berechnen wir Ihnen die folgende Anzahlung. Die Lieferung bzw. Leistung ist noch nicht erbracht; die Anzahlung wird in der Schlussrechnung abgezogen.`,
  progressIntro: (order: string) =>
    `gemäß dem vereinbarten Zahlungsplan zu Ihrem Auftrag ${order} berechnen wir Ihnen die folgende Abschlagszahlung. Sie wird in der Schlussrechnung abgezogen.`,
  timeMaterialIntro: (order: string, supply: string) =>
    `für Ihren Auftrag ${order} berechnen wir Ihnen die folgenden Leistungen nach Zeit und Aufwand (Leistungsdatum ${supply}, letzter Einsatztag):`,
  finalIntro: (order: string, supply: string) =>
    `nach Ausführung Ihres Auftrags ${order} berechnen wir Ihnen die Gesamtleistung (Leistungsdatum ${supply}) abzüglich der bereits berechneten Anzahlungen und Abschläge:`,
  transferRequest: (amount: string, number: string, bank: { name: string; iban: string; bic: string }) =>
    `Bitte überweisen Sie den Gesamtbetrag von ${amount} unter Angabe der Rechnungsnummer ${number} auf unser Konto bei der ${bank.name}, IBAN ${bank.iban}, BIC ${bank.bic}.`,
  payNow: 'Zahlbar sofort ohne Abzug',
  payWithin: (days: number) => `Zahlbar innerhalb von ${days} ${days === 1 ? 'Tag' : 'Tagen'} ohne Abzug`,
  payBy: (within: string, due: string) => `${within} bis zum ${due}.`,
  payAfterInvoice: (within: string) => `${within} nach Rechnungsstellung.`,
  skonto: (due: string, until: string, percent: string, amount: string, payable: string) =>
    `Zahlbar bis ${due} ohne Abzug, bei Zahlung bis ${until} abzüglich ${percent} Skonto (${amount}): ${payable}`,
  taxRow: (rate: string, net: string) => `USt ${rate} auf ${net}`,
  vatIds: (seller: string, customer: string) => `USt-IdNr. des Leistenden: ${seller} · USt-IdNr. des Leistungsempfängers: ${customer}`,
  paidInCash: (date: string) => `Bar bezahlt am ${date}.`,
  paidOn: (date: string) => `Bezahlt am ${date}.`,
  ecbRate: (date: string) => `EZB-Referenzkurs vom ${date}`,
  manualRate: (date: string, reason: string) => `manuell festgelegter Kurs vom ${date}: ${reason}`,
  wholeAtRate: (rate: string) => `Gesamtleistung ${rate} USt`,
  deduction: (title: string, number: string, date: string, rate: string) => `${title} ${number} vom ${date}, ${rate}`,
  remainingAtRate: (rate: string) => `Restbetrag ${rate} USt`,
  refersTo: (invoice: string, date: string) => `zu Rechnung ${invoice} vom ${date}`,
  cancellationIntro: (order: string, supply: string) =>
    `wir stornieren die unten genannte Rechnung zu Ihrem Auftrag ${order} (Leistungsdatum ${supply}) in voller Höhe:`,
  creditNoteIntro: (order: string, supply: string) =>
    `wir berichtigen die unten genannte Rechnung zu Ihrem Auftrag ${order} (Leistungsdatum ${supply}) um die folgenden Positionen:`,
  cancellationSettlement: (invoice: string) => `Die Rechnung ${invoice} wird hiermit in voller Höhe storniert; bitte zahlen Sie sie nicht.`,
  creditNoteSettlement: (amount: string, invoice: string) =>
    `Den Betrag von ${amount} verrechnen wir mit der Rechnung ${invoice}; was Sie darüber hinaus bereits gezahlt haben, führen wir als Guthaben auf Ihrem Kundenkonto: wir verrechnen es mit Ihrer nächsten Rechnung oder erstatten es Ihnen auf Wunsch.`,
  reminderFirstIntro: (invoice: string, due: string) =>
    `sicher ist es Ihrer Aufmerksamkeit entgangen: Unsere Rechnung ${invoice} war am ${due} fällig und ist noch nicht vollständig bezahlt.`,
  reminderLaterIntro: (invoice: string, due: string) =>
    `trotz unserer Erinnerung ist unsere Rechnung ${invoice}, fällig am ${due}, noch nicht vollständig bezahlt. Wir bitten Sie, den folgenden Betrag umgehend zu überweisen.`,
  reminderOpen: (invoice: string, due: string) => `Offener Betrag der Rechnung ${invoice} (fällig am ${due})`,
  reminderInterest: (rate: string, days: number) => `Verzugszinsen ${rate} p. a. für ${days} Tage (§ 288 BGB)`,
  reminderFee: 'Mahngebühr',
  reminderTransfer: (amount: string, payBy: string, invoice: string, bank: { name: string; iban: string; bic: string }) =>
    `Bitte überweisen Sie ${amount} bis zum ${payBy} unter Angabe der Rechnungsnummer ${invoice} auf unser Konto bei der ${bank.name}, IBAN ${bank.iban}, BIC ${bank.bic}.`,
  /** Dunning titles come from the invoicing settings, in German; printed as configured. */
  reminderTitle: (configured: string) => configured,
};

export type Sentences = typeof deSentences;

/** "1st", "2nd", "3rd", "4th", … */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

const enSentences: Sentences = {
  orderIntro: (quoteNumber) =>
    quoteNumber
      ? `Thank you for your order based on our quotation ${quoteNumber}. We confirm the following goods and services:`
      : 'Thank you for your order. We confirm the following goods and services:',
  deliveryIntro: (order) => `For your order ${order} we deliver the following positions:`,
  shipping: (s) =>
    `Shipped${s.method ? ` (${s.method})` : ''}${s.carrier ? ` with ${s.carrier}` : ''}${s.shippedAt ? ` on ${s.shippedAt}` : ''}${s.tracking ? `, tracking number ${s.tracking}` : ''}.`,
  pickFor: (order, name, number) => `Order ${order} · Customer ${name} (${number})`,
  invoiceIntro: (orders, supply) =>
    `Thank you for your order${orders.length > 1 ? 's' : ''} ${listed(orders, 'and')}. We invoice you for the following goods and services (date of supply ${supply}):`,
  downPaymentIntro: (order) =>
    `In accordance with the agreed payment plan for your order ${order} we invoice you for the following down payment. The goods or services have not yet been supplied; the down payment will be deducted in the final invoice.`,
  progressIntro: (order) =>
    `In accordance with the agreed payment plan for your order ${order} we invoice you for the following progress payment. It will be deducted in the final invoice.`,
  timeMaterialIntro: (order, supply) =>
    `For your order ${order} we invoice you for the following services on a time and material basis (date of supply ${supply}, last day of work):`,
  finalIntro: (order, supply) =>
    `Your order ${order} having been completed, we invoice you for the total supply (date of supply ${supply}) less the down payments and progress payments already invoiced:`,
  transferRequest: (amount, number, bank) =>
    `Please transfer the total amount of ${amount}, quoting the invoice number ${number}, to our account with ${bank.name}, IBAN ${bank.iban}, BIC ${bank.bic}.`,
  payNow: 'Payable immediately without deduction',
  payWithin: (days) => `Payable within ${days} ${days === 1 ? 'day' : 'days'} without deduction`,
  payBy: (within, due) => `${within}, by ${due}.`,
  payAfterInvoice: (within) => `${within} from the invoice date.`,
  skonto: (due, until, percent, amount, payable) =>
    `Payable by ${due} without deduction; if paid by ${until}, less ${percent} early payment discount (${amount}): ${payable}`,
  taxRow: (rate, net) => `VAT ${rate} on ${net}`,
  vatIds: (seller, customer) => `Supplier's VAT ID: ${seller} · Customer's VAT ID: ${customer}`,
  paidInCash: (date) => `Paid in cash on ${date}.`,
  paidOn: (date) => `Paid on ${date}.`,
  ecbRate: (date) => `ECB reference rate of ${date}`,
  manualRate: (date, reason) => `rate set manually on ${date}: ${reason}`,
  wholeAtRate: (rate) => `Total supply ${rate} VAT`,
  deduction: (title, number, date, rate) => `${title} ${number} of ${date}, ${rate}`,
  remainingAtRate: (rate) => `Remaining amount ${rate} VAT`,
  refersTo: (invoice, date) => `for invoice ${invoice} of ${date}`,
  cancellationIntro: (order, supply) => `We hereby cancel in full the invoice below for your order ${order} (date of supply ${supply}):`,
  creditNoteIntro: (order, supply) => `We correct the invoice below for your order ${order} (date of supply ${supply}) by the following positions:`,
  cancellationSettlement: (invoice) => `Invoice ${invoice} is hereby cancelled in full; please do not pay it.`,
  creditNoteSettlement: (amount, invoice) =>
    `We will set off the amount of ${amount} against invoice ${invoice}; anything you have already paid beyond that is kept as credit on your account, set off against your next invoice or refunded on request.`,
  reminderFirstIntro: (invoice, due) => `Perhaps it has escaped your attention: our invoice ${invoice} was due on ${due} and has not yet been paid in full.`,
  reminderLaterIntro: (invoice, due) =>
    `Despite our reminder, our invoice ${invoice}, due on ${due}, has not yet been paid in full. Please transfer the following amount immediately.`,
  reminderOpen: (invoice, due) => `Open amount of invoice ${invoice} (due on ${due})`,
  reminderInterest: (rate, days) => `Default interest ${rate} p.a. for ${days} days (§ 288 BGB)`,
  reminderFee: 'Reminder fee',
  reminderTransfer: (amount, payBy, invoice, bank) =>
    `Please transfer ${amount} by ${payBy}, quoting the invoice number ${invoice}, to our account with ${bank.name}, IBAN ${bank.iban}, BIC ${bank.bic}.`,
  // The default dunning levels are configured in German: "Zahlungserinnerung", "1. Mahnung", "2. Mahnung".
  reminderTitle: (configured) => {
    if (configured === 'Zahlungserinnerung') return 'Payment reminder';
    const level = /^(\d+)\. Mahnung$/.exec(configured);
    if (level) return `${ordinal(Number(level[1]))} reminder`;
    if (configured === 'Mahnung') return 'Reminder';
    return configured;
  },
};

/** Common UN/ECE Rec. 20 codes to printed abbreviations; anything else is printed as given. */
const deUnits: Readonly<Record<string, string>> = {
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
const enUnits: Readonly<Record<string, string>> = {
  C62: 'pcs',
  H87: 'pcs',
  PCE: 'pcs',
  pcs: 'pcs',
  piece: 'pcs',
  Stk: 'pcs',
  HUR: 'h',
  h: 'h',
  hour: 'h',
  Std: 'h',
  DAY: 'day',
  day: 'day',
  Tag: 'day',
  KGM: 'kg',
  MTR: 'm',
  LTR: 'l',
  MTK: 'm²',
  SET: 'set',
  PK: 'pkg',
  Pkg: 'pkg',
  flat: 'flat rate',
  pauschal: 'flat rate',
};

const shippingMethods = {
  de: { parcel: 'Paket', freight: 'Spedition', pickup: 'Abholung', courier: 'Kurier' },
  en: { parcel: 'Parcel', freight: 'Freight forwarder', pickup: 'Collection', courier: 'Courier' },
} as const;

/** Everything printed in one language. */
export interface Dictionary {
  lang: Lang;
  labels: Labels;
  say: Sentences;
  units: Readonly<Record<string, string>>;
  shippingMethods: (typeof shippingMethods)[Lang];
}

export const DICTIONARIES: Readonly<Record<Lang, Dictionary>> = {
  de: { lang: 'de', labels: de, say: deSentences, units: deUnits, shippingMethods: shippingMethods.de },
  en: { lang: 'en', labels: en, say: enSentences, units: enUnits, shippingMethods: shippingMethods.en },
};

export function dictionary(lang: Lang): Dictionary {
  return DICTIONARIES[lang];
}

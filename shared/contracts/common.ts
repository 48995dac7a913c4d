import type { DocumentTotals } from '../totals.ts';

/** Order types from the brief: standard, cash sale, rush, scheduled delivery (Lieferplan), drop-ship (Streckengeschäft). */
export type OrderType = 'standard' | 'cash_sale' | 'rush' | 'scheduled' | 'drop_ship';

/** Who did something: the API key's user name and role, or the system itself. */
export interface Actor {
  id: string;
  role: string;
}

/** A postal address as printed on documents. */
export interface Address {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. "DE". */
  country: string;
}

/** What a document needs to know of its customer, copied at creation time (no cross-service joins). */
export interface CustomerSnapshot {
  id: string;
  number: string;
  name: string;
  billingAddress: Address;
  shippingAddress: Address;
  vatId?: string | null;
  email?: string | null;
}

/** One priced position; amounts are decimal strings in the document currency. */
export interface PricedLine {
  position: number;
  productId: string;
  sku: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discountPercent: string;
  vatRate: string;
  /** What the line bills, after line, document and coupon discounts, rounded to the currency's minor unit. */
  net: string;
  /** Goods and services are items; a shipping charge is billed but never shipped. */
  kind?: 'item' | 'charge';
  listPrice?: string | null;
  priceSource?: string;
  /** quantity × unitPrice − line discount, before document discount and coupon. */
  lineNet?: string;
  documentDiscount?: string;
  couponDiscount?: string;
  netBase?: string;
  taxTreatment?: string;
}

/** Exchange rate captured when the document was created: 1 base = rate × document currency. */
export interface ExchangeRateSnapshot {
  base: string;
  quote: string;
  rate: string;
  source: string;
  capturedAt: string;
}

/** Fields every priced sales document (quote, order, invoice) carries. */
export interface PricedDocument {
  number: string;
  customer: CustomerSnapshot;
  currency: string;
  exchangeRate: ExchangeRateSnapshot;
  lines: PricedLine[];
  totals: DocumentTotals;
  /** Gross total converted to the base currency (EUR). */
  grossBase: string;
  /** Net, VAT and gross in the base currency. */
  totalsBase?: { net: string; vat: string; gross: string };
  /** Legal notes of the tax treatment (reverse charge, export, …), in the customer's language. */
  taxNotes?: string[];
  orderType?: OrderType;
  paymentTermsDays: number;
  createdAt: string;
}

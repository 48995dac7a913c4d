import type { DocumentTotals } from '../totals.ts';

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
  /** quantity × unitPrice − discount, rounded to the currency's minor unit. */
  net: string;
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
  paymentTermsDays: number;
  createdAt: string;
}

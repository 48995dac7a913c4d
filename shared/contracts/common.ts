import { z } from 'zod';
import { decimalString } from '../validation.ts';
import type { DocumentTotals } from '../totals.ts';
import type { Agrees } from './commands.ts';
import { earlyPaymentTermsReply } from './payment-terms.ts';

/**
 * Parts of the documents several contexts exchange, as zod schemas (replies are
 * checked against them) with their TypeScript types derived from them.
 */

/** Field schemas of replies: numbers and ids as non-empty strings, amounts as decimal strings (never JSON numbers). */
export const replyFields = {
  ref: z.string().min(1),
  decimal: decimalString,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  timestamp: z.iso.datetime({ offset: true }),
  date: z.iso.date(),
  version: z.number().int().min(0),
};
const f = replyFields;

export const ORDER_TYPES = ['standard', 'cash_sale', 'rush', 'scheduled', 'drop_ship'] as const;
/** Order types from the brief: standard, cash sale, rush, scheduled delivery (Lieferplan), drop-ship (Streckengeschäft). */
export const orderTypeSchema = z.enum(ORDER_TYPES);
export type OrderType = z.infer<typeof orderTypeSchema>;

/** Who did something: the API key's user name and role, or the system itself. */
export interface Actor {
  id: string;
  role: string;
}
export const actorReply = z.object({ id: z.string(), role: z.string() }) satisfies z.ZodType<Actor>;

/** A postal address as printed on documents. */
export const addressReply = z.object({
  name: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  /** ISO 3166-1 alpha-2, e.g. "DE". */
  country: z.string(),
});
export type Address = z.infer<typeof addressReply>;

/** What a document needs to know of its customer, copied at creation time (no cross-service joins). */
export const customerSnapshotFields = {
  id: f.ref,
  number: f.ref,
  name: z.string(),
  billingAddress: addressReply,
  shippingAddress: addressReply,
  vatId: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  /** The customer's language: documents print in it (German when absent, as on snapshots taken before it was recorded). */
  language: z.enum(['de', 'en']).optional(),
};
export const customerSnapshotSchema = z.object(customerSnapshotFields);
export type CustomerSnapshot = z.infer<typeof customerSnapshotSchema>;

/** One priced position; amounts are decimal strings in the document currency. */
export const pricedLineSchema = z.object({
  position: z.number().int().min(1),
  productId: z.string(),
  sku: z.string(),
  description: z.string(),
  quantity: f.decimal,
  unit: z.string(),
  unitPrice: f.decimal,
  discountPercent: f.decimal,
  vatRate: f.decimal,
  /** What the line bills, after line, document and coupon discounts, rounded to the currency's minor unit. */
  net: f.decimal,
  /** Goods and services are items; a shipping charge is billed but never shipped. */
  kind: z.enum(['item', 'charge']).optional(),
  listPrice: f.decimal.nullable().optional(),
  priceSource: z.string().optional(),
  /** quantity × unitPrice − line discount, before document discount and coupon. */
  lineNet: f.decimal.optional(),
  documentDiscount: f.decimal.optional(),
  couponDiscount: f.decimal.optional(),
  netBase: f.decimal.optional(),
  taxTreatment: z.string().optional(),
  /** Made or bought for this order: ships only once its goods are received. */
  makeToOrder: z.boolean().optional(),
  /** The date production promised the goods of a make-to-order line for. */
  promisedDate: f.date.optional(),
});
export type PricedLine = z.infer<typeof pricedLineSchema>;

/** Exchange rate captured when the document was created: 1 base = rate × document currency. */
export const exchangeRateSnapshotSchema = z.object({
  base: f.currency,
  quote: f.currency,
  rate: f.decimal,
  source: z.string(),
  capturedAt: z.string(),
});
export type ExchangeRateSnapshot = z.infer<typeof exchangeRateSnapshotSchema>;

const amounts = { net: f.decimal, vat: f.decimal, gross: f.decimal };

/** A document's totals (shared/totals.ts computes them): one group per VAT rate. */
export const documentTotalsSchema = z.object({
  currency: f.currency,
  lineNets: z.array(f.decimal),
  taxGroups: z.array(z.object({ vatRate: f.decimal, ...amounts })),
  ...amounts,
});

/** Fields every priced sales document (quote, order, invoice) carries. */
export const pricedDocumentFields = {
  number: f.ref,
  customer: customerSnapshotSchema,
  currency: f.currency,
  exchangeRate: exchangeRateSnapshotSchema,
  lines: z.array(pricedLineSchema),
  totals: documentTotalsSchema,
  /** Gross total converted to the base currency (EUR). */
  grossBase: f.decimal,
  /** Net, VAT and gross in the base currency. */
  totalsBase: z.object(amounts).optional(),
  /** Legal notes of the tax treatment (reverse charge, export, …), in the customer's language. */
  taxNotes: z.array(z.string()).optional(),
  orderType: orderTypeSchema.optional(),
  paymentTermsDays: z.number().int().min(0),
  /** Skonto terms (percent within days), null when none; an invoice shows the discount it offers instead. */
  earlyPaymentDiscount: earlyPaymentTermsReply.nullable().optional(),
  /** Each delivery note is invoiced as it ships. */
  invoiceOnShipment: z.boolean().optional(),
  createdAt: f.timestamp,
};
export type PricedDocument = z.infer<z.ZodObject<typeof pricedDocumentFields>>;

/** Quantities per order position (delivery plans, schedules). */
export const positionQuantitySchema = z.object({ orderPosition: z.number().int().min(1), quantity: f.decimal });

/** Drop-ship: the supplier who delivers straight to the customer. */
export const supplierSchema = z.object({ name: z.string(), email: z.string().nullable().optional() });

const _totalsAgree: Agrees<z.infer<typeof documentTotalsSchema>, DocumentTotals> = true;

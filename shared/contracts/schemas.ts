import { z } from 'zod';
import { Decimal } from 'decimal.js';
import {
  currencyCode, percent, idempotencyKey, documentNumber, text, identifier, quantity, unitPrice, listPrice, nonNegativeAmount, baseAmount, exchangeRateValue,
  boundedDecimal, isReadableDecimal, AMOUNT_INTEGER_DIGITS, AMOUNT_SCALE,
} from '../validation.ts';
import { moneyScaleProblem } from '../money.ts';
import { isCurrency as isCurrencyCode } from '../currencies.ts';
import { TAX_CATEGORIES } from '../tax.ts';
import { isCountryCode } from '../countries.ts';
import { vatIdProblem } from '../vat-id.ts';

/**
 * Input schemas shared by the gateway (REST validation and the OpenAPI
 * document) and the services (NATS validation): one definition, two edges.
 */
const AMOUNT_LIMITS = { integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE };

/** The acting user, filled in by the gateway from the API key; services record it in the audit trail. */
export const actorSchema = z.object({ id: text(100), role: text(50) }).default({ id: 'system', role: 'system' });

const COUNTRY_SHAPE = /^[A-Z]{2}$/;
const VAT_ID_SHAPE = /^[A-Z]{2}[0-9A-Z+*]{2,14}$/;

export const addressSchema = z.object({
  name: text(200),
  street: text(200),
  postalCode: text(20),
  city: text(100),
  // The pattern documents the shape in OpenAPI; the refinement (skipped when the shape is wrong, so one message per field) checks the list.
  country: z.string().regex(COUNTRY_SHAPE, 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. DE')
    .refine((c) => !COUNTRY_SHAPE.test(c) || isCountryCode(c), 'is not an assigned ISO 3166-1 alpha-2 country code (e.g. GB, not UK; GR, not EL)'),
});

/** Syntax per member state and the check digit where one is defined (shared/vat-id.ts); the seller's own ID is refused by the quote service. */
export const vatIdSchema = z.string().regex(VAT_ID_SHAPE, 'must be a VAT ID: country prefix and number in upper case without spaces, e.g. DE136695976')
  .superRefine((v, ctx) => {
    const problem = VAT_ID_SHAPE.test(v) ? vatIdProblem(v) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).describe('VAT ID (USt-IdNr.) with country prefix, compact and in upper case, e.g. DE136695976; Greece: EL');

const tierSchema = z.object({ minQuantity: quantity, unitPrice: z.record(currencyCode, unitPrice) });

/** Customer-specific prices (Preisvereinbarung): per product a fixed price per currency, a discount, or tiers. */
export const priceAgreementSchema = z.object({
  prices: z.record(identifier, z.object({
    unitPrice: z.record(currencyCode, unitPrice).optional(),
    discountPercent: percent.optional(),
    tiers: z.array(tierSchema).max(20).optional(),
  })).optional(),
});

const customerFields = {
  name: text(200),
  type: z.enum(['business', 'consumer']),
  billingAddress: addressSchema,
  vatId: vatIdSchema.nullable(),
  email: z.email().nullable(),
  language: z.enum(['de', 'en']),
  currency: currencyCode,
  paymentTermsDays: z.number().int().min(0).max(365),
  /** In the base currency EUR, compared with the customer's open exposure in EUR. */
  creditLimit: baseAmount.nullable(),
  priceAgreement: priceAgreementSchema.nullable(),
  tags: z.array(text(50)).max(30),
  assignee: text(100).nullable(),
  leadSource: text(100).nullable(),
};

export const newCustomerSchema = z.object({
  ...customerFields,
  type: customerFields.type.default('business'),
  /** Omitted: shipping copies billing. */
  shippingAddress: addressSchema.optional(),
  vatId: customerFields.vatId.optional(),
  email: customerFields.email.optional(),
  language: customerFields.language.default('de'),
  currency: customerFields.currency.default('EUR'),
  paymentTermsDays: customerFields.paymentTermsDays.default(14),
  creditLimit: customerFields.creditLimit.optional(),
  priceAgreement: customerFields.priceAgreement.optional(),
  tags: customerFields.tags.default([]),
  assignee: customerFields.assignee.optional(),
  leadSource: customerFields.leadSource.optional(),
});

/** A change to a customer: only the fields given change; expectedVersion guards against overwriting someone else's edit. */
export const customerUpdateSchema = z.object({
  ...Object.fromEntries(Object.entries(customerFields).map(([k, v]) => [k, v.optional()])),
  shippingAddress: addressSchema.optional(),
  expectedVersion: z.number().int().min(1),
}) as unknown as z.ZodType<Partial<z.infer<z.ZodObject<typeof customerFields>>> & { shippingAddress?: z.infer<typeof addressSchema>; expectedVersion: number }>;

/**
 * Billing data arriving with a quote or order: finds the customer by number, VAT ID or e-mail, else creates one.
 * A match is never changed by it (the document keeps these addresses); a match under another name is refused.
 */
export const customerDataSchema = z.object({
  number: z.string().regex(/^K-\d{1,18}$/, 'must be a customer number like K-10001').optional(),
  name: customerFields.name,
  type: customerFields.type.default('business'),
  billingAddress: addressSchema,
  shippingAddress: addressSchema.optional(),
  vatId: customerFields.vatId.optional(),
  email: customerFields.email.optional(),
  language: customerFields.language.optional(),
});

export const newProductSchema = z.object({
  sku: text(64),
  name: text(300),
  names: z.object({ de: text(300).optional(), en: text(300).optional() }).optional(),
  unit: text(20).default('Stk'),
  prices: z.record(currencyCode, listPrice).refine((p) => Object.keys(p).length > 0, 'needs at least one price'),
  costPrices: z.record(currencyCode, unitPrice).optional(),
  tiers: z.array(tierSchema).max(20).optional(),
  taxCategory: z.enum(TAX_CATEGORIES as [string, ...string[]]).default('standard') as z.ZodType<'standard' | 'reduced' | 'exempt'>,
  kind: z.enum(['goods', 'service']).default('goods'),
  stocked: z.boolean().optional(),
  makeToOrder: z.boolean().default(false),
});

export const lineRequestSchema = z.object({
  productId: identifier,
  quantity,
  unitPrice: unitPrice.optional(),
  discountPercent: percent.optional(),
  description: text(500, { multiline: true }).optional(),
});

/** A quote's commercial content: what a create or an edit sends. */
export const quoteContentSchema = z.object({
  currency: currencyCode,
  lines: z.array(lineRequestSchema).min(1, 'a quote needs at least one line').max(500),
  documentDiscountPercent: percent.optional(),
  couponCode: text(50).optional(),
  /** Net shipping charge in the document currency; taxed at the standard rate of the destination. */
  shippingCharge: nonNegativeAmount.optional(),
  /** Manual exchange rate (1 EUR = rate × currency); needs a reason, which lands in the audit trail. */
  exchangeRate: z.object({ rate: exchangeRateValue, reason: text(500).pipe(z.string().trim().min(3, 'a manual rate needs a reason')) }).optional(),
  /** A date (valid through that day, Europe/Berlin) or an exact instant. */
  validUntil: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  probability: z.number().int().min(0).max(100).optional(),
  expectedCloseDate: z.iso.date().optional(),
  assignee: text(100).optional(),
  orderType: z.enum(['standard', 'cash_sale', 'rush', 'scheduled', 'drop_ship']).default('standard'),
  /** Scheduled delivery (Lieferplan): which quantity of which position is due when. */
  schedule: z.array(z.object({ date: z.iso.date(), orderPosition: z.number().int().min(1), quantity })).min(1).max(500).optional(),
  /** Drop-ship: the supplier who delivers straight to the customer. */
  supplier: z.object({ name: text(200), email: z.email().optional() }).optional(),
  /** Whether the customer takes partial shipments of stocked goods and waits for the rest (backorder); default no. */
  allowBackorders: z.boolean().optional(),
});


/** Checks that hold for a quote's and a direct order's content alike. */
export function checkContent(q: z.infer<typeof quoteContentSchema> & { customerId?: string | undefined; customer?: unknown }, ctx: z.RefinementCtx): void {
  if (!q.customerId === !q.customer) ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'give either customerId or customer' });
  if (q.orderType === 'scheduled' && !q.schedule) ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'a scheduled delivery needs schedule lines' });
  if (q.orderType === 'drop_ship' && !q.supplier) ctx.addIssue({ code: 'custom', path: ['supplier'], message: 'a drop-ship order needs a supplier' });
  const scale = isReadableDecimal(q.shippingCharge) && isCurrencyCode(q.currency) ? moneyScaleProblem(q.shippingCharge, q.currency) : null;
  if (scale) ctx.addIssue({ code: 'custom', path: ['shippingCharge'], message: scale });
  q.schedule?.forEach((s, i) => {
    if (s.orderPosition > q.lines.length) ctx.addIssue({ code: 'custom', path: ['schedule', i, 'orderPosition'], message: 'no such line' });
  });
}

export const contentWithCustomer = quoteContentSchema.extend({
  customerId: identifier.optional(),
  /** Billing data instead of an id: a known customer is used (never changed), an unknown one created. */
  customer: customerDataSchema.optional(),
});

export const newQuoteSchema = contentWithCustomer.superRefine(checkContent);

/** An order entered directly (phone or counter sale): the same content, pricing and validation as a quote. */
export const newOrderSchema = contentWithCustomer.superRefine(checkContent);

export const editQuoteSchema = quoteContentSchema.extend({ expectedVersion: z.number().int().min(1) }).superRefine((q, ctx) => checkContent({ ...q, customerId: 'kept' }, ctx));

export const deliveryRequestSchema = z.object({
  /** Lines to ship; omitted means everything still open. */
  lines: z.array(z.object({ orderPosition: z.number().int().min(1), quantity })).min(1).max(500).optional(),
});

export const shipSchema = z.object({
  carrier: text(100),
  trackingNumber: text(100).optional(),
});

export const invoiceRequestSchema = z.object({
  deliveryNoteNumbers: z.array(documentNumber).min(1).max(500),
});

export const paymentSchema = z.object({
  /** Checked against the invoice: at most its currency's minor digits, at most its open amount. */
  amount: boundedDecimal({ ...AMOUNT_LIMITS, sign: 'positive', description: 'Amount received (> 0) in the invoice currency, with at most its minor digits (EUR 2, JPY 0, KWD 3) and at most the open amount (else 409)' }),
  receivedAt: z.iso.date().optional(),
  reference: text(200, { min: 0 }).optional(),
});

/**
 * A coupon: a percent (at most 100, 4 decimal places) or an amount in its currency (at most the
 * currency's minor digits). Shared by the REST route and the quote service.
 */
export const newCouponSchema = z.object({
  code: text(50),
  type: z.enum(['percent', 'amount']),
  value: boundedDecimal({ ...AMOUNT_LIMITS, sign: 'positive', description: 'Percent (at most 100) or amount in the coupon currency (at most its minor digits)' }),
  currency: currencyCode.optional(),
  validFrom: z.iso.date().optional(),
  validUntil: z.iso.date().optional(),
  usageLimit: z.number().int().min(1).max(1_000_000_000).optional(),
});

/** The checks that need more than one field of a coupon. */
export function checkCoupon(c: { type: 'percent' | 'amount'; value: string; currency?: string | undefined }, ctx: z.RefinementCtx): void {
  if (c.type === 'amount' && !c.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'an amount coupon needs its currency' });
  if (!isReadableDecimal(c.value)) return;
  if (c.type === 'percent' && new Decimal(c.value).gt(100)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percent coupon is at most 100' });
  const scale = c.type === 'amount' && c.currency && isCurrencyCode(c.currency) ? moneyScaleProblem(c.value, c.currency) : null;
  if (scale) ctx.addIssue({ code: 'custom', path: ['value'], message: scale });
}

export const cancelSchema = z.object({ reason: text(500, { min: 3, multiline: true }) });

export const versionedSchema = z.object({ expectedVersion: z.number().int().min(1).optional() });

export { idempotencyKey, documentNumber };

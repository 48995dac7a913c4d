import { einvoiceSettingsSchema } from '../../einvoice.ts';
import { z } from 'zod';
import { earlyPaymentTermsSchema } from '../payment-terms.ts';
import { Decimal } from 'decimal.js';
import {
  currencyCode,
  percent,
  documentNumber,
  text,
  identifier,
  quantity,
  unitPrice,
  listPrice,
  nonNegativeAmount,
  baseAmount,
  exchangeRateValue,
  boundedDecimal,
  isReadableDecimal,
  AMOUNT_INTEGER_DIGITS,
  AMOUNT_SCALE,
} from '../../validation.ts';
import { moneyScaleProblem } from '../../money.ts';
import { isCurrency as isCurrencyCode } from '../../currencies.ts';
import { TAX_CATEGORIES } from '../../tax.ts';
import { defineCommand } from '../commands.ts';
import { addressSchema, byNumber, keyed, vatIdSchema } from '../schemas.ts';
import { checkRange, documentFilters, pageOf, paging } from '../lists.ts';
import { ORDER_TYPES } from '../common.ts';
import {
  QUOTE_STATUSES,
  couponSchema,
  customerSchema,
  forecastRowSchema,
  openApprovalSchema,
  productSchema,
  quoteSchema,
  salesSettingsSchema,
  versionedSalesSettingsSchema,
} from './types.ts';

/**
 * The quote context's commands and queries (customers, products, coupons,
 * settings, quotes with approvals and revisions) and the request schemas the
 * gateway validates REST bodies with.
 */
const AMOUNT_LIMITS = { integerDigits: AMOUNT_INTEGER_DIGITS, scale: AMOUNT_SCALE };

const tierSchema = z.object({ minQuantity: quantity, unitPrice: z.record(currencyCode, unitPrice) });

/** Customer-specific prices (Preisvereinbarung): per product a fixed price per currency, a discount, or tiers. */
export const priceAgreementSchema = z.object({
  prices: z
    .record(
      identifier,
      z.object({
        unitPrice: z.record(currencyCode, unitPrice).optional(),
        discountPercent: percent.optional(),
        tiers: z.array(tierSchema).max(20).optional(),
      }),
    )
    .optional(),
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
  /** Skonto: percent off when paid within days of the invoice date; null for none. */
  earlyPaymentDiscount: earlyPaymentTermsSchema.nullable(),
  /** Invoice every delivery note as it ships (the sale issues the invoice itself). */
  invoiceOnShipment: z.boolean(),
  /** In the base currency EUR, compared with the customer's open exposure in EUR. */
  creditLimit: baseAmount.nullable(),
  priceAgreement: priceAgreementSchema.nullable(),
  tags: z.array(text(50)).max(30),
  assignee: text(100).nullable(),
  leadSource: text(100).nullable(),
  /** E-invoice format, buyer reference (Leitweg-ID) and electronic address; null: PDF only. */
  einvoice: einvoiceSettingsSchema.nullable(),
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
  earlyPaymentDiscount: customerFields.earlyPaymentDiscount.optional(),
  invoiceOnShipment: customerFields.invoiceOnShipment.default(false),
  creditLimit: customerFields.creditLimit.optional(),
  priceAgreement: customerFields.priceAgreement.optional(),
  tags: customerFields.tags.default([]),
  assignee: customerFields.assignee.optional(),
  leadSource: customerFields.leadSource.optional(),
  einvoice: customerFields.einvoice.optional(),
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
  number: z
    .string()
    .regex(/^K-\d{1,18}$/, 'must be a customer number like K-10001')
    .optional(),
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
  /** Made or bought for this order: it ships only after its goods are received (production finished). */
  makeToOrder: z.boolean().optional(),
  /** The date production promised the goods for (make-to-order lines only); the sale reminds the planner when it passes. */
  promisedDate: z.iso.date().optional(),
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
  /** Skonto terms of this document (null: none); omitted: the customer's. */
  earlyPaymentDiscount: earlyPaymentTermsSchema.nullable().optional(),
  /** Invoice each delivery note as it ships; omitted: the customer's setting. */
  invoiceOnShipment: z.boolean().optional(),
  probability: z.number().int().min(0).max(100).optional(),
  expectedCloseDate: z.iso.date().optional(),
  assignee: text(100).optional(),
  /** Free labels (Etiketten); the order takes them over. */
  tags: z.array(text(50)).max(30).optional(),
  /** Where the deal came from; omitted: the customer's lead source. The order takes it over. */
  leadSource: text(100).optional(),
  orderType: z.enum(['standard', 'cash_sale', 'rush', 'scheduled', 'drop_ship']).default('standard'),
  /** Scheduled delivery (Lieferplan): which quantity of which position is due when. */
  schedule: z
    .array(z.object({ date: z.iso.date(), orderPosition: z.number().int().min(1), quantity }))
    .min(1)
    .max(500)
    .optional(),
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
  q.lines.forEach((l, i) => {
    if (l.promisedDate && !l.makeToOrder)
      ctx.addIssue({ code: 'custom', path: ['lines', i, 'promisedDate'], message: 'only a make-to-order line has a promised date' });
  });
  q.schedule?.forEach((s, i) => {
    if (s.orderPosition > q.lines.length) ctx.addIssue({ code: 'custom', path: ['schedule', i, 'orderPosition'], message: 'no such line' });
  });
}

/** A quote's content as a caller sends it (fields with defaults may be left out). */
export type QuoteContentInput = z.input<typeof quoteContentSchema>;

export const contentWithCustomer = quoteContentSchema.extend({
  customerId: identifier.optional(),
  /** Billing data instead of an id: a known customer is used (never changed), an unknown one created. */
  customer: customerDataSchema.optional(),
});

export const newQuoteSchema = contentWithCustomer.superRefine(checkContent);

/** A price preview: the content of a quote for a known customer, priced as a quote would be, nothing written. */
export const quotePreviewSchema = quoteContentSchema.extend({ customerId: identifier }).superRefine((q, ctx) => checkContent(q, ctx));

/** What a price preview answers: lines, totals per VAT rate, base amounts, tax notes and the approvals the quote would need. */
export const quotePreviewReply = z.object({
  currency: z.string(),
  exchangeRate: quoteSchema.shape.exchangeRate,
  lines: quoteSchema.shape.lines,
  totals: quoteSchema.shape.totals,
  totalsBase: quoteSchema.shape.totalsBase,
  grossBase: quoteSchema.shape.grossBase,
  taxNotes: quoteSchema.shape.taxNotes,
  approvals: quoteSchema.shape.approvals,
});

/** Master data lists: page, and find by a piece of the name or the beginning of the number (customers) or SKU (products). */
export const catalogListQuery = z.object({
  ...paging,
  search: text(100).optional().describe('part of the name, or the beginning of the customer number or SKU (case-insensitive)'),
});

export const editQuoteSchema = quoteContentSchema
  .extend({ expectedVersion: z.number().int().min(1) })
  .superRefine((q, ctx) => checkContent({ ...q, customerId: 'kept' }, ctx));

/**
 * A coupon: a percent (at most 100, 4 decimal places) or an amount in its currency (at most the
 * currency's minor digits). Shared by the REST route and the quote service.
 */
export const newCouponSchema = z.object({
  code: text(50),
  type: z.enum(['percent', 'amount']),
  value: boundedDecimal({
    ...AMOUNT_LIMITS,
    sign: 'positive',
    description: 'Percent (at most 100) or amount in the coupon currency (at most its minor digits)',
  }),
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

export const quoteListQuery = z
  .object({
    ...paging,
    ...documentFilters,
    status: z.enum(QUOTE_STATUSES).optional(),
    orderType: z.enum(ORDER_TYPES).optional(),
  })
  .superRefine(checkRange);

/** A lifecycle step of a quote; expectedVersion guards against acting on a quote someone else changed. */
const transition = byNumber.extend({
  expectedVersion: z.number().int().optional(),
  reason: text(500, { min: 0, multiline: true }).optional(),
  revision: z.number().int().min(1).optional(),
  ...keyed,
});
const byId = z.object({ id: identifier });

export const QuoteCommands = {
  customerCreate: defineCommand('quote.customer.create', newCustomerSchema.extend(keyed), customerSchema),
  customerGet: defineCommand('quote.customer.get', byId, customerSchema),
  customerUpdate: defineCommand('quote.customer.update', z.object({ id: identifier, change: customerUpdateSchema, ...keyed }), customerSchema),
  customerList: defineCommand('quote.customer.list', catalogListQuery, pageOf(customerSchema)),
  productCreate: defineCommand('quote.product.create', newProductSchema.extend(keyed), productSchema),
  /** By id or SKU. */
  productGet: defineCommand('quote.product.get', byId, productSchema),
  productList: defineCommand('quote.product.list', catalogListQuery, pageOf(productSchema)),
  create: defineCommand('quote.create', contentWithCustomer.extend(keyed).superRefine(checkContent), quoteSchema),
  get: defineCommand('quote.get', byNumber, quoteSchema),
  list: defineCommand('quote.list', quoteListQuery, pageOf(quoteSchema)),
  send: defineCommand('quote.send', transition, quoteSchema),
  accept: defineCommand('quote.accept', transition, quoteSchema),
  reject: defineCommand('quote.reject', transition, quoteSchema),
  cancel: defineCommand('quote.cancel', transition, quoteSchema),
  markConverted: defineCommand('quote.mark-converted', transition.extend({ orderNumber: documentNumber }), quoteSchema),
  edit: defineCommand(
    'quote.edit',
    z.object({
      number: documentNumber,
      content: quoteContentSchema.superRefine((c, x) => checkContent({ ...c, customerId: 'kept' }, x)),
      expectedVersion: z.number().int().optional(),
      ...keyed,
    }),
    quoteSchema,
  ),
  submit: defineCommand('quote.submit', transition, quoteSchema),
  decide: defineCommand(
    'quote.approval.decide',
    byNumber.extend({
      level: z.number().int().min(1),
      decision: z.enum(['approve', 'reject']),
      reason: text(500, { min: 0, multiline: true }).optional(),
      ...keyed,
    }),
    quoteSchema,
  ),
  expire: defineCommand('quote.expire', transition, quoteSchema),
  /** Every revision of a quote, oldest first. */
  revisions: defineCommand('quote.revisions', byNumber, z.array(quoteSchema)),
  forecast: defineCommand('quote.forecast', z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }), z.array(forecastRowSchema)),
  /** Quotes waiting for a decision of this role (admins see all). */
  approvals: defineCommand('quote.approvals.open', z.object({ role: text(50) }), z.array(openApprovalSchema)),
  couponCreate: defineCommand('quote.coupon.create', newCouponSchema.extend(keyed).superRefine(checkCoupon), couponSchema),
  settingsGet: defineCommand('quote.settings.get', z.object({}), versionedSalesSettingsSchema),
  settingsPut: defineCommand(
    'quote.settings.put',
    z.object({ settings: salesSettingsSchema, expectedVersion: z.number().int().min(0), ...keyed }),
    versionedSalesSettingsSchema,
  ),
  /** Prices a direct order like a quote without storing one (the order service stores it under its own number, hence none here). */
  /** Prices a quote's content for a customer without writing anything (the editor's live totals). */
  preview: defineCommand('quote.preview', quotePreviewSchema, quotePreviewReply),
  /** The same content priced into a whole quote without a number (nothing written, no number taken): what a draft PDF prints. */
  previewDocument: defineCommand('quote.preview.document', quotePreviewSchema, quoteSchema.extend({ number: z.string() })),
  price: defineCommand('quote.price', contentWithCustomer.extend(keyed).superRefine(checkContent), quoteSchema.extend({ number: z.string() })),
};

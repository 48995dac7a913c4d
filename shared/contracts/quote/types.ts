import { einvoiceSettingsSchema } from '../../einvoice.ts';
import { z } from 'zod';
import { earlyPaymentTermsReply } from '../payment-terms.ts';
import { TAX_CATEGORIES, type TaxCategory } from '../../tax.ts';
import { baseAmount, boundedDecimal, percent, text } from '../../validation.ts';
import { customerSnapshotFields, positionQuantitySchema, pricedDocumentFields, replyFields as f, supplierSchema, type Address } from '../common.ts';

/** The quote context's documents (customers, products, quotes, settings) as zod schemas, with their types derived from them. */

export const QUOTE_STATUSES = ['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired', 'cancelled', 'converted'] as const;
export const quoteStatusSchema = z.enum(QUOTE_STATUSES);
export type QuoteStatus = z.infer<typeof quoteStatusSchema>;

const priceTierReply = z.object({ minQuantity: f.decimal, unitPrice: z.record(z.string(), f.decimal) });
/** Volume price: from minQuantity on, this unit price per currency. */
export type PriceTier = z.infer<typeof priceTierReply>;

const priceAgreementReply = z.object({
  prices: z
    .record(
      z.string(),
      z.object({
        unitPrice: z.record(z.string(), f.decimal).optional(),
        discountPercent: f.decimal.optional(),
        tiers: z.array(priceTierReply).optional(),
      }),
    )
    .optional(),
});
/** Customer-specific prices per product id. */
export type PriceAgreement = z.infer<typeof priceAgreementReply>;

export const customerSchema = z.object({
  ...customerSnapshotFields,
  type: z.enum(['business', 'consumer']),
  country: z.string(),
  language: z.enum(['de', 'en']),
  currency: f.currency,
  paymentTermsDays: z.number().int().min(0),
  earlyPaymentDiscount: earlyPaymentTermsReply.nullable().optional(),
  invoiceOnShipment: z.boolean().optional(),
  creditLimit: f.decimal.nullable(),
  priceAgreement: priceAgreementReply.nullable(),
  tags: z.array(z.string()),
  assignee: z.string().nullable(),
  leadSource: z.string().nullable(),
  /** E-invoice setting (format, buyer reference, electronic address); null: PDF only. */
  einvoice: einvoiceSettingsSchema.nullable().optional(),
  createdAt: f.timestamp,
  updatedAt: f.timestamp,
  version: f.version,
});
export type Customer = z.infer<typeof customerSchema>;

export const productSchema = z.object({
  id: f.ref,
  sku: z.string(),
  name: z.string(),
  names: z.object({ de: z.string(), en: z.string() }),
  unit: z.string(),
  /** List prices per currency, decimal strings. */
  prices: z.record(z.string(), f.decimal),
  /** Cost prices per currency, for the margin rule of the approval policy. */
  costPrices: z.record(z.string(), f.decimal),
  tiers: z.array(priceTierReply),
  taxCategory: z.enum(TAX_CATEGORIES as readonly TaxCategory[] as [TaxCategory, ...TaxCategory[]]),
  kind: z.enum(['goods', 'service']),
  stocked: z.boolean(),
  makeToOrder: z.boolean(),
  createdAt: f.timestamp,
});
export type Product = z.infer<typeof productSchema>;

/** Why a policy rule fired: its condition, the policy's threshold and the quote's figure (percent, or EUR). */
export const approvalFindingSchema = z.object({
  rule: z.enum(['discountPercentAbove', 'marginPercentBelow', 'totalBaseAbove', 'exceedsCreditLimit']),
  threshold: f.decimal,
  actual: f.decimal,
});

export const approvalStepSchema = z.object({
  level: z.number().int().min(1),
  role: z.string(),
  reasons: z.array(z.string()),
  /** One per reason (absent on steps computed before they were kept). */
  findings: z.array(approvalFindingSchema).optional(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});
export type ApprovalStepJson = z.infer<typeof approvalStepSchema>;

export const quoteSchema = z.object({
  ...pricedDocumentFields,
  status: quoteStatusSchema,
  revision: z.number().int().min(1),
  createdBy: z.string(),
  assignee: z.string().nullable(),
  /** Free labels (Etiketten), carried into the order. */
  tags: z.array(z.string()).optional(),
  /** Where the deal came from (the quote's own, else the customer's), carried into the order. */
  leadSource: z.string().nullable().optional(),
  validUntil: f.date,
  /** The instant the quote lapses; the sale workflow expires it then. */
  expiresAt: f.timestamp,
  probability: z.number().int().nullable(),
  expectedCloseDate: f.date.nullable(),
  documentDiscountPercent: f.decimal,
  couponCode: z.string().nullable(),
  approvals: z.array(approvalStepSchema),
  schedule: z.array(positionQuantitySchema.extend({ date: f.date })),
  supplier: supplierSchema.nullable(),
  /** Carried into the order: stocked goods may ship in parts as stock arrives. */
  allowBackorders: z.boolean(),
  orderNumber: z.string().nullable(),
  version: f.version,
});
export type Quote = z.infer<typeof quoteSchema>;

/** Open quotes per expected close month and currency: pipeline in document and base currency, and weighted by probability. */
export const forecastRowSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  currency: f.currency,
  quotes: z.number().int().min(0),
  pipeline: f.decimal,
  pipelineBase: f.decimal,
  weightedBase: f.decimal,
});
export type ForecastRow = z.infer<typeof forecastRowSchema>;

/** A quote waiting for a decision at its current approval level. */
export const openApprovalSchema = z.object({
  number: f.ref,
  revision: z.number().int().min(1),
  customer: z.string(),
  customerNumber: f.ref.optional(),
  grossBase: f.decimal,
  /** Net, VAT and gross in the quote's currency. */
  currency: f.currency.optional(),
  net: f.decimal.optional(),
  gross: f.decimal.optional(),
  createdBy: z.string(),
  assignee: z.string().nullable().optional(),
  validUntil: f.date.optional(),
  /** When the quote last changed: for a quote pending approval, when it was submitted. */
  waitingSince: f.timestamp.optional(),
  level: z.number().int().min(1),
  role: z.string(),
  reasons: z.array(z.string()),
  /** The rules that fired at this level, with the policy's threshold and the quote's figure. */
  findings: z.array(approvalFindingSchema).optional(),
  /** Every level of the quote with its state, so the inbox shows what was decided before and what follows. */
  steps: z.array(approvalStepSchema).optional(),
});

export const couponSchema = z.object({
  code: z.string(),
  type: z.enum(['percent', 'amount']),
  value: f.decimal,
  currency: f.currency.optional(),
  validFrom: f.date.optional(),
  validUntil: f.date.optional(),
  usageLimit: z.number().int().optional(),
  timesUsed: z.number().int().min(0),
});

/** A duration as Temporal reads it: "90s", "15m", "24h", "3d". */
const duration = z.string().regex(/^\d{1,9}(ms|s|m|h|d)$/, 'must be a duration like 30s, 15m, 24h or 3d');

/** The global sales settings (approval policy, reminder timings, tax mode): owned by the quote service, edited through the gateway. */
export const salesSettingsSchema = z.object({
  approvalPolicy: z.object({
    rules: z
      .array(
        z.object({
          level: z.number().int().min(1).max(9),
          role: text(50),
          when: z
            .object({
              discountPercentAbove: percent.optional(),
              marginPercentBelow: boundedDecimal({ integerDigits: 6, scale: 4, sign: 'any', description: 'Margin percent (may be negative)' }).optional(),
              totalBaseAbove: baseAmount.optional(),
              exceedsCreditLimit: z.boolean().optional(),
            })
            .refine((w) => Object.keys(w).length === 1, 'exactly one condition per rule'),
        }),
      )
      .max(50),
  }),
  /** Remind the approvers when a decision has waited this long … */
  approvalReminderAfter: duration,
  /** … and escalate to escalationRole after this long. */
  approvalEscalateAfter: duration,
  escalationRole: text(50),
  /** Remind the assignee this long before a sent quote expires. */
  expiryReminderBefore: duration,
  defaultValidityDays: z.number().int().min(1).max(365),
  tax: z.object({ smallBusiness: z.boolean(), ossThresholdExceeded: z.boolean() }),
});
export type SalesSettings = z.infer<typeof salesSettingsSchema>;

/** The settings as stored, with the version an update must name. */
export const versionedSalesSettingsSchema = salesSettingsSchema.extend({ version: z.number().int().min(0) });

export type { Address };

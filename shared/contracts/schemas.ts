import { z } from 'zod';
import { currencyCode, decimalString, percent, positiveDecimal, idempotencyKey, documentNumber } from '../validation.ts';
import { TAX_CATEGORIES } from '../tax.ts';

/**
 * Input schemas shared by the gateway (REST validation and the OpenAPI
 * document) and the services (NATS validation): one definition, two edges.
 */
/** The acting user, filled in by the gateway from the API key; services record it in the audit trail. */
export const actorSchema = z.object({ id: z.string().min(1), role: z.string().min(1) }).default({ id: 'system', role: 'system' });

export const addressSchema = z.object({
  name: z.string().min(1).max(200),
  street: z.string().min(1).max(200),
  postalCode: z.string().min(1).max(20),
  city: z.string().min(1).max(100),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. DE'),
});

export const newCustomerSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.enum(['business', 'consumer']).default('business'),
  billingAddress: addressSchema,
  shippingAddress: addressSchema.optional(),
  vatId: z.string().regex(/^[A-Z]{2}[0-9A-Za-z+*.]{2,13}$/, 'must be an EU VAT ID like DE123456789').optional(),
  email: z.email().optional(),
  paymentTermsDays: z.number().int().min(0).max(365).default(14),
});

export const newProductSchema = z.object({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(300),
  unit: z.string().min(1).max(20).default('Stk'),
  prices: z.record(currencyCode, positiveDecimal).refine((p) => Object.keys(p).length > 0, 'needs at least one price'),
  taxCategory: z.enum(TAX_CATEGORIES as [string, ...string[]]).default('standard') as z.ZodType<'standard' | 'reduced' | 'exempt'>,
  kind: z.enum(['goods', 'service']).default('goods'),
});

export const lineRequestSchema = z.object({
  productId: z.string().min(1),
  quantity: positiveDecimal,
  unitPrice: decimalString.refine((v) => !v.startsWith('-'), 'must not be negative').optional(),
  discountPercent: percent.optional(),
  description: z.string().min(1).max(500).optional(),
});

export const newQuoteSchema = z.object({
  customerId: z.string().min(1),
  currency: currencyCode,
  lines: z.array(lineRequestSchema).min(1, 'a quote needs at least one line').max(500),
  validUntil: z.iso.date().optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
});

export const deliveryRequestSchema = z.object({
  /** Lines to ship; omitted means everything still open. */
  lines: z.array(z.object({ orderPosition: z.number().int().min(1), quantity: positiveDecimal })).min(1).optional(),
});

export const shipSchema = z.object({
  carrier: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100).optional(),
});

export const invoiceRequestSchema = z.object({
  deliveryNoteNumbers: z.array(documentNumber).min(1),
});

export const paymentSchema = z.object({
  amount: positiveDecimal,
  receivedAt: z.iso.date().optional(),
  reference: z.string().max(200).optional(),
});

export const cancelSchema = z.object({ reason: z.string().min(3).max(500) });

export const versionedSchema = z.object({ expectedVersion: z.number().int().min(1).optional() });

export { idempotencyKey, documentNumber };

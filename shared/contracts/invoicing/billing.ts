import { z } from 'zod';
import { documentNumber } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { replyFields as f } from '../common.ts';
import { billingPlanItemSchema } from '../order/billing-plan.ts';
import { INVOICE_KINDS, INVOICE_STATUSES } from './types.ts';

/** Where the billing of an order stands: what its invoices billed, what is left, and each plan item with its invoice. */

const amounts = z.object({ net: f.decimal, vat: f.decimal, gross: f.decimal });

export const billingStatusSchema = z.object({
  orderNumber: f.ref,
  currency: f.currency,
  order: amounts,
  /** Live (not cancelled) invoices of the order, added up. */
  billed: amounts,
  /** The order less what was billed: what the final invoice will bill. */
  remaining: amounts,
  paid: f.decimal,
  invoices: z.array(
    z.object({
      number: f.ref,
      kind: z.enum(INVOICE_KINDS),
      status: z.enum(INVOICE_STATUSES),
      planItemKey: z.string().nullable(),
      gross: f.decimal,
      openAmount: f.decimal,
    }),
  ),
  items: z.array(billingPlanItemSchema.extend({ invoiceNumber: f.ref.nullable() })),
  finalInvoice: f.ref.nullable(),
});
export type BillingStatus = z.infer<typeof billingStatusSchema>;

export const BillingCommands = {
  status: defineCommand('invoicing.billing.status', z.object({ orderNumber: documentNumber }), billingStatusSchema),
};

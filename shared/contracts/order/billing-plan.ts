import { z } from 'zod';
import { documentNumber, text } from '../../validation.ts';
import { keyed } from '../schemas.ts';
import { defineCommand } from '../commands.ts';
import { billingShareSchema } from './milestones.ts';

/**
 * Billing plans of orders (Zahlungsplan): which share of the order is billed
 * when, as a down payment (Anzahlung) or a progress invoice (Abschlag). The
 * rest is billed by the final invoice (Schlussrechnung), which deducts every
 * earlier invoice. Owned by the order service; billed by the invoicing service.
 */

export const BILLING_PLAN_KINDS = ['down_payment', 'progress'] as const;
export type BillingPlanKind = (typeof BILLING_PLAN_KINDS)[number];

/** When an item may be billed: at once, when a milestone is done, when positions are shipped in full, or whenever the project manager says. */
export const billingTriggerSchema = z
  .discriminatedUnion('on', [
    z.object({ on: z.literal('order_confirmed') }),
    z.object({ on: z.literal('milestone_done'), milestoneId: text(100) }),
    z.object({ on: z.literal('positions_shipped'), positions: z.array(z.number().int().min(1)).min(1).max(1000) }),
    z.object({ on: z.literal('manual') }),
  ])
  .describe('order_confirmed | milestone_done (milestoneId) | positions_shipped (positions, all shipped in full) | manual');
export type BillingTrigger = z.infer<typeof billingTriggerSchema>;

const itemKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lower-case letters, digits, - or _')
  .describe('stable key of the item within the plan, e.g. "anzahlung"');

export const billingPlanItemInput = z.object({
  key: itemKey,
  label: text(200, { description: 'printed on the invoice, e.g. "Anzahlung 30 %"' }),
  kind: z.enum(BILLING_PLAN_KINDS),
  /** Optional for a milestone item: the milestone's own billing share applies then. */
  share: billingShareSchema.optional(),
  trigger: billingTriggerSchema,
  auto: z.boolean().default(false).describe('true: the sale issues the invoice by itself when the trigger is reached'),
});
export type BillingPlanItemInput = z.output<typeof billingPlanItemInput>;

export const billingPlanItemSchema = z.object({
  key: z.string(),
  position: z.number().int().min(1),
  label: z.string(),
  kind: z.enum(BILLING_PLAN_KINDS),
  /** The share that applies: the item's own, or its milestone's; null while neither is set. */
  share: z.object({ kind: z.enum(['percent', 'amount']), value: z.string() }).nullable(),
  trigger: billingTriggerSchema,
  auto: z.boolean(),
});
export type BillingPlanItem = z.infer<typeof billingPlanItemSchema>;

export const billingPlanSchema = z.object({
  orderNumber: z.string(),
  /** 0 while the order has no plan; every change adds one. */
  version: z.number().int().min(0),
  items: z.array(billingPlanItemSchema),
});
export type BillingPlan = z.infer<typeof billingPlanSchema>;

export const billingPlanBody = z.object({
  expectedVersion: z.number().int().min(0).optional().describe("the plan's version as last read (0 or absent: no plan yet); a stale version answers 409"),
  items: z.array(billingPlanItemInput).max(50),
});

export const BillingPlanCommands = {
  get: defineCommand('order.billing_plan.get', z.object({ orderNumber: documentNumber }), billingPlanSchema),
  replace: defineCommand('order.billing_plan.replace', billingPlanBody.extend({ orderNumber: documentNumber, ...keyed }), billingPlanSchema),
};

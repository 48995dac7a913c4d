import { z } from 'zod';
import { documentNumber, text, unitPrice } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';
import { replyFields as f } from '../common.ts';

/**
 * Recurring invoices (maintenance contracts, licences): the lines of a
 * contract order billed once per period. Owned by the invoicing service, which
 * bills each period exactly once (a period's invoice is unique, so a timer
 * firing twice or a worker restarting bills nothing twice); the sale of the
 * order keeps the timer for the next period.
 */

/** Calendar intervals for contracts; a duration ("30s", "2m") for demos and tests. */
export const subscriptionInterval = z
  .union([z.enum(['monthly', 'quarterly', 'yearly']), z.string().regex(/^\d{1,6}(s|m|h|d)$/, 'must be monthly, quarterly, yearly or a duration like 30s')])
  .describe('monthly | quarterly | yearly, or a duration like 30s (demos, tests)');

const linePrices = z
  .array(z.object({ position: z.number().int().min(1), unitPrice }))
  .min(1)
  .max(500);

export const subscriptionBody = z.object({
  interval: subscriptionInterval,
  /** The first period starts at the beginning of this day (Europe/Berlin); default today. For a duration interval: now. */
  startDate: z.iso.date().optional(),
  /** Last day of the contract: no period starting after it is billed. */
  endDate: z.iso.date().optional(),
});

export const subscriptionSchema = z.object({
  orderNumber: f.ref,
  interval: z.string(),
  startAt: f.timestamp,
  endDate: f.date.nullable(),
  status: z.enum(['active', 'paused', 'ended']),
  /** New unit prices per order position from the start of a date on. */
  priceChanges: z.array(z.object({ from: f.date, lines: z.array(z.object({ position: z.number().int(), unitPrice: f.decimal })) })),
  /** Periods billed so far: their index (0 = first), start, end and invoice; skipped while paused. */
  periods: z.array(
    z.object({ period: z.number().int().min(0), startsAt: f.timestamp, endsAt: f.timestamp, invoiceNumber: f.ref.nullable(), skipped: z.boolean() }),
  ),
  /** The next period the sale will bill, and when it starts; null once the contract ended. */
  next: z.object({ period: z.number().int().min(0), startsAt: f.timestamp }).nullable(),
  version: z.number().int().min(1),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

/** What billing one period gave: the invoice, or why none; and the next period to wait for. */
export const periodOutcomeSchema = z.object({
  outcome: z.enum(['invoiced', 'already_invoiced', 'paused', 'ended']),
  /** The invoice of the period (null when skipped or ended). */
  invoiceNumber: f.ref.nullable(),
  dueDate: f.date.nullable(),
  next: z.object({ period: z.number().int().min(0), startsAt: f.timestamp }).nullable(),
});
export type PeriodOutcome = z.infer<typeof periodOutcomeSchema>;

const ofOrder = { orderNumber: documentNumber, ...keyed };

export const SubscriptionCommands = {
  create: defineCommand('invoicing.subscription.create', subscriptionBody.extend(ofOrder), subscriptionSchema),
  get: defineCommand('invoicing.subscription.get', z.object({ orderNumber: documentNumber }), subscriptionSchema),
  pause: defineCommand('invoicing.subscription.pause', z.object(ofOrder), subscriptionSchema),
  resume: defineCommand('invoicing.subscription.resume', z.object(ofOrder), subscriptionSchema),
  end: defineCommand('invoicing.subscription.end', z.object({ ...ofOrder, endDate: z.iso.date() }), subscriptionSchema),
  changePrices: defineCommand(
    'invoicing.subscription.prices',
    z.object({ ...ofOrder, from: z.iso.date(), lines: linePrices, reason: text(500, { min: 3, multiline: true }) }),
    subscriptionSchema,
  ),
  /** Bills period n if it has started, the contract runs and it is not billed yet; answers the next period either way. */
  billPeriod: defineCommand(
    'invoicing.subscription.bill',
    z.object({ orderNumber: documentNumber, period: z.number().int().min(0), ...keyed }),
    periodOutcomeSchema,
  ),
};

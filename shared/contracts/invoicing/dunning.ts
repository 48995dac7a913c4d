import { z } from 'zod';
import { boundedDecimal, documentNumber, nonNegativeAmount, text, AMOUNT_SCALE } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';
import { customerSnapshotSchema, replyFields as f } from '../common.ts';

/**
 * Dunning (Mahnwesen): reminder levels after an invoice's due date, each with
 * its fee, and default interest per § 288 BGB (base rate plus 9 points for
 * businesses, 5 for consumers) on the open amount from the due date. The sale
 * keeps the timers; the invoicing service issues each reminder (MA series)
 * only while the invoice is still open, so a payment or a credit note stops it.
 */

const duration = z.string().regex(/^\d{1,9}(ms|s|m|h|d)$/, 'must be a duration like 30s, 15m, 24h or 7d');
const percentRate = boundedDecimal({ integerDigits: 3, scale: AMOUNT_SCALE, sign: 'nonNegative', description: 'percent per year' });

export const dunningLevelSchema = z.object({
  /** Printed as the document's title: "Zahlungserinnerung", "1. Mahnung", … */
  title: text(100),
  /** How long after the end of the due date (Europe/Berlin) this level is reached. */
  afterDue: duration,
  /** Reminder fee (Mahngebühr) in the invoice currency, net of VAT (a fee is damages, not a supply). */
  fee: nonNegativeAmount,
});
export type DunningLevel = z.infer<typeof dunningLevelSchema>;

export const dunningSettingsSchema = z.object({
  levels: z.array(dunningLevelSchema).min(1).max(5),
  /** Basiszinssatz (§ 247 BGB), percent per year; may be negative. */
  baseRatePercent: boundedDecimal({ integerDigits: 3, scale: AMOUNT_SCALE, sign: 'any', description: 'base rate, percent per year' }),
  /** § 288 Abs. 2 BGB: 9 points above the base rate between businesses. */
  pointsBusiness: percentRate,
  /** § 288 Abs. 1 BGB: 5 points above the base rate with consumers. */
  pointsConsumer: percentRate,
});
export type DunningSettings = z.infer<typeof dunningSettingsSchema>;

export const reminderSchema = z.object({
  number: f.ref,
  invoiceNumber: f.ref,
  orderNumber: f.ref,
  level: z.number().int().min(1),
  title: z.string(),
  /** The invoice's customer as billed: the reminder goes to the same address. */
  customer: customerSnapshotSchema,
  currency: f.currency,
  dueDate: f.date,
  issueDate: f.date,
  daysOverdue: z.number().int().min(0),
  openAmount: f.decimal,
  interestRatePercent: f.decimal,
  interest: f.decimal,
  fee: f.decimal,
  /** Open amount + interest + fee (+ fees and interest of earlier reminders still unpaid are not charged twice: each reminder states its own). */
  total: f.decimal,
  /** Pay by: a week after the reminder. */
  payBy: f.date,
  createdAt: f.timestamp,
});
export type Reminder = z.infer<typeof reminderSchema>;

/** The reminder of a level, or why none was issued (the invoice is settled, cancelled, or not due yet). */
export const reminderOutcomeSchema = z.object({
  issued: z.boolean(),
  reason: z.enum(['issued', 'already_issued', 'settled', 'not_due']),
  reminder: reminderSchema.nullable(),
});

export const overdueItemSchema = z.object({
  invoiceNumber: f.ref,
  orderNumber: f.ref,
  customer: z.object({ id: z.string(), number: z.string(), name: z.string() }),
  currency: f.currency,
  dueDate: f.date,
  daysOverdue: z.number().int().min(0),
  openAmount: f.decimal,
  /** The highest level reminded so far; 0: none yet. */
  level: z.number().int().min(0),
  reminders: z.array(f.ref),
});

export const overdueQuery = z.object({
  level: z.coerce.number().int().min(0).max(5).optional().describe('only invoices at this dunning level (0: overdue, not reminded yet)'),
});

export const DunningCommands = {
  settings: defineCommand('invoicing.dunning.settings.get', z.object({}), dunningSettingsSchema),
  setSettings: defineCommand('invoicing.dunning.settings.set', dunningSettingsSchema.extend(keyed), dunningSettingsSchema),
  /** Issues the reminder of a level (default: the next one) for an invoice, once, and only while the invoice is overdue and open. */
  remind: defineCommand(
    'invoicing.dunning.remind',
    z.object({ invoiceNumber: documentNumber, level: z.number().int().min(1).max(5).optional(), ...keyed }),
    reminderOutcomeSchema,
  ),
  getReminder: defineCommand('invoicing.dunning.reminder.get', z.object({ number: z.string().regex(/^MA-\d{4}-\d{5,20}$/) }), reminderSchema),
  overdue: defineCommand('invoicing.dunning.overdue', overdueQuery, z.array(overdueItemSchema)),
};

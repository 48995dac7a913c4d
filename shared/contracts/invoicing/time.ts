import { z } from 'zod';
import { boundedDecimal, documentNumber, identifier, text, unitPrice } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';
import { replyFields as f } from '../common.ts';
import { invoiceSchema } from './types.ts';

/**
 * Time and material (Zeit und Aufwand) on project orders: time entries per
 * person and activity, billed by period. The activity is a service product of
 * the catalogue (unit hours), so the customer's price and the VAT of the
 * destination apply as on any line; a rate on the entry overrides the price.
 */

const hours = boundedDecimal({ integerDigits: 4, scale: 2, sign: 'positive', description: 'hours worked (> 0, at most 2 decimals)' });

export const timeEntryInput = z.object({
  person: text(100, { description: 'who worked (user id or name)' }),
  productId: identifier.describe('the activity: a service product of the catalogue (e.g. Montage, Programmierung)'),
  date: z.iso.date().describe('the day worked (YYYY-MM-DD)'),
  hours,
  rate: unitPrice.optional().describe("net hourly rate in the order's currency; default: the customer's price of the activity"),
  billable: z.boolean().default(true),
  text: text(500, { multiline: true, description: 'what was done' }),
});

export const timeEntrySchema = z.object({
  id: f.ref,
  orderNumber: f.ref,
  person: z.string(),
  productId: z.string(),
  activity: z.string(),
  date: f.date,
  hours: f.decimal,
  rate: f.decimal.nullable(),
  billable: z.boolean(),
  text: z.string(),
  /** The invoice that billed the entry; null while unbilled. */
  invoiceNumber: f.ref.nullable(),
  createdAt: f.timestamp,
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;

export const timeEntryListQuery = z.object({
  billed: z.enum(['true', 'false']).optional().describe('true: billed entries only; false: unbilled only'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const timeInvoiceBody = z
  .object({
    from: z.iso.date().describe('first day of the period (YYYY-MM-DD)'),
    to: z.iso.date().describe('last day of the period (YYYY-MM-DD)'),
  })
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'must not be before from' });

export const TimeCommands = {
  record: defineCommand('invoicing.time.record', timeEntryInput.extend({ orderNumber: documentNumber, ...keyed }), timeEntrySchema),
  list: defineCommand('invoicing.time.list', timeEntryListQuery.extend({ orderNumber: documentNumber }), z.array(timeEntrySchema)),
  /** Bills the unbilled billable entries of the period, grouped per person and activity; each entry once. */
  bill: defineCommand(
    'invoicing.time.bill',
    z
      .object({ orderNumber: documentNumber, from: z.iso.date(), to: z.iso.date(), ...keyed })
      .refine((b) => b.from <= b.to, { path: ['to'], message: 'must not be before from' }),
    invoiceSchema,
  ),
};

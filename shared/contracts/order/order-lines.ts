import { z } from 'zod';
import { documentNumber, quantity, text } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';
import { defineEvent, eventFields as f } from '../events.ts';
import { salesOrderSchema } from './types.ts';

/**
 * Changes of single order lines after confirmation, owned by the order service:
 * cancelling (part of) a line's quantity that has not shipped, and moving the
 * promised date of a make-to-order line.
 */

const reason = text(500, { min: 3, multiline: true, description: 'why' });

/** REST body of `POST /orders/{number}/lines/{position}/cancel`. */
export const lineCancelBody = z.object({
  reason,
  quantity: quantity.optional().describe('how much of the line to cancel; default: all that is still open (not shipped and not on a delivery note)'),
});

/** REST body of `POST /orders/{number}/lines/{position}/promised-date`. */
export const promisedDateBody = z.object({
  promisedDate: z.iso.date().describe('the new date production or purchasing promises the goods for (YYYY-MM-DD)'),
  reason,
});

const ofLine = { orderNumber: documentNumber, orderPosition: z.number().int().min(1), ...keyed };

/** What a line cancellation answers: the order as it now stands and the facts the sale decides on. */
export const lineCancellationSchema = z.object({
  order: salesOrderSchema,
  orderPosition: z.number().int().min(1),
  /** Cancelled by this command. */
  quantity: f.decimal,
  /** What of the line is still to ship (ordered − cancelled − shipped). */
  lineOpen: f.decimal,
  /** Shipped and cancelled quantities together now cover every goods line: the order is delivered. */
  orderComplete: z.boolean(),
  /** The line still has quantity waiting for stock (open and not reserved). */
  awaitingStock: z.boolean(),
});
export type LineCancellation = z.infer<typeof lineCancellationSchema>;

export const OrderLineCommands = {
  /** Cancels a quantity of a line that has not shipped and is on no delivery note (409 naming `quantity` otherwise); recorded on the line and audited. */
  cancel: defineCommand('order.line.cancel', lineCancelBody.extend(ofLine), lineCancellationSchema),
  /** Moves the promised date of a make-to-order line (audited with the old and the new date). */
  promisedDate: defineCommand('order.line.promised_date', promisedDateBody.extend(ofLine), salesOrderSchema),
};

/** Part of a line was cancelled: the warehouse releases its reservation or backorder for that quantity. */
export const OrderLineCancelled = defineEvent(
  'events.order.line.cancelled',
  1,
  z.object({
    orderNumber: f.ref,
    orderPosition: z.number().int().min(1),
    /** Cancelled now. */
    quantity: f.decimal,
    /** Cancelled of the line in all (the warehouse sets its figure to this, so a redelivery changes nothing). */
    cancelledQuantity: f.decimal,
    reason: z.string(),
  }),
);

/** The promised date of a make-to-order line moved. */
export const PromisedDateChanged = defineEvent(
  'events.order.line.promised_date_changed',
  1,
  z.object({ orderNumber: f.ref, orderPosition: z.number().int().min(1), from: z.iso.date().nullable(), to: z.iso.date(), reason: z.string() }),
);

import { z } from 'zod';
import { documentNumber, quantity, text } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { byNumber, keyed } from '../schemas.ts';
import { checkRange, documentFilters, pageOf, paging } from '../lists.ts';
import { DELIVERY_NOTE_STATUSES, SHIPPING_METHODS, deliveryNoteSchema, pickListSchema, shipResultSchema } from './types.ts';

/** The fulfillment context's commands and queries: delivery notes. */

export const deliveryRequestSchema = z.object({
  /** Lines to ship; omitted means everything still open. */
  lines: z
    .array(z.object({ orderPosition: z.number().int().min(1), quantity }))
    .min(1)
    .max(500)
    .optional(),
});

export const shipSchema = z.object({
  /** parcel (the default), freight, pickup or courier. */
  method: z.enum(SHIPPING_METHODS).default('parcel').describe('shipping method: parcel (default), freight, pickup or courier'),
  carrier: text(100),
  trackingNumber: text(100).optional(),
});

/** The warehouse records when the goods arrived at the customer (only after shipping). */
export const markDeliveredSchema = z.object({
  deliveredOn: z.iso.date().describe('the date the goods arrived (YYYY-MM-DD); not before the shipping date, not in the future'),
});

export const deliveryNoteListQuery = z
  .object({
    ...paging,
    ...documentFilters,
    status: z.enum(DELIVERY_NOTE_STATUSES).optional(),
    orderNumber: documentNumber.optional(),
  })
  .superRefine(checkRange);

export const FulfillmentCommands = {
  /** The caller names the order and the quantities; the order's lines and status come from the order service. */
  create: defineCommand('fulfillment.delivery.create', deliveryRequestSchema.extend({ orderNumber: documentNumber, ...keyed }), deliveryNoteSchema),
  ship: defineCommand(
    'fulfillment.delivery.ship',
    shipSchema.extend({ number: documentNumber, expectedVersion: z.number().int().optional(), ...keyed }),
    shipResultSchema,
  ),
  markDelivered: defineCommand(
    'fulfillment.delivery.delivered',
    markDeliveredSchema.extend({ number: documentNumber, expectedVersion: z.number().int().optional(), ...keyed }),
    deliveryNoteSchema,
  ),
  get: defineCommand('fulfillment.delivery.get', byNumber, deliveryNoteSchema),
  /** The pick list of a note: its lines with warehouse and storage bin. */
  pickList: defineCommand('fulfillment.delivery.pick-list', byNumber, pickListSchema),
  list: defineCommand('fulfillment.delivery.list', deliveryNoteListQuery, pageOf(deliveryNoteSchema)),
};

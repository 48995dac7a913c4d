import { z } from 'zod';
import { customerSnapshotSchema, replyFields as f } from '../common.ts';

/** The fulfillment context's documents as zod schemas, with their types derived from them. */

export const DELIVERY_NOTE_STATUSES = ['open', 'shipped', 'cancelled'] as const;
export type DeliveryNoteStatus = (typeof DELIVERY_NOTE_STATUSES)[number];

/** How a note travels: parcel service, freight forwarder, picked up by the customer, courier. */
export const SHIPPING_METHODS = ['parcel', 'freight', 'pickup', 'courier'] as const;
export type ShippingMethod = (typeof SHIPPING_METHODS)[number];

export const deliveryLineSchema = z.object({
  position: z.number().int().min(1),
  /** The order position this line ships. */
  orderPosition: z.number().int().min(1),
  sku: z.string(),
  description: z.string(),
  quantity: f.decimal,
  unit: z.string(),
});
export type DeliveryLine = z.infer<typeof deliveryLineSchema>;

export const deliveryNoteSchema = z.object({
  number: f.ref,
  orderNumber: f.ref,
  status: z.enum(DELIVERY_NOTE_STATUSES),
  customer: customerSnapshotSchema,
  lines: z.array(deliveryLineSchema),
  /** Set when shipped (null on notes shipped before shipping methods were recorded). */
  shippingMethod: z.enum(SHIPPING_METHODS).nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippedAt: f.timestamp.nullable(),
  /** The date the goods arrived at the customer (YYYY-MM-DD), once the warehouse records it. */
  deliveredOn: z.iso.date().nullable(),
  createdAt: f.timestamp,
  version: f.version,
});
export type DeliveryNote = z.infer<typeof deliveryNoteSchema>;

/** A pick list line: a delivery note line with where to take the goods from ("—" on the list when unknown). */
export const pickLineSchema = deliveryLineSchema.extend({
  warehouse: z.string().nullable(),
  bin: z.string().nullable(),
});
export type PickLine = z.infer<typeof pickLineSchema>;

/** What the warehouse picks for one delivery note (Kommissionierliste), keyed by the note's number. */
export const pickListSchema = z.object({
  number: f.ref,
  orderNumber: f.ref,
  customer: customerSnapshotSchema,
  lines: z.array(pickLineSchema),
  createdAt: f.timestamp,
});
export type PickList = z.infer<typeof pickListSchema>;

/** What shipping a note answers: the note, and whether the shipped notes of its order now cover every ordered position. */
export const shipResultSchema = z.object({
  deliveryNote: deliveryNoteSchema,
  orderComplete: z.boolean(),
  /** Positions of the order that, after this shipment, still have quantity waiting for stock (backorder). */
  awaitingStock: z.array(z.number().int().min(1)).optional(),
});
export type ShipResult = z.infer<typeof shipResultSchema>;

import { z } from 'zod';
import { customerSnapshotSchema, replyFields as f } from '../common.ts';

/** The fulfillment context's documents as zod schemas, with their types derived from them. */

export const DELIVERY_NOTE_STATUSES = ['open', 'shipped', 'cancelled'] as const;
export type DeliveryNoteStatus = (typeof DELIVERY_NOTE_STATUSES)[number];

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
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippedAt: f.timestamp.nullable(),
  createdAt: f.timestamp,
  version: f.version,
});
export type DeliveryNote = z.infer<typeof deliveryNoteSchema>;

/** What shipping a note answers: the note, and whether the shipped notes of its order now cover every ordered position. */
export const shipResultSchema = z.object({ deliveryNote: deliveryNoteSchema, orderComplete: z.boolean() });
export type ShipResult = z.infer<typeof shipResultSchema>;

import { z } from 'zod';
import { documentNumber, quantity, text } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { byNumber, keyed } from '../schemas.ts';
import { checkRange, documentFilters, pageOf, paging } from '../lists.ts';
import { customerSnapshotSchema, replyFields as f } from '../common.ts';

/**
 * Returns (Retouren, RMA): shipped goods of one order coming back. A return is
 * announced with its lines (order position, quantity, reason, condition), then
 * received by the warehouse: resaleable goods go back into stock, damaged goods
 * into the blocked warehouse; receiving emits `events.fulfillment.return.received`.
 */

export const RETURN_STATUSES = ['announced', 'received', 'cancelled'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** resaleable: back into stock, available to orders again; damaged: into the blocked warehouse (Sperrlager), never available. */
export const RETURN_CONDITIONS = ['resaleable', 'damaged'] as const;
export type ReturnCondition = (typeof RETURN_CONDITIONS)[number];

/**
 * One line of a new return: which order position comes back, how much, why and in what state. The
 * goods may instead (or as well) be named by the shipped delivery note they came with: its number,
 * and its line position when the note has more than one line of goods.
 */
export const returnRequestLineSchema = z
  .object({
    orderPosition: z.number().int().min(1).optional(),
    deliveryNoteNumber: documentNumber.optional(),
    deliveryNotePosition: z.number().int().min(1).optional(),
    quantity,
    reason: text(500, { multiline: true }),
    condition: z.enum(RETURN_CONDITIONS),
  })
  .superRefine((line, ctx) => {
    if (line.orderPosition === undefined && line.deliveryNoteNumber === undefined)
      ctx.addIssue({ code: 'custom', path: ['orderPosition'], message: 'give the order position or the delivery note (deliveryNoteNumber)' });
    if (line.deliveryNotePosition !== undefined && line.deliveryNoteNumber === undefined)
      ctx.addIssue({ code: 'custom', path: ['deliveryNoteNumber'], message: 'a delivery note position needs the delivery note number' });
  });
export type ReturnRequestLine = z.infer<typeof returnRequestLineSchema>;

export const returnRequestSchema = z.object({
  lines: z.array(returnRequestLineSchema).min(1).max(500),
  /** The customer's own reference, e.g. their RMA or complaint number. */
  reference: text(200).optional(),
});

export const returnListQuery = z
  .object({
    ...paging,
    ...documentFilters,
    status: z.enum(RETURN_STATUSES).optional(),
    orderNumber: documentNumber.optional(),
  })
  .superRefine(checkRange);

export const returnLineSchema = z.object({
  position: z.number().int().min(1),
  orderPosition: z.number().int().min(1),
  sku: z.string(),
  description: z.string(),
  quantity: f.decimal,
  unit: z.string(),
  reason: z.string(),
  condition: z.enum(RETURN_CONDITIONS),
  /** The shipped delivery note and its line the goods came with, when the return named them (else null). */
  deliveryNoteNumber: z.string().nullable(),
  deliveryNotePosition: z.number().int().nullable(),
  /** Where the goods were booked on receipt (null before, and for products the warehouse keeps no stock of). */
  warehouse: z.string().nullable(),
});
export type ReturnLine = z.infer<typeof returnLineSchema>;

export const goodsReturnSchema = z.object({
  number: f.ref,
  orderNumber: f.ref,
  status: z.enum(RETURN_STATUSES),
  customer: customerSnapshotSchema,
  reference: z.string().nullable(),
  lines: z.array(returnLineSchema),
  createdAt: f.timestamp,
  receivedAt: f.timestamp.nullable(),
  cancelledAt: f.timestamp.nullable(),
  version: f.version,
});
export type GoodsReturn = z.infer<typeof goodsReturnSchema>;

export const cancelReturnSchema = z.object({ reason: text(500, { multiline: true }).optional() });

/** The returns' commands and queries. */
export const ReturnCommands = {
  /** Announces a return of shipped quantities of an order; the order's lines come from the order service, the shipped quantities from the delivery notes. */
  create: defineCommand('fulfillment.return.create', returnRequestSchema.extend({ orderNumber: documentNumber, ...keyed }), goodsReturnSchema),
  /** The goods arrived: books them into stock (or the blocked warehouse) and emits the return-received event, once. */
  receive: defineCommand('fulfillment.return.receive', z.object({ number: documentNumber, ...keyed }), goodsReturnSchema),
  cancel: defineCommand('fulfillment.return.cancel', cancelReturnSchema.extend({ number: documentNumber, ...keyed }), goodsReturnSchema),
  get: defineCommand('fulfillment.return.get', byNumber, goodsReturnSchema),
  list: defineCommand('fulfillment.return.list', returnListQuery, pageOf(goodsReturnSchema)),
};

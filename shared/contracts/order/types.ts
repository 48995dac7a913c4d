import { z } from 'zod';
import { orderTypeSchema, positionQuantitySchema, pricedDocumentFields, pricedLineSchema, replyFields as f, supplierSchema } from '../common.ts';

/** The order context's documents as zod schemas, with their types derived from them. */

export const ORDER_STATUSES = ['open', 'partially_delivered', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const BILLING_STATUSES = ['unbilled', 'partially_billed', 'billed', 'paid'] as const;
export type BillingStatus = (typeof BILLING_STATUSES)[number];
/**
 * Whether the order's invoices are paid, from the order's own projection of invoicing events:
 * none (no live invoice yet), open (nothing paid), partial, paid (every live invoice), overdue
 * (a live invoice is past its due date, Europe/Berlin, and not paid in full).
 */
export const PAYMENT_STATUSES = ['none', 'open', 'partial', 'paid', 'overdue'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const orderLineSchema = z.object({ position: z.number().int().min(1), deliveredQuantity: f.decimal });
export type OrderLine = z.infer<typeof orderLineSchema>;

/** A Lieferplan line: this quantity of an order position is due on this date. */
export const scheduleLineSchema = positionQuantitySchema.extend({ date: f.date });
export type ScheduleLine = z.infer<typeof scheduleLineSchema>;

/** An order's priced line with what was cancelled of it (Teilstornierung) and what is still to ship. */
export const salesOrderLineSchema = pricedLineSchema.extend({
  /** Cancelled of the ordered quantity (never shipped); billing bills at most quantity − cancelledQuantity. The order service always sets it ("0"). */
  cancelledQuantity: f.decimal.optional(),
  /** quantity − cancelledQuantity − delivered (0 for charges, which are never shipped). The order service always sets it. */
  openQuantity: f.decimal.optional(),
});
export type SalesOrderLine = z.infer<typeof salesOrderLineSchema>;

export const salesOrderSchema = z.object({
  ...pricedDocumentFields,
  lines: z.array(salesOrderLineSchema),
  status: z.enum(ORDER_STATUSES),
  billingStatus: z.enum(BILLING_STATUSES),
  quoteNumber: z.string().nullable(),
  quoteRevision: z.number().int().min(1).nullable(),
  orderType: orderTypeSchema,
  /** Rush orders are handled the same day. */
  priority: z.enum(['normal', 'rush']),
  dueDate: f.date.nullable(),
  schedule: z.array(scheduleLineSchema),
  /** Drop-ship: the supplier who delivers straight to the customer. */
  supplier: supplierSchema.nullable(),
  /** Stocked goods may ship in parts, the rest waiting for stock (from the quote's content; default false). */
  allowBackorders: z.boolean(),
  createdBy: z.string(),
  /** Free labels (Etiketten), taken over from the quote; changed with POST /orders/{number}/attributes. */
  tags: z.array(z.string()).optional(),
  /** The staff member responsible (Bearbeiter), from the quote. */
  assignee: z.string().nullable().optional(),
  /** Where the order came from (Leadquelle), from the quote (or its customer). */
  leadSource: z.string().nullable().optional(),
  /** Payment status from the order's invoices (see PAYMENT_STATUSES). */
  paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
  /** Delivered quantity per position, projected from fulfillment events. */
  delivered: z.array(orderLineSchema),
  version: f.version,
});
export type SalesOrder = z.infer<typeof salesOrderSchema>;

import { z } from 'zod';
import { baseAmount, documentNumber, text } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { byNumber, keyed } from '../schemas.ts';
import { checkRange, documentFilters, pageOf, paging } from '../lists.ts';
import { Decimal } from 'decimal.js';
import { ORDER_TYPES } from '../common.ts';
import { checkContent, contentWithCustomer } from '../quote/commands.ts';
import { BILLING_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES, salesOrderSchema } from './types.ts';

/** The order context's commands and queries. */

/** An order entered directly (phone or counter sale): the same content, pricing and validation as a quote. */
export const newOrderSchema = contentWithCustomer.superRefine(checkContent);

/** The columns an order list sorts by; the order number breaks ties (in the same direction), so keyset paging is stable. */
export const ORDER_SORT_KEYS = ['priority', 'number', 'date', 'customer', 'total', 'netTotal', 'status', 'billingStatus', 'assignee'] as const;
export type OrderSortKey = (typeof ORDER_SORT_KEYS)[number];

/** A tag, an assignee or a lead source as a filter value. */
const label = text(100);

export const orderListQuery = z
  .object({
    ...paging,
    ...documentFilters,
    number: z
      .string()
      .regex(/^A(B(-\d{0,4}(-\d{0,20})?)?)?$/, 'must be an order number or its beginning, e.g. AB-2026-001')
      .optional()
      .describe('the order number or its beginning (AB-2026-001 finds AB-2026-00100 … AB-2026-00199)'),
    status: z.enum(ORDER_STATUSES).optional().describe('delivery status'),
    billingStatus: z.enum(BILLING_STATUSES).optional().describe('billing and payment status'),
    paymentStatus: z
      .enum(PAYMENT_STATUSES)
      .optional()
      .describe('none (no invoice yet), open (nothing paid), partial, paid, overdue (an unpaid invoice past its due date; open and partial exclude these)'),
    orderType: z.enum(ORDER_TYPES).optional(),
    priority: z.enum(['normal', 'rush']).optional(),
    quoteNumber: documentNumber.optional(),
    // The gateway parses the query string, the order service parses the parsed query again: take text or a list.
    tag: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',').map((t) => t.trim()) : v), z.array(label).min(1).max(10))
      .optional()
      .describe('comma-separated tags; orders carrying every one of them'),
    assignee: label.optional().describe('the responsible staff member (exact)'),
    leadSource: label.optional().describe('the lead source (exact)'),
    minTotal: baseAmount.optional().describe('total in EUR at least (net or gross, see totalBasis)'),
    maxTotal: baseAmount.optional().describe('total in EUR at most (net or gross, see totalBasis)'),
    totalBasis: z.enum(['net', 'gross']).default('gross').describe('which total minTotal and maxTotal compare: net or gross (default), in EUR'),
    sort: z.enum(ORDER_SORT_KEYS).default('priority').describe('sort column (default priority: rush orders first); ties by order number'),
    direction: z.enum(['asc', 'desc']).default('desc').describe('sort direction (default desc)'),
    cursor: z
      .string()
      .max(600)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be the nextCursor of the previous page')
      .optional()
      .describe("keyset paging: the previous page's nextCursor (with the same sort and direction); excludes offset"),
  })
  .superRefine((q, ctx) => {
    checkRange(q, ctx);
    if (q.minTotal && q.maxTotal && new Decimal(q.minTotal).gt(q.maxTotal)) {
      ctx.addIssue({ code: 'custom', path: ['maxTotal'], message: 'must not be below minTotal' });
    }
    if (q.cursor && q.offset) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'give either cursor or offset' });
  });

/** A page of orders: besides hasMore and nextOffset the number of all matching orders and the cursor of the next page (keyset paging). */
export const orderPageSchema = pageOf(salesOrderSchema).extend({
  total: z.number().int().min(0),
  nextCursor: z.string().nullable(),
});

/** Labels of an order that staff change after it is created (each field given changes; null clears). */
export const orderAttributesBody = z.object({
  tags: z.array(text(50)).max(30).optional(),
  assignee: text(100).nullable().optional(),
  leadSource: text(100).nullable().optional(),
  expectedVersion: z.number().int().min(1),
});

export const OrderCommands = {
  /** Converts an accepted quote: the caller names the quote (and the revision it converts); the order service reads the quote from its owner. */
  create: defineCommand(
    'order.create',
    z.object({ quoteNumber: documentNumber, revision: z.number().int().positive().optional(), ...keyed }),
    salesOrderSchema,
  ),
  get: defineCommand('order.get', byNumber, salesOrderSchema),
  /** Rush orders first, then newest first: the warehouse's work list. */
  list: defineCommand('order.list', orderListQuery, orderPageSchema),
  /** Changes tags, assignee or lead source (expectedVersion; audited with old and new values). */
  setAttributes: defineCommand('order.attributes.set', orderAttributesBody.extend({ number: documentNumber, ...keyed }), salesOrderSchema),
  cancel: defineCommand(
    'order.cancel',
    byNumber.extend({ reason: text(500, { min: 3, multiline: true }), expectedVersion: z.number().int().optional(), ...keyed }),
    salesOrderSchema,
  ),
  /** A direct order carries what the customer ordered; prices, discounts and taxes come from the quote service's pricing. */
  createDirect: defineCommand('order.create-direct', contentWithCustomer.extend(keyed).superRefine(checkContent), salesOrderSchema),
};

import { z } from 'zod';
import { documentNumber, text } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { byNumber, keyed } from '../schemas.ts';
import { checkRange, documentFilters, pageOf, paging } from '../lists.ts';
import { ORDER_TYPES } from '../common.ts';
import { checkContent, contentWithCustomer } from '../quote/commands.ts';
import { BILLING_STATUSES, ORDER_STATUSES, salesOrderSchema } from './types.ts';

/** The order context's commands and queries. */

/** An order entered directly (phone or counter sale): the same content, pricing and validation as a quote. */
export const newOrderSchema = contentWithCustomer.superRefine(checkContent);

export const orderListQuery = z
  .object({
    ...paging,
    ...documentFilters,
    status: z.enum(ORDER_STATUSES).optional().describe('delivery status'),
    billingStatus: z.enum(BILLING_STATUSES).optional().describe('billing and payment status'),
    orderType: z.enum(ORDER_TYPES).optional(),
    priority: z.enum(['normal', 'rush']).optional(),
    quoteNumber: documentNumber.optional(),
  })
  .superRefine(checkRange);

export const OrderCommands = {
  /** Converts an accepted quote: the caller names the quote (and the revision it converts); the order service reads the quote from its owner. */
  create: defineCommand(
    'order.create',
    z.object({ quoteNumber: documentNumber, revision: z.number().int().positive().optional(), ...keyed }),
    salesOrderSchema,
  ),
  get: defineCommand('order.get', byNumber, salesOrderSchema),
  /** Rush orders first, then newest first: the warehouse's work list. */
  list: defineCommand('order.list', orderListQuery, pageOf(salesOrderSchema)),
  cancel: defineCommand(
    'order.cancel',
    byNumber.extend({ reason: text(500, { min: 3, multiline: true }), expectedVersion: z.number().int().optional(), ...keyed }),
    salesOrderSchema,
  ),
  /** A direct order carries what the customer ordered; prices, discounts and taxes come from the quote service's pricing. */
  createDirect: defineCommand('order.create-direct', contentWithCustomer.extend(keyed).superRefine(checkContent), salesOrderSchema),
};

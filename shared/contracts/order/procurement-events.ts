import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';

/** Events of make-to-order lines: purchasing or production makes or buys the goods for the order. */

/**
 * A confirmed order has a make-to-order line: one event per line, recorded in
 * the order's create transaction, so purchasing or production hears of it once.
 */
export const ProcurementRequested = defineEvent(
  'events.order.procurement.requested',
  1,
  z.object({
    orderNumber: f.ref,
    orderPosition: z.number().int().min(1),
    productId: f.ref,
    sku: f.ref,
    description: z.string(),
    quantity: f.decimal,
    unit: z.string(),
    /** The date production promised the goods for; null when none was given. */
    promisedDate: z.iso.date().nullable(),
    customerNumber: f.ref,
  }),
);

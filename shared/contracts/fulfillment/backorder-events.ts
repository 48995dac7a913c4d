import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';

/** Events of backorders: quantities of an order that wait for stock. */

/**
 * Backorders were served: a goods receipt (or a return, or a positive correction) reserved stock for
 * backordered lines of an order, so that these positions no longer wait for
 * stock: they can ship. Recorded in the receipt's transaction, once per order.
 */
export const BackorderServed = defineEvent(
  'events.fulfillment.backorder.served',
  1,
  z.object({
    orderNumber: f.ref,
    /** Positions whose open quantity is now reserved in full. */
    positions: z.array(z.number().int().min(1)).min(1),
    /** What the receipt reserved per position. */
    lines: f.positionQuantities,
  }),
);

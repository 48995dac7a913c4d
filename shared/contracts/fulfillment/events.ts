import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';
import { RETURN_CONDITIONS } from './returns.ts';

/** Events of the fulfillment context: delivery notes and returns. */

export const DeliveryCreated = defineEvent(
  'events.fulfillment.delivery.created',
  1,
  z.object({
    number: f.ref,
    orderNumber: f.ref,
  }),
);

const shipped = z.object({
  number: f.ref,
  orderNumber: f.ref,
  lines: f.positionQuantities,
  shippedAt: f.timestamp,
});

/** Version 1, still read for events published before version 2. */
export const DeliveryShippedV1 = defineEvent('events.fulfillment.delivery.shipped', 1, shipped);

/** Version 2 adds whether the order's shipped notes now cover every ordered position: the fulfillment service decides it, once. */
export const DeliveryShipped = defineEvent('events.fulfillment.delivery.shipped', 2, shipped.extend({ orderComplete: z.boolean() }));

/**
 * A return's goods arrived and were booked: what the billing side turns into a credit note
 * (Rechnungskorrektur) for exactly these quantities per order position.
 */
export const ReturnReceived = defineEvent(
  'events.fulfillment.return.received',
  1,
  z.object({
    number: f.ref,
    orderNumber: f.ref,
    receivedAt: f.timestamp,
    lines: z.array(z.object({ orderPosition: z.number().int().min(1), quantity: f.decimal, condition: z.enum(RETURN_CONDITIONS) })),
  }),
);

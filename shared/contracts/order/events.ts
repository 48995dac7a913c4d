import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';
import { ORDER_TYPES } from '../common.ts';

/** Events of the order context. */

export const OrderCreated = defineEvent(
  'events.order.order.created',
  1,
  z.object({
    number: f.ref,
    /** Null for an order entered directly. */
    quoteNumber: f.ref.nullable(),
    orderType: z.enum(ORDER_TYPES),
    gross: f.decimal,
    currency: f.currency,
    customerNumber: f.ref,
    grossBase: f.decimal,
    createdBy: f.ref,
  }),
);

export const OrderCancelled = defineEvent(
  'events.order.order.cancelled',
  1,
  z.object({
    number: f.ref,
    reason: z.string(),
  }),
);

const deliveryOfOrder = z.object({ number: f.ref, deliveryNoteNumber: f.ref });

/** A shipment left, and some ordered quantity is still open. */
export const OrderPartiallyDelivered = defineEvent('events.order.order.partially_delivered', 1, deliveryOfOrder);
/** A shipment left, and with it every ordered quantity. */
export const OrderDelivered = defineEvent('events.order.order.delivered', 1, deliveryOfOrder);
/** Goods left for an order that had been cancelled: recorded, the order stays cancelled, staff decide. */
export const OrderDeliveredAfterCancellation = defineEvent('events.order.order.delivered_after_cancellation', 1, deliveryOfOrder);

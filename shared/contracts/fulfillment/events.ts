import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';

/** Events of the fulfillment context: delivery notes. */

export const DeliveryCreated = defineEvent('events.fulfillment.delivery.created', 1, z.object({
  number: f.ref,
  orderNumber: f.ref,
}));

export const DeliveryShipped = defineEvent('events.fulfillment.delivery.shipped', 1, z.object({
  number: f.ref,
  orderNumber: f.ref,
  lines: f.positionQuantities,
  shippedAt: f.timestamp,
}));

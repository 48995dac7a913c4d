import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../shared/nats/rpc.ts';
import { FulfillmentCommands, type DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import { recordNotification, type NewNotification } from './notifications.ts';
import { SHIPPING_METHOD_NAMES } from './view-models.ts';
import type { ShippedHook } from './render-jobs.ts';

/** What the customer is told when a note ships: the carrier, the tracking number and what is on its way. */
export function deliveryNotice(note: DeliveryNote): NewNotification {
  const method = note.shippingMethod ? SHIPPING_METHOD_NAMES[note.shippingMethod] : null;
  const tracking = note.trackingNumber ? `, Sendungsnummer ${note.trackingNumber}` : '';
  return {
    recipient: `customer:${note.customer.number}`,
    kind: 'delivery_notice',
    subject: `Ihre Lieferung ${note.number} zu Auftrag ${note.orderNumber} ist unterwegs${note.carrier ? ` (${note.carrier}${tracking})` : tracking}`.slice(
      0,
      500,
    ),
    documentNumber: note.number,
    details: {
      orderNumber: note.orderNumber,
      shippingMethod: note.shippingMethod,
      shippingMethodName: method,
      carrier: note.carrier,
      trackingNumber: note.trackingNumber,
      shippedAt: note.shippedAt,
      lines: note.lines.map((l) => ({
        position: l.position,
        orderPosition: l.orderPosition,
        sku: l.sku,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
      })),
    },
  };
}

/**
 * Records the customer's delivery notice when a note ships (the e-mail itself is
 * later work), once per shipment: it runs in the shipped event's consumer, whose
 * inbox skips a redelivered event. The note's details are read from its owner.
 */
export function recordDeliveryNotice(nats: () => NatsConnection): ShippedHook {
  return async (tx, event) => {
    const note = await call(nats(), FulfillmentCommands.get, { number: event.data.number });
    // Notes shipped before shipping methods were recorded got no notice then; replaying the stream's history must not send one now.
    if (!note.shippingMethod) return;
    await recordNotification(tx, deliveryNotice(note));
  };
}

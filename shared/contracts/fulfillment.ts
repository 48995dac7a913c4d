import type { CustomerSnapshot } from './common.ts';

export const FulfillmentSubjects = {
  create: 'fulfillment.delivery.create',
  ship: 'fulfillment.delivery.ship',
  get: 'fulfillment.delivery.get',
  list: 'fulfillment.delivery.list',
  health: 'fulfillment.health',
} as const;

export type DeliveryNoteStatus = 'open' | 'shipped' | 'cancelled';

export interface DeliveryLine {
  position: number;
  /** The order position this line ships. */
  orderPosition: number;
  sku: string;
  description: string;
  quantity: string;
  unit: string;
}

export interface DeliveryNote {
  number: string;
  orderNumber: string;
  status: DeliveryNoteStatus;
  customer: CustomerSnapshot;
  lines: DeliveryLine[];
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  createdAt: string;
  version: number;
}

/** What shipping a note answers: the note, and whether the shipped notes of its order now cover every ordered position. */
export interface ShipResult {
  deliveryNote: DeliveryNote;
  orderComplete: boolean;
}

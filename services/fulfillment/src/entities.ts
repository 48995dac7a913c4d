import { EntitySchema } from '@mikro-orm/core';
import type { CustomerSnapshot } from '../../../shared/contracts/common.ts';
import type { DeliveryLine, DeliveryNoteStatus, ShippingMethod } from '../../../shared/contracts/fulfillment/index.ts';

export interface DeliveryNoteRow {
  id: string;
  number: string;
  orderNumber: string;
  status: DeliveryNoteStatus;
  customer: CustomerSnapshot;
  lines: DeliveryLine[];
  shippingMethod?: ShippingMethod | null;
  carrier?: string | null;
  trackingNumber?: string | null;
  shippedAt?: Date | null;
  /** The date the goods arrived, YYYY-MM-DD. */
  deliveredOn?: string | null;
  createdAt: Date;
  version: number;
}

export const DeliveryNoteEntity = new EntitySchema<DeliveryNoteRow>({
  name: 'DeliveryNote',
  tableName: 'delivery_note',
  properties: {
    id: { type: 'string', primary: true },
    number: { type: 'string', unique: true },
    orderNumber: { type: 'string' },
    status: { type: 'string' },
    customer: { type: 'json' },
    lines: { type: 'json' },
    shippingMethod: { type: 'string', nullable: true },
    carrier: { type: 'string', nullable: true },
    trackingNumber: { type: 'string', nullable: true },
    shippedAt: { type: 'datetime', nullable: true },
    deliveredOn: { type: 'string', columnType: 'date', nullable: true },
    createdAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});

import { EntitySchema } from '@mikro-orm/core';
import type { CustomerSnapshot } from '../../../shared/contracts/common.ts';
import type { DeliveryLine, DeliveryNoteStatus, ReturnLine, ReturnStatus, ShippingMethod } from '../../../shared/contracts/fulfillment/index.ts';

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

export interface GoodsReturnRow {
  id: string;
  number: string;
  orderNumber: string;
  status: ReturnStatus;
  customer: CustomerSnapshot;
  reference?: string | null;
  lines: ReturnLine[];
  createdAt: Date;
  receivedAt?: Date | null;
  cancelledAt?: Date | null;
  version: number;
}

/** A return (Retoure, RT) of shipped goods of one order. */
export const GoodsReturnEntity = new EntitySchema<GoodsReturnRow>({
  name: 'GoodsReturn',
  tableName: 'goods_return',
  properties: {
    id: { type: 'string', primary: true },
    number: { type: 'string', unique: true },
    orderNumber: { type: 'string' },
    status: { type: 'string' },
    customer: { type: 'json' },
    reference: { type: 'string', nullable: true },
    lines: { type: 'json' },
    createdAt: { type: 'datetime' },
    receivedAt: { type: 'datetime', nullable: true },
    cancelledAt: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
  },
});

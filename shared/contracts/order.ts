import type { PricedDocument } from './common.ts';

export const OrderSubjects = {
  create: 'order.create',
  get: 'order.get',
  list: 'order.list',
  cancel: 'order.cancel',
  health: 'order.health',
} as const;

export type OrderStatus = 'open' | 'partially_delivered' | 'delivered' | 'cancelled';
export type BillingStatus = 'unbilled' | 'partially_billed' | 'billed' | 'paid';

export interface OrderLine {
  position: number;
  deliveredQuantity: string;
}

export interface SalesOrder extends PricedDocument {
  status: OrderStatus;
  billingStatus: BillingStatus;
  quoteNumber: string | null;
  /** Delivered quantity per position, projected from fulfillment events. */
  delivered: OrderLine[];
  version: number;
}
